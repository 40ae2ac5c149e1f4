import { isJsonContent, isObject, MockServer, paginate, type Recorded, type Reply } from './http.js';

export interface GhIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  comments: Array<{ id: number; body: string }>;
  pull_request?: { url: string };
  created_at: string;
}

/**
 * The parts of the GitHub REST API keyward uses, as documented at docs.github.com/rest:
 * repos.get, issues.listForRepo (labels filter, state default "open", pagination),
 * issues.create/get/update, issues.listComments/createComment.
 */
export class GithubMock extends MockServer {
  readonly issues: GhIssue[] = [];
  private nextId = 1000;
  hasIssues = true;

  constructor(
    readonly token: string,
    readonly owner = 'acme',
    readonly repo = 'app',
  ) {
    super();
  }

  /** Closes an issue as a person would in the UI. */
  closeIssue(number: number): void {
    const i = this.issues.find((x) => x.number === number);
    if (!i) throw new Error(`no issue ${number}`);
    i.state = 'closed';
  }

  /** Adds a pull request carrying a label: the issues endpoint lists pull requests too. */
  addPullRequest(label: string): void {
    const number = this.issues.length + 1;
    this.issues.push({ id: this.nextId++, number, title: 'a PR', body: null, state: 'open', labels: [label], assignees: [], comments: [], pull_request: { url: `${this.url}/pulls/${number}` }, created_at: new Date().toISOString() });
  }

  /** Deletes an issue (an admin can): GitHub then answers 410 Gone for it. */
  deleteIssue(number: number): void {
    const idx = this.issues.findIndex((x) => x.number === number);
    this.deleted.add(number);
    this.issues.splice(idx, 1, { ...this.issues[idx]!, labels: [], state: 'closed', pull_request: { url: 'deleted' } });
  }

  private readonly deleted = new Set<number>();

  tickets(): GhIssue[] {
    return this.issues.filter((i) => !i.pull_request);
  }

  protected handle(r: Recorded): Reply {
    const auth = String(r.headers.authorization ?? '');
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    }
    if (!/keyward\//.test(String(r.headers['user-agent'] ?? ''))) return this.violation(r, 'missing User-Agent', { status: 403, body: { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header' } });
    if (!/application\/vnd\.github/.test(String(r.headers.accept ?? ''))) this.violation(r, `accept header ${String(r.headers.accept)}`);
    if ((r.method === 'POST' || r.method === 'PATCH') && (!isJsonContent(r) || !isObject(r.json))) {
      return this.violation(r, 'body must be a JSON object with content-type application/json', { status: 400, body: { message: 'Problems parsing JSON' } });
    }

    const base = `/repos/${this.owner}/${this.repo}`;
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(r.path);
    if (!m) return { status: 404, body: { message: 'Not Found' } };
    if (m[1] !== this.owner || m[2] !== this.repo) return { status: 404, body: { message: 'Not Found' } };
    const rest = m[3] ?? '';

    if (rest === '' && r.method === 'GET') {
      return { status: 200, body: { id: 1, name: this.repo, full_name: `${this.owner}/${this.repo}`, has_issues: this.hasIssues, html_url: `https://github.com/${this.owner}/${this.repo}` } };
    }
    if (rest === '/issues' && r.method === 'GET') {
      const state = r.query.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state)) return { status: 422, body: { message: 'Validation Failed' } };
      const labels = (r.query.get('labels') ?? '').split(',').filter(Boolean);
      let list = this.issues.filter((i) => !this.deleted.has(i.number) && (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)));
      const asc = (r.query.get('direction') ?? 'desc') === 'asc';
      list = [...list].sort((a, b) => (asc ? a.number - b.number : b.number - a.number));
      const { page, headers } = paginate(list, r, this.url, { defaultPer: 30, maxPer: 100 });
      return { status: 200, body: page.map((i) => this.json(i)), headers };
    }
    if (rest === '/issues' && r.method === 'POST') {
      const b = r.json as Record<string, unknown>;
      if (typeof b.title !== 'string' || !b.title) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] } };
      if (b.body !== undefined && typeof b.body !== 'string') return this.violation(r, 'body must be a string', { status: 422, body: { message: 'Validation Failed' } });
      if (typeof b.body === 'string' && b.body.length > 65536) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] } };
      if (b.labels !== undefined && (!Array.isArray(b.labels) || !b.labels.every((l) => typeof l === 'string' && l.length > 0 && l.length <= 50))) {
        return this.violation(r, 'labels must be strings of 1-50 characters', { status: 422, body: { message: 'Validation Failed' } });
      }
      if (b.assignees !== undefined && (!Array.isArray(b.assignees) || !b.assignees.every((a) => typeof a === 'string'))) return this.violation(r, 'assignees must be logins');
      for (const k of Object.keys(b)) if (!['title', 'body', 'labels', 'assignees', 'milestone', 'type'].includes(k)) this.violation(r, `unknown field ${k}`);
      const issue: GhIssue = {
        id: this.nextId++,
        number: this.issues.length + 1,
        title: b.title,
        body: (b.body as string | undefined) ?? null,
        state: 'open',
        labels: [...new Set((b.labels as string[] | undefined) ?? [])],
        assignees: (b.assignees as string[] | undefined) ?? [],
        comments: [],
        created_at: new Date().toISOString(),
      };
      this.issues.push(issue);
      return { status: 201, body: this.json(issue), headers: { location: `${this.url}${base}/issues/${issue.number}` } };
    }
    const im = /^\/issues\/(\d+)(\/comments)?$/.exec(rest);
    if (!im) return { status: 404, body: { message: 'Not Found' } };
    if (this.deleted.has(Number(im[1]))) return { status: 410, body: { message: 'This issue was deleted' } };
    const issue = this.issues.find((i) => i.number === Number(im[1]));
    if (!issue) return { status: 404, body: { message: 'Not Found' } };
    if (!im[2] && r.method === 'GET') return { status: 200, body: this.json(issue) };
    if (!im[2] && r.method === 'PATCH') {
      const b = r.json as Record<string, unknown>;
      if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') return { status: 422, body: { message: 'Validation Failed' } };
      if (b.state) issue.state = b.state as 'open' | 'closed';
      return { status: 200, body: this.json(issue) };
    }
    if (im[2] && r.method === 'GET') {
      const { page, headers } = paginate(issue.comments, r, this.url, { defaultPer: 30, maxPer: 100 });
      return { status: 200, body: page.map((c) => ({ id: c.id, body: c.body, html_url: `https://github.com/${this.owner}/${this.repo}/issues/${issue.number}#issuecomment-${c.id}` })), headers };
    }
    if (im[2] && r.method === 'POST') {
      const b = r.json as Record<string, unknown>;
      if (typeof b.body !== 'string' || !b.body) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }] } };
      const c = { id: this.nextId++, body: b.body };
      issue.comments.push(c);
      return { status: 201, body: { ...c, html_url: `https://github.com/${this.owner}/${this.repo}/issues/${issue.number}#issuecomment-${c.id}` } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private json(i: GhIssue): Record<string, unknown> {
    return {
      id: i.id,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      labels: i.labels.map((name, n) => ({ id: n + 1, name, color: 'ededed' })),
      assignees: i.assignees.map((login) => ({ login })),
      comments: i.comments.length,
      html_url: `https://github.com/${this.owner}/${this.repo}/${i.pull_request ? 'pull' : 'issues'}/${i.number}`,
      url: `${this.url}/repos/${this.owner}/${this.repo}/issues/${i.number}`,
      created_at: i.created_at,
      ...(i.pull_request ? { pull_request: i.pull_request } : {}),
    };
  }
}
