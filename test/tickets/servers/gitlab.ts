import { isJsonContent, isObject, MockServer, paginate, type Recorded, type Reply } from './http.js';

export interface GlIssue {
  id: number;
  iid: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  labels: string[];
  assignee_ids: number[];
  due_date: string | null;
  notes: Array<{ id: number; body: string; system: boolean }>;
  created_at: string;
}

/**
 * The parts of the GitLab REST API v4 keyward uses (docs.gitlab.com/api/issues, /api/notes):
 * GET /projects/:id (id or URL-encoded path), issues list (labels, state, order_by, sort,
 * pagination), create, show, edit (state_event), notes list/create. Auth: PRIVATE-TOKEN.
 */
export class GitlabMock extends MockServer {
  readonly issues: GlIssue[] = [];
  private nextId = 500;
  issuesEnabled = true;

  constructor(
    readonly token: string,
    readonly projectPath = 'acme/platform/app',
    readonly projectId = 42,
  ) {
    super();
  }

  closeIssue(iid: number): void {
    const i = this.issues.find((x) => x.iid === iid);
    if (!i) throw new Error(`no issue ${iid}`);
    i.state = 'closed';
    i.notes.push({ id: this.nextId++, body: 'closed', system: true });
  }

  protected handle(r: Recorded): Reply {
    if (r.headers['private-token'] !== this.token && r.headers.authorization !== `Bearer ${this.token}`) {
      return { status: 401, body: { message: '401 Unauthorized' } };
    }
    if ((r.method === 'POST' || r.method === 'PUT') && (!isJsonContent(r) || !isObject(r.json))) {
      return this.violation(r, 'body must be JSON', { status: 400, body: { error: 'body is invalid' } });
    }
    // The raw path keeps %2F: GitLab takes a project path URL-encoded in one segment.
    const m = /^\/api\/v4\/projects\/([^/]+)(\/.*)?$/.exec(r.path);
    if (!m) return { status: 404, body: { error: '404 Not Found' } };
    const id = decodeURIComponent(m[1]!);
    if (id !== this.projectPath && id !== String(this.projectId)) return { status: 404, body: { message: '404 Project Not Found' } };
    const rest = m[2] ?? '';

    if (rest === '' && r.method === 'GET') {
      return { status: 200, body: { id: this.projectId, path_with_namespace: this.projectPath, web_url: `https://gitlab.example.com/${this.projectPath}`, issues_enabled: this.issuesEnabled } };
    }
    if (rest === '/issues' && r.method === 'GET') {
      const state = r.query.get('state') ?? 'all';
      if (!['opened', 'closed', 'all'].includes(state)) return { status: 400, body: { error: 'state does not have a valid value' } };
      const labels = (r.query.get('labels') ?? '').split(',').filter(Boolean);
      let list = this.issues.filter((i) => (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)));
      const asc = (r.query.get('sort') ?? 'desc') === 'asc';
      list = [...list].sort((a, b) => (asc ? a.iid - b.iid : b.iid - a.iid));
      const { page, headers } = paginate(list, r, this.url, { defaultPer: 20, maxPer: 100 });
      return { status: 200, body: page.map((i) => this.json(i)), headers };
    }
    if (rest === '/issues' && r.method === 'POST') {
      const b = r.json as Record<string, unknown>;
      if (typeof b.title !== 'string' || !b.title) return { status: 400, body: { error: 'title is missing' } };
      if (b.description !== undefined && typeof b.description !== 'string') return this.violation(r, 'description must be a string');
      if (typeof b.description === 'string' && b.description.length > 1_048_576) return { status: 400, body: { message: { description: ['is too long'] } } };
      let labels: string[] = [];
      if (typeof b.labels === 'string') labels = b.labels.split(',').map((l) => l.trim()).filter(Boolean);
      else if (Array.isArray(b.labels)) labels = b.labels.map(String);
      else if (b.labels !== undefined) return this.violation(r, 'labels must be a comma-separated string or an array');
      if (b.assignee_ids !== undefined && (!Array.isArray(b.assignee_ids) || !b.assignee_ids.every((n) => Number.isInteger(n)))) return this.violation(r, 'assignee_ids must be integers');
      if (b.due_date !== undefined && !(typeof b.due_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b.due_date))) return this.violation(r, 'due_date must be YYYY-MM-DD', { status: 400, body: { error: 'due_date is invalid' } });
      for (const k of Object.keys(b)) if (!['title', 'description', 'labels', 'assignee_ids', 'due_date', 'confidential'].includes(k)) this.violation(r, `unexpected field ${k}`);
      const issue: GlIssue = {
        id: this.nextId++,
        iid: this.issues.length + 1,
        title: b.title,
        description: (b.description as string | undefined) ?? null,
        state: 'opened',
        labels: [...new Set(labels)],
        assignee_ids: (b.assignee_ids as number[] | undefined) ?? [],
        due_date: (b.due_date as string | undefined) ?? null,
        notes: [],
        created_at: new Date().toISOString(),
      };
      this.issues.push(issue);
      return { status: 201, body: this.json(issue) };
    }
    const im = /^\/issues\/(\d+)(\/notes)?$/.exec(rest);
    if (!im) return { status: 404, body: { error: '404 Not Found' } };
    const issue = this.issues.find((i) => i.iid === Number(im[1]));
    if (!issue) return { status: 404, body: { message: '404 Not found' } };
    if (!im[2] && r.method === 'GET') return { status: 200, body: this.json(issue) };
    if (!im[2] && r.method === 'PUT') {
      const b = r.json as Record<string, unknown>;
      if (b.state_event !== undefined) {
        if (b.state_event !== 'reopen' && b.state_event !== 'close') return { status: 400, body: { error: 'state_event does not have a valid value' } };
        const next = b.state_event === 'reopen' ? 'opened' : 'closed';
        if (issue.state !== next) issue.notes.push({ id: this.nextId++, body: b.state_event === 'reopen' ? 'reopened' : 'closed', system: true });
        issue.state = next;
      }
      return { status: 200, body: this.json(issue) };
    }
    if (im[2] && r.method === 'GET') {
      const { page, headers } = paginate(issue.notes, r, this.url, { defaultPer: 20, maxPer: 100 });
      return { status: 200, body: page.map((n) => ({ id: n.id, body: n.body, system: n.system, noteable_iid: issue.iid })), headers };
    }
    if (im[2] && r.method === 'POST') {
      const b = r.json as Record<string, unknown>;
      if (typeof b.body !== 'string' || !b.body) return { status: 400, body: { error: 'body is missing' } };
      const n = { id: this.nextId++, body: b.body, system: false };
      issue.notes.push(n);
      return { status: 201, body: { ...n, noteable_iid: issue.iid } };
    }
    return { status: 405, body: { error: '405 Method Not Allowed' } };
  }

  private json(i: GlIssue): Record<string, unknown> {
    return {
      id: i.id,
      iid: i.iid,
      project_id: this.projectId,
      title: i.title,
      description: i.description,
      state: i.state,
      labels: i.labels,
      assignees: i.assignee_ids.map((id) => ({ id })),
      due_date: i.due_date,
      web_url: `https://gitlab.example.com/${this.projectPath}/-/issues/${i.iid}`,
      created_at: i.created_at,
      user_notes_count: i.notes.filter((n) => !n.system).length,
    };
  }
}
