import { createRequesterFn, type FormattedResponse, type RequesterType, type ResourceOptions } from '@gitbeaker/requester-utils';
import { IssueNotes, Issues, Projects } from '@gitbeaker/rest';
import { toMarkdown } from '../doc.js';
import { brief, HttpFailure, retryAfterMs, scrub, TicketGone, TrackerError, transientStatus } from '../errors.js';
import { coveredFromMarkdown, markdownMarker, markerLabel } from '../markers.js';
import type { CommentDraft, RemoteTicket, TicketDraft, Tracker } from '../types.js';
import { expectList, expectObject, type Expected } from './answer.js';

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
  timeoutMs: number;
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

/** GitLab's answer to a failed request, with what retrying needs. */
class GitlabHttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    message: string,
  ) {
    super(message);
    this.name = 'GitlabHttpError';
  }
}

/**
 * One attempt per request: @gitbeaker/rest's own handler retries 429 and 502 within milliseconds
 * and ignores Retry-After; keyward's retry loop does that properly for every tracker.
 */
async function singleAttempt(endpoint: string, options?: Record<string, unknown>): Promise<FormattedResponse> {
  const o = (options ?? {}) as { prefixUrl?: string; searchParams?: string; method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal };
  const base = o.prefixUrl ? (o.prefixUrl.endsWith('/') ? o.prefixUrl : `${o.prefixUrl}/`) : undefined;
  const url = new URL(endpoint, base);
  url.search = o.searchParams ?? '';
  // GitLab's token travels in PRIVATE-TOKEN, which fetch would carry along a redirect to any host.
  const res = await fetch(url, { method: o.method, headers: o.headers, body: o.body, signal: o.signal, redirect: 'manual' });
  const headers = Object.fromEntries(res.headers.entries());
  if (res.status >= 300 && res.status < 400) {
    const to = hostOf(res.headers.get('location'), url);
    throw new GitlabHttpError(res.status, headers, `redirected${to ? ` to ${to}` : ''}; keyward does not follow redirects with the token: set tickets.gitlab.url to the address that serves the API`);
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (res.ok) {
    const body = res.status === 204 ? null : type === 'application/json' ? ((await res.json()) as FormattedResponse['body']) ?? {} : await res.text();
    return { body, headers, status: res.status };
  }
  const text = await res.text().catch(() => '');
  let message = text;
  if (type === 'application/json') {
    try {
      const j = JSON.parse(text) as { message?: unknown; error?: unknown };
      message = typeof (j.message ?? j.error) === 'string' ? String(j.message ?? j.error) : JSON.stringify(j.message ?? j.error ?? j);
    } catch {
      // keep the text
    }
  }
  throw new GitlabHttpError(res.status, headers, message);
}

function hostOf(location: string | null, base: URL): string | undefined {
  try {
    return location ? new URL(location, base).host : undefined;
  } catch {
    return undefined;
  }
}

/** GitLab Issues through @gitbeaker/rest. Tickets carry the label keyward-<fingerprint> and a hidden marker. */
export class GitlabTracker implements Tracker {
  readonly kind = 'gitlab' as const;
  readonly searchable = true;
  readonly target: string;
  readonly name: string;
  private readonly issues: InstanceType<typeof Issues>;
  private readonly notes: InstanceType<typeof IssueNotes>;
  private readonly projects: InstanceType<typeof Projects>;

  constructor(private readonly o: GitlabOptions) {
    const requester = createRequesterFn(async (_: ResourceOptions, reqo) => ({ ...reqo, headers: { ...reqo.headers, 'user-agent': o.userAgent } }), singleAttempt);
    const common = {
      host: o.url,
      token: o.token,
      queryTimeout: o.timeoutMs,
      requesterFn: requester as (r: ResourceOptions) => RequesterType,
    };
    this.issues = new Issues(common);
    this.notes = new IssueNotes(common);
    this.projects = new Projects(common);
    this.target = GitlabTracker.targetOf(o.url, o.project);
    this.name = `GitLab ${o.project}`;
  }

  static targetOf(url: string, project: string): string {
    return `gitlab:${new URL(url).host}/${project}`;
  }

  async check(): Promise<void> {
    const p = expectObject<{ issues_enabled?: boolean }>(await this.call('check', () => this.projects.show(this.o.project)), ['id'], this.expected('check', 'the project (a JSON object with id)'));
    if (p.issues_enabled === false) {
      throw new TrackerError(`${this.name}: issues are disabled for this project; enable them in Settings → General → Visibility, or set tickets.gitlab.project to another project`);
    }
  }

  async find(fingerprint: string): Promise<RemoteTicket | undefined> {
    const list = expectList<GlIssue>(
      await this.call('find', () => this.issues.all({ projectId: this.o.project, labels: markerLabel(fingerprint), orderBy: 'created_at', sort: 'asc', perPage: 100, maxPages: 1 })),
      this.expected('find', 'a JSON list of issues'),
    );
    const issue = list[0];
    return issue ? this.withNotes(issue, fingerprint) : undefined;
  }

  async create(draft: TicketDraft): Promise<RemoteTicket> {
    const description = `${toMarkdown(draft.doc)}\n${markdownMarker(draft.fingerprint, draft.locations)}\n`;
    const created = await this.call('create', () =>
      this.issues.create(this.o.project, draft.title, {
        description,
        labels: draft.labels.join(','),
        ...(this.o.assigneeIds.length > 0 ? { assigneeIds: this.o.assigneeIds } : {}),
        ...(this.o.dueDate ? { dueDate: draft.deadline.slice(0, 10) } : {}),
      }),
    );
    const issue = expectObject<GlIssue>(created, ['iid', 'web_url'], this.expected('create', 'the new issue (a JSON object with iid and web_url)'));
    return { id: String(issue.iid), url: issue.web_url, state: 'open', covered: [...draft.locations] };
  }

  async get(id: string, fingerprint: string): Promise<RemoteTicket> {
    const shown = await this.call('get', () => this.issues.show(Number(id), { projectId: this.o.project }), id);
    const issue = expectObject<GlIssue>(shown, ['iid'], this.expected('get', `issue ${id} (a JSON object with iid)`));
    return this.withNotes(issue, fingerprint);
  }

  async comment(id: string, draft: CommentDraft): Promise<void> {
    const body = `${toMarkdown(draft.doc)}\n${markdownMarker(draft.fingerprint, draft.locations)}\n`;
    await this.call('comment', () => this.notes.create(this.o.project, Number(id), body), id);
  }

  async reopen(id: string): Promise<void> {
    await this.call('reopen', () => this.issues.edit(this.o.project, Number(id), { stateEvent: 'reopen' }), id);
  }

  private async withNotes(issue: GlIssue, fingerprint: string): Promise<RemoteTicket> {
    const notes = expectList<GlNote>(await this.call('get', () => this.notes.all(this.o.project, issue.iid, { perPage: 100 })), this.expected('get', `the notes of issue ${issue.iid} (a JSON list)`));
    return {
      id: String(issue.iid),
      url: issue.web_url,
      state: issue.state === 'closed' ? 'closed' : 'open',
      // System notes ("reopened", "changed the description") are GitLab's, never keyward's.
      covered: coveredFromMarkdown(fingerprint, [issue.description, ...notes.filter((n) => !n.system).map((n) => n.body)]),
    };
  }

  /** A 2xx answer of the wrong shape is most often tickets.gitlab.url naming a page or a proxy, not the API. */
  private expected(action: string, what: string): Expected {
    return { tracker: this.name, action, what, hint: 'check tickets.gitlab.url: it must be the GitLab instance keyward calls /api/v4 on (https://gitlab.com or your own), not a proxy or sign-in page' };
  }

  private async call<T>(action: string, fn: () => Promise<T>, id?: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.translate(e, action, id);
    }
  }

  private translate(e: unknown, action: string, id?: string): Error {
    if (!(e instanceof GitlabHttpError)) return e as Error;
    const status = e.status;
    const apiMessage = scrub(brief(e.message), [this.o.token]);
    if (transientStatus(status)) return new HttpFailure(`${this.name}: ${status} ${apiMessage}`.trim(), { status, transient: true, retryAfterMs: retryAfterMs(e.headers) });
    if (status === 401) return new TrackerError(`${this.name}: the token was rejected (401 ${apiMessage}); set ${this.o.tokenSource} to a valid access token with the "api" scope`);
    if (status === 403) return new TrackerError(`${this.name}: the token may not ${action === 'check' ? 'read' : 'write'} issues of ${this.o.project} (403 ${apiMessage}); use a token with the "api" scope of a user with at least the Planner or Reporter role`);
    if (status === 404 && id !== undefined) return new TicketGone(id);
    if (status === 404) return new TrackerError(`${this.name}: project ${this.o.project} not found, or the token cannot see it (404); check tickets.gitlab.project (numeric id or full path) and tickets.gitlab.url`);
    if (status === 400 || status === 422) return new TrackerError(`${this.name}: GitLab rejected the ${action} (${status} ${apiMessage}); check tickets.gitlab.labels and assignee_ids`);
    return new TrackerError(`${this.name}: ${action} failed (${status} ${apiMessage})`);
  }
}
