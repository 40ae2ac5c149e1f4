import { isJsonContent, isObject, MockServer, type Recorded, type Reply } from './http.js';

export interface JiraIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  issuetype: string;
  labels: string[];
  duedate?: string;
  priority?: string;
  assignee?: string;
  status: 'To Do' | 'In Progress' | 'Done';
  properties: Record<string, unknown>;
  comments: Array<{ id: string; body: unknown; properties: Array<{ key: string; value: unknown }> }>;
  created: number;
}

const CATEGORY: Record<JiraIssue['status'], string> = { 'To Do': 'new', 'In Progress': 'indeterminate', Done: 'done' };
const TRANSITIONS = [
  { id: '11', name: 'Back to do', to: 'To Do' as const },
  { id: '21', name: 'Start progress', to: 'In Progress' as const },
  { id: '31', name: 'Done', to: 'Done' as const },
];

/** ADF nodes and marks keyward may use, as the ADF structure documentation defines them. */
const BLOCKS = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'codeBlock', 'rule', 'blockquote', 'panel', 'expand']);
const MARKS = new Set(['strong', 'em', 'code', 'link', 'strike', 'underline']);

/**
 * The parts of the Jira Cloud REST API v3 keyward uses (developer.atlassian.com/cloud/jira/platform/rest/v3):
 * GET project, GET search/jql (enhanced search; JQL "project = X AND labels = Y"), POST issue
 * (ADF description, labels, duedate, properties), GET issue (fields, properties), comments
 * (list with expand=properties, add with properties), transitions. Auth: Basic email:api-token.
 */
export class JiraMock extends MockServer {
  readonly issues: JiraIssue[] = [];
  private nextId = 10000;
  /** Jira search is eventually consistent: issues created within this many ms are not found yet. */
  indexLagMs = 0;
  /** False: the Due date field is not on the create screen (Jira then refuses it). */
  dueDateOnScreen = true;

  constructor(
    readonly email: string,
    readonly apiToken: string,
    readonly projectKey = 'SEC',
  ) {
    super();
  }

  setStatus(key: string, status: JiraIssue['status']): void {
    const i = this.issues.find((x) => x.key === key);
    if (!i) throw new Error(`no issue ${key}`);
    i.status = status;
  }

  protected handle(r: Recorded): Reply {
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
    if (r.headers.authorization !== expected) return { status: 401, body: 'Client must be authenticated to access this resource.', headers: { 'content-type': 'text/html' } };
    if (r.method === 'POST' && (!isJsonContent(r) || !isObject(r.json))) return this.violation(r, 'body must be JSON', { status: 415, body: { errorMessages: ['Unsupported Media Type'] } });
    const p = r.path;
    let m: RegExpExecArray | null;

    if ((m = /^\/rest\/api\/3\/project\/([^/]+)$/.exec(p)) && r.method === 'GET') {
      if (decodeURIComponent(m[1]!) !== this.projectKey) return { status: 404, body: { errorMessages: [`No project could be found with key '${decodeURIComponent(m[1]!)}'.`], errors: {} } };
      return { status: 200, body: { id: '10001', key: this.projectKey, name: 'Security' } };
    }
    if (p === '/rest/api/3/search/jql' && r.method === 'GET') return this.search(r);
    if (p === '/rest/api/3/search' ) return this.violation(r, 'the old search endpoint is removed from Jira Cloud', { status: 410, body: { errorMessages: ['The requested API has been removed. Please migrate to /rest/api/3/search/jql.'] } });
    if (p === '/rest/api/3/issue' && r.method === 'POST') return this.create(r);

    if (!(m = /^\/rest\/api\/3\/issue\/([^/]+)(\/comment|\/transitions)?$/.exec(p))) return { status: 404, body: { errorMessages: ['Not found'] } };
    const issue = this.issues.find((i) => i.key === decodeURIComponent(m![1]!) || i.id === m![1]);
    if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
    const sub = m[2];
    if (!sub && r.method === 'GET') return { status: 200, body: this.json(issue, fieldsOf(r), (r.query.get('properties') ?? '').split(',').filter(Boolean)) };
    if (sub === '/comment' && r.method === 'GET') {
      const startAt = Number(r.query.get('startAt') ?? 0);
      const max = Math.min(100, Number(r.query.get('maxResults') ?? 50));
      const expandProps = (r.query.get('expand') ?? '').split(',').includes('properties');
      const page = issue.comments.slice(startAt, startAt + max);
      return {
        status: 200,
        body: { startAt, maxResults: max, total: issue.comments.length, comments: page.map((c) => ({ id: c.id, body: c.body, ...(expandProps ? { properties: c.properties } : {}) })) },
      };
    }
    if (sub === '/comment' && r.method === 'POST') {
      const b = r.json as Record<string, unknown>;
      const bad = adfProblem(b.body);
      if (bad) return this.violation(r, `comment body: ${bad}`, { status: 400, body: { errorMessages: [], errors: { comment: 'Comment body is not valid!' } } });
      const props = propertiesOf(b.properties);
      if (props === undefined) return this.violation(r, 'properties must be [{key, value}]');
      const c = { id: String(this.nextId++), body: b.body, properties: props };
      issue.comments.push(c);
      return { status: 201, body: { id: c.id, body: c.body } };
    }
    if (sub === '/transitions' && r.method === 'GET') {
      return {
        status: 200,
        body: { transitions: TRANSITIONS.filter((t) => t.to !== issue.status).map((t) => ({ id: t.id, name: t.name, to: { name: t.to, statusCategory: { key: CATEGORY[t.to] } } })) },
      };
    }
    if (sub === '/transitions' && r.method === 'POST') {
      const id = (r.json as { transition?: { id?: unknown } }).transition?.id;
      const t = TRANSITIONS.find((x) => x.id === id && x.to !== issue.status);
      if (!t) return { status: 400, body: { errorMessages: [`Transition id '${String(id)}' is not valid for this issue.`], errors: {} } };
      issue.status = t.to;
      return { status: 204 };
    }
    return { status: 405, body: { errorMessages: ['Method not allowed'] } };
  }

  private search(r: Recorded): Reply {
    const jql = r.query.get('jql') ?? '';
    const m = /^project\s*=\s*"?([A-Z0-9_]+)"?\s+AND\s+labels\s*=\s*"?([^"\s]+)"?(?:\s+ORDER BY\s+created\s+(ASC|DESC))?$/i.exec(jql.trim());
    if (!m) return this.violation(r, `unsupported JQL ${jql}`, { status: 400, body: { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} } });
    if (!r.query.get('fields')?.split(',').includes('status')) this.violation(r, 'search without fields=status returns no status');
    const now = Date.now();
    let list = this.issues.filter((i) => m[1] === this.projectKey && i.labels.includes(m[2]!) && now - i.created >= this.indexLagMs);
    if ((m[3] ?? 'ASC').toUpperCase() === 'DESC') list = [...list].reverse();
    const max = Math.min(5000, Number(r.query.get('maxResults') ?? 50));
    const props = (r.query.get('properties') ?? '').split(',').filter(Boolean);
    return { status: 200, body: { issues: list.slice(0, max).map((i) => this.json(i, fieldsOf(r), props)), isLast: list.length <= max } };
  }

  private create(r: Recorded): Reply {
    const b = r.json as { fields?: Record<string, unknown>; properties?: unknown };
    const f = b.fields;
    if (!isObject(f)) return this.violation(r, 'no fields', { status: 400, body: { errorMessages: ['fields is required'], errors: {} } });
    const errors: Record<string, string> = {};
    if (!isObject(f.project) || f.project.key !== this.projectKey) errors.project = 'valid project is required';
    if (typeof f.summary !== 'string' || !f.summary) errors.summary = 'You must specify a summary of the issue.';
    else if (f.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    else if (/[\r\n]/.test(f.summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
    if (!isObject(f.issuetype) || !['Task', 'Bug'].includes(String(f.issuetype.name))) errors.issuetype = 'Specify a valid issue type';
    const bad = adfProblem(f.description);
    if (bad) errors.description = `Operation value must be an Atlassian Document (${bad})`;
    if (f.labels !== undefined && (!Array.isArray(f.labels) || !f.labels.every((l) => typeof l === 'string' && l && !/\s/.test(l) && l.length <= 255))) errors.labels = 'Labels cannot contain spaces';
    if (f.duedate !== undefined && !this.dueDateOnScreen) errors.duedate = "Field 'duedate' cannot be set. It is not on the appropriate screen, or unknown.";
    else if (f.duedate !== undefined && !(typeof f.duedate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(f.duedate))) errors.duedate = 'Error parsing date string';
    if (f.priority !== undefined && !(isObject(f.priority) && typeof f.priority.name === 'string')) errors.priority = 'Priority name is invalid';
    if (f.assignee !== undefined && !(isObject(f.assignee) && typeof f.assignee.accountId === 'string')) errors.assignee = 'Specify the accountId';
    for (const k of Object.keys(f)) if (!['project', 'summary', 'issuetype', 'description', 'labels', 'duedate', 'priority', 'assignee'].includes(k)) errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
    const props = propertiesOf(b.properties);
    if (props === undefined) return this.violation(r, 'properties must be [{key, value}]');
    if (Object.keys(errors).length > 0) {
      this.violations.push(`POST issue rejected: ${JSON.stringify(errors)}`);
      return { status: 400, body: { errorMessages: [], errors } };
    }
    const id = String(this.nextId++);
    const issue: JiraIssue = {
      id,
      key: `${this.projectKey}-${this.issues.length + 1}`,
      summary: f.summary as string,
      description: f.description,
      issuetype: String((f.issuetype as { name: string }).name),
      labels: (f.labels as string[] | undefined) ?? [],
      duedate: f.duedate as string | undefined,
      priority: (f.priority as { name?: string } | undefined)?.name,
      assignee: (f.assignee as { accountId?: string } | undefined)?.accountId,
      status: 'To Do',
      properties: Object.fromEntries(props.map((x) => [x.key, x.value])),
      comments: [],
      created: Date.now(),
    };
    this.issues.push(issue);
    return { status: 201, body: { id, key: issue.key, self: `${this.url}/rest/api/3/issue/${id}` } };
  }

  private json(i: JiraIssue, fields: string[], props: string[]): Record<string, unknown> {
    const all: Record<string, unknown> = {
      status: { name: i.status, statusCategory: { key: CATEGORY[i.status] } },
      labels: i.labels,
      summary: i.summary,
      duedate: i.duedate ?? null,
    };
    const out: Record<string, unknown> = { id: i.id, key: i.key, self: `${this.url}/rest/api/3/issue/${i.id}`, fields: Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])) };
    if (props.length > 0) out.properties = Object.fromEntries(props.filter((p) => p in i.properties).map((p) => [p, i.properties[p]]));
    return out;
  }
}

function fieldsOf(r: Recorded): string[] {
  return (r.query.get('fields') ?? '').split(',').filter(Boolean);
}

function propertiesOf(v: unknown): Array<{ key: string; value: unknown }> | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => isObject(x) && typeof x.key === 'string' && x.key.length <= 255 && 'value' in x)) return undefined;
  return v as Array<{ key: string; value: unknown }>;
}

/** Why a value is not a valid ADF document (undefined if it is). */
export function adfProblem(doc: unknown): string | undefined {
  if (!isObject(doc) || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) return 'not a doc node with version 1';
  const walk = (n: unknown, inline: boolean): string | undefined => {
    if (!isObject(n) || typeof n.type !== 'string') return 'node without type';
    if (n.type === 'text') {
      if (typeof n.text !== 'string' || n.text.length === 0) return 'empty text node';
      if (n.marks !== undefined) {
        if (!Array.isArray(n.marks)) return 'marks not an array';
        for (const mk of n.marks) {
          if (!isObject(mk) || !MARKS.has(String(mk.type))) return `unknown mark ${JSON.stringify(mk)}`;
          if (mk.type === 'link' && !(isObject(mk.attrs) && typeof mk.attrs.href === 'string')) return 'link without href';
        }
        const types = n.marks.map((mk) => (mk as { type: string }).type);
        if (types.includes('code') && types.some((t) => t !== 'code' && t !== 'link')) return 'code mark combined with formatting';
      }
      return undefined;
    }
    if (inline) return `block ${n.type} inside inline content`;
    if (!BLOCKS.has(n.type)) return `unknown node ${n.type}`;
    if (n.type === 'heading' && !(isObject(n.attrs) && [1, 2, 3, 4, 5, 6].includes(Number(n.attrs.level)))) return 'heading without level';
    const content = n.content;
    if (content === undefined) return undefined;
    if (!Array.isArray(content)) return 'content not an array';
    if ((n.type === 'bulletList' || n.type === 'orderedList') && !content.every((c) => isObject(c) && c.type === 'listItem')) return 'list with non-listItem child';
    const childInline = n.type === 'paragraph' || n.type === 'heading';
    for (const c of content) {
      const p = walk(c, childInline);
      if (p) return p;
    }
    return undefined;
  };
  for (const c of doc.content) {
    const p = walk(c, false);
    if (p) return p;
  }
  return undefined;
}
