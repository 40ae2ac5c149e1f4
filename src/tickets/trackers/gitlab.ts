import { toMarkdown } from '../doc.js';
import { brief, describeNetworkError, HttpFailure, isNetworkError, retryAfterMs, scrub, TicketGone, TrackerError, transientStatus } from '../errors.js';
import { coveredFromMarkdown, markdownMarker, markerLabel } from '../markers.js';
import { RestClient, RestError } from '../rest.js';
import { expectList, expectObject, type Expected } from './answer.js';
import type { CommentDraft, RemoteTicket, TicketDraft, Tracker } from '../types.js';

export interface GitlabOptions {
  /** Instance URL, e.g. https://gitlab.com */
  url: string;
  /** Numeric id or full path. */
  project: string;
  token: string;
  tokenSource: string;
  labels?: string[];
  assigneeIds: number[];
  dueDate: boolean;
  userAgent: string;
}

interface GlIssue {
  iid: number;
  web_url: string;
  state: string;
  description?: string | null;
}

interface GlNote {
  body?: string;
  system?: boolean;
}

/** GitLab Issues over its REST API v4. Tickets carry the label keyward-<fingerprint> and a hidden marker. */
export class GitlabTracker implements Tracker {
  readonly kind = 'gitlab' as const;
  readonly searchable = true;
  readonly target: string;
  readonly name: string;
  private readonly api: RestClient;
  private readonly projectPath: string;

  constructor(private readonly o: GitlabOptions) {
    this.api = new RestClient(`${o.url.replace(/\/+$/, '')}/api/v4`, { 'private-token': o.token, 'user-agent': o.userAgent });
    // A project path goes URL-encoded in one segment (acme%2Fapp), as GitLab documents.
    this.projectPath = `/projects/${encodeURIComponent(o.project)}`;
    this.target = GitlabTracker.targetOf(o.url, o.project);
    this.name = `GitLab ${o.project}`;
  }

  static targetOf(url: string, project: string): string {
    return `gitlab:${new URL(url).host}/${project}`;
  }

  async check(signal: AbortSignal): Promise<void> {
    const { data: answer } = await this.call('check', () => this.api.request<unknown>({ path: this.projectPath, signal }));
    const data = expectObject<{ issues_enabled?: boolean }>(answer, ['id'], this.expected('check', 'the project (a JSON object with id)'));
    if (data.issues_enabled === false) {
      throw new TrackerError(`${this.name}: issues are disabled for this project; enable them in Settings → General → Visibility, or set tickets.gitlab.project to another project`);
    }
  }

  async find(fingerprint: string, signal: AbortSignal): Promise<RemoteTicket | undefined> {
    const query = { labels: markerLabel(fingerprint), order_by: 'created_at', sort: 'asc', per_page: 100 };
    const { data } = await this.call('find', () => this.api.request<GlIssue[]>({ path: `${this.projectPath}/issues`, query, signal }));
    const issue = expectList<GlIssue>(data, this.expected('find', 'a JSON list of issues'))[0];
    return issue ? this.withNotes(issue, fingerprint, signal) : undefined;
  }

  async create(draft: TicketDraft, signal: AbortSignal): Promise<RemoteTicket> {
    const body = {
      title: draft.title,
      description: `${toMarkdown(draft.doc)}\n${markdownMarker(draft.fingerprint, draft.locations)}\n`,
      labels: draft.labels.join(','),
      ...(this.o.assigneeIds.length > 0 ? { assignee_ids: this.o.assigneeIds } : {}),
      ...(this.o.dueDate ? { due_date: draft.deadline.slice(0, 10) } : {}),
    };
    const { data } = await this.call('create', () => this.api.request<unknown>({ method: 'POST', path: `${this.projectPath}/issues`, body, signal }));
    const issue = expectObject<GlIssue>(data, ['iid', 'web_url'], this.expected('create', 'the new issue (a JSON object with iid and web_url)'));
    return { id: String(issue.iid), url: issue.web_url, state: 'open', covered: [...draft.locations] };
  }

  async get(id: string, fingerprint: string, signal: AbortSignal): Promise<RemoteTicket> {
    const { data } = await this.call('get', () => this.api.request<unknown>({ path: this.issuePath(id), signal }), id);
    return this.withNotes(expectObject<GlIssue>(data, ['iid'], this.expected('get', `issue ${id} (a JSON object with iid)`)), fingerprint, signal);
  }

  async comment(id: string, draft: CommentDraft, signal: AbortSignal): Promise<void> {
    const body = `${toMarkdown(draft.doc)}\n${markdownMarker(draft.fingerprint, draft.locations)}\n`;
    await this.call('comment', () => this.api.request({ method: 'POST', path: `${this.issuePath(id)}/notes`, body: { body }, signal }), id);
  }

  async reopen(id: string, signal: AbortSignal): Promise<void> {
    await this.call('reopen', () => this.api.request({ method: 'PUT', path: this.issuePath(id), body: { state_event: 'reopen' }, signal }), id);
  }

  /** A 2xx answer of the wrong shape is most often tickets.gitlab.url naming a page or a proxy, not the API. */
  private expected(action: string, what: string): Expected {
    return { tracker: this.name, action, what, hint: 'check tickets.gitlab.url: it must be the GitLab instance keyward calls /api/v4 on (https://gitlab.com or your own), not a proxy or sign-in page' };
  }

  private issuePath(id: string): string {
    return `${this.projectPath}/issues/${encodeURIComponent(id)}`;
  }

  private async withNotes(issue: GlIssue, fingerprint: string, signal: AbortSignal): Promise<RemoteTicket> {
    const notes = await this.call('get', () => this.api.pages<GlNote>({ path: `${this.issuePath(String(issue.iid))}/notes`, signal }, 100));
    return {
      id: String(issue.iid),
      url: issue.web_url,
      state: issue.state === 'closed' ? 'closed' : 'open',
      // System notes ("reopened", "changed the description") are GitLab's, never keyward's.
      covered: coveredFromMarkdown(fingerprint, [issue.description, ...notes.filter((n) => !n.system).map((n) => n.body)]),
    };
  }

  private async call<T>(action: string, fn: () => Promise<T>, id?: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.translate(e, action, id);
    }
  }

  private translate(e: unknown, action: string, id?: string): Error {
    // fetch says only "fetch failed": name the tracker, the call, and the reason under it.
    if (isNetworkError(e)) return new HttpFailure(`${this.name}: network error during ${action}: ${describeNetworkError(e)}`, { transient: true });
    if (!(e instanceof RestError)) return e as Error;
    const status = e.status;
    if (e.redirect) {
      // GitLab's token travels in PRIVATE-TOKEN, which fetch would carry along a redirect to any host.
      return new TrackerError(
        `${this.name}: ${action} failed (${status} redirected${e.redirectedTo ? ` to ${e.redirectedTo}` : ''}; keyward does not follow redirects with the token: set tickets.gitlab.url to the address that serves the API)`,
      );
    }
    const apiMessage = scrub(brief(messageOf(e.data)), [this.o.token]);
    if (transientStatus(status)) return new HttpFailure(`${this.name}: ${status} ${apiMessage}`.trim(), { status, transient: true, retryAfterMs: retryAfterMs(e.headers) });
    if (status === 401) return new TrackerError(`${this.name}: the token was rejected (401 ${apiMessage}); set ${this.o.tokenSource} to a valid access token with the "api" scope`);
    if (status === 403) return new TrackerError(`${this.name}: the token may not ${action === 'check' ? 'read' : 'write'} issues of ${this.o.project} (403 ${apiMessage}); use a token with the "api" scope of a user with at least the Planner or Reporter role`);
    if (status === 404 && id !== undefined) return new TicketGone(id);
    if (status === 404) return new TrackerError(`${this.name}: project ${this.o.project} not found, or the token cannot see it (404); check tickets.gitlab.project (numeric id or full path) and tickets.gitlab.url`);
    if (status === 400 || status === 422) return new TrackerError(`${this.name}: GitLab rejected the ${action} (${status} ${apiMessage}); check tickets.gitlab.labels and assignee_ids`);
    return new TrackerError(`${this.name}: ${action} failed (${status} ${apiMessage})`);
  }
}

/** GitLab's error text: `message` (a string or a field → problems object), `error`, or the body itself. */
function messageOf(data: unknown): string {
  if (typeof data !== 'object' || data === null) return typeof data === 'string' ? data : '';
  const j = data as { message?: unknown; error?: unknown };
  const m = j.message ?? j.error;
  return typeof m === 'string' ? m : JSON.stringify(m ?? j);
}
