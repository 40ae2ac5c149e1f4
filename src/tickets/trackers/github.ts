import { toMarkdown } from '../doc.js';
import { brief, describeNetworkError, HttpFailure, isNetworkError, retryAfterMs, scrub, TicketGone, TrackerError, transientStatus } from '../errors.js';
import { coveredFromMarkdown, hasMarkdownMarker, markdownMarker, markerLabel } from '../markers.js';
import { RestClient, RestError } from '../rest.js';
import { expectList, expectObject, type Expected } from './answer.js';
import type { CommentDraft, RemoteTicket, TicketDraft, Tracker } from '../types.js';

export interface GithubOptions {
  apiUrl: string;
  owner: string;
  repo: string;
  token: string;
  /** Where the token came from, for error messages (never its value). */
  tokenSource: string;
  userAgent: string;
  warn: (message: string) => void;
}

interface GhIssue {
  number: number;
  html_url: string;
  state: string;
  body?: string | null;
  labels?: Array<string | { name?: string }>;
  pull_request?: unknown;
}

interface GhComment {
  body?: string | null;
}

/** GitHub Issues over its REST API. Tickets carry the label keyward-<fingerprint> and a hidden marker. */
export class GithubTracker implements Tracker {
  readonly kind = 'github' as const;
  readonly searchable = true;
  readonly target: string;
  readonly name: string;
  private readonly api: RestClient;
  private readonly repoPath: string;

  constructor(private readonly o: GithubOptions) {
    this.api = new RestClient(o.apiUrl, {
      accept: 'application/vnd.github+json',
      authorization: `token ${o.token}`,
      'user-agent': o.userAgent,
      'x-github-api-version': '2022-11-28',
    });
    this.repoPath = `/repos/${encodeURIComponent(o.owner)}/${encodeURIComponent(o.repo)}`;
    this.target = GithubTracker.targetOf(o.apiUrl, o.owner, o.repo);
    this.name = `GitHub ${o.owner}/${o.repo}`;
  }

  static targetOf(apiUrl: string, owner: string, repo: string): string {
    return `github:${new URL(apiUrl).host}/${owner}/${repo}`;
  }

  async check(signal: AbortSignal): Promise<void> {
    const { data: answer } = await this.call('check', () => this.api.request<unknown>({ path: this.repoPath, signal }));
    const data = expectObject<{ has_issues?: boolean }>(answer, ['full_name'], this.expected('check', 'the repository (a JSON object with full_name)'));
    if (data.has_issues === false) {
      throw new TrackerError(`${this.name}: issues are disabled for this repository; enable them in Settings → General → Features, or set tickets.github.repo to another repository`);
    }
  }

  async find(fingerprint: string, signal: AbortSignal): Promise<RemoteTicket | undefined> {
    const query = { labels: markerLabel(fingerprint), state: 'all', sort: 'created', direction: 'asc', per_page: 100 };
    const { data } = await this.call('find', () => this.api.request<GhIssue[]>({ path: `${this.repoPath}/issues`, query, signal }));
    // The oldest issue is the ticket; pull requests share the issues endpoint and are not tickets.
    const issue = expectList<GhIssue>(data, this.expected('find', 'a JSON list of issues')).find((i) => !i.pull_request && (hasMarkdownMarker(fingerprint, i.body) || hasLabel(i, markerLabel(fingerprint))));
    return issue ? this.withComments(issue, fingerprint, signal) : undefined;
  }

  async create(draft: TicketDraft, signal: AbortSignal): Promise<RemoteTicket> {
    const body = {
      title: draft.title,
      body: `${toMarkdown(draft.doc)}\n${markdownMarker(draft.fingerprint, draft.locations)}\n`,
      labels: draft.labels,
      ...(draft.assignees.length > 0 ? { assignees: draft.assignees } : {}),
    };
    const { data } = await this.call('create', () => this.api.request<unknown>({ method: 'POST', path: `${this.repoPath}/issues`, body, signal }));
    const issue = expectObject<GhIssue>(data, ['number', 'html_url'], this.expected('create', 'the new issue (a JSON object with number and html_url)'));
    if (!hasLabel(issue, markerLabel(draft.fingerprint))) {
      // GitHub silently drops labels a token without triage access sets: then only local state prevents duplicates.
      this.o.warn(`${this.name}: issue #${issue.number} was created without its labels; give the token triage (or write) access so a fresh clone finds keyward's tickets`);
    }
    return { id: String(issue.number), url: issue.html_url, state: 'open', covered: [...draft.locations] };
  }

  async get(id: string, fingerprint: string, signal: AbortSignal): Promise<RemoteTicket> {
    const { data } = await this.call('get', () => this.api.request<GhIssue>({ path: this.issuePath(id), signal }), id);
    return this.withComments(expectObject<GhIssue>(data, ['number'], this.expected('get', `issue #${id} (a JSON object with number)`)), fingerprint, signal);
  }

  async comment(id: string, draft: CommentDraft, signal: AbortSignal): Promise<void> {
    const body = `${toMarkdown(draft.doc)}\n${markdownMarker(draft.fingerprint, draft.locations)}\n`;
    await this.call('comment', () => this.api.request({ method: 'POST', path: `${this.issuePath(id)}/comments`, body: { body }, signal }), id);
  }

  async reopen(id: string, signal: AbortSignal): Promise<void> {
    await this.call('reopen', () => this.api.request({ method: 'PATCH', path: this.issuePath(id), body: { state: 'open' }, signal }), id);
  }

  /** A 2xx answer of the wrong shape is most often api_url naming the web site or a proxy, not the API. */
  private expected(action: string, what: string): Expected {
    return { tracker: this.name, action, what, hint: `check tickets.github.api_url: it must be GitHub's REST API (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server), not the web site or a proxy page` };
  }

  private issuePath(id: string): string {
    return `${this.repoPath}/issues/${encodeURIComponent(id)}`;
  }

  private async withComments(issue: GhIssue, fingerprint: string, signal: AbortSignal): Promise<RemoteTicket> {
    const comments = await this.call('get', () => this.api.pages<GhComment>({ path: `${this.issuePath(String(issue.number))}/comments`, signal }, 100));
    return {
      id: String(issue.number),
      url: issue.html_url,
      state: issue.state === 'closed' ? 'closed' : 'open',
      covered: coveredFromMarkdown(fingerprint, [issue.body, ...comments.map((c) => c.body)]),
    };
  }

  /** Runs one request and turns its errors into retryable failures or actionable messages. */
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
    const { status, headers } = e;
    if (e.redirect) {
      return new TrackerError(
        `${this.name}: ${action} failed (${status} redirected${e.redirectedTo ? ` to ${e.redirectedTo}` : ''}; keyward does not follow redirects with the token: if the repository was renamed or moved, set tickets.github.repo to its current owner/name, else set tickets.github.api_url to the address that serves the API)`,
      );
    }
    const apiMessage = scrub(brief(messageOf(e.data)), [this.o.token]);
    const rateLimited = status === 429 || (status === 403 && (retryAfterMs(headers) !== undefined || /rate limit/i.test(apiMessage)));
    if (rateLimited || transientStatus(status)) {
      return new HttpFailure(`${this.name}: ${status} ${apiMessage}`.trim(), { status, transient: true, retryAfterMs: retryAfterMs(headers) ?? (rateLimited && status === 403 ? 60_000 : undefined) });
    }
    const repo = `${this.o.owner}/${this.o.repo}`;
    if (status === 401) return new TrackerError(`${this.name}: the token was rejected (401 ${apiMessage}); set ${this.o.tokenSource} to a valid token`);
    if (status === 403) {
      return new TrackerError(`${this.name}: the token may not ${action === 'check' ? 'read' : 'write'} issues of ${repo} (403 ${apiMessage}); give ${this.o.tokenSource} "Issues: read and write" (fine-grained) or the "repo" scope`);
    }
    if ((status === 404 || status === 410) && id !== undefined) return new TicketGone(id);
    if (status === 404) return new TrackerError(`${this.name}: repository ${repo} not found, or the token cannot see it (404); check tickets.github.repo and the token's repository access`);
    if (status === 410) return new TrackerError(`${this.name}: issues are disabled for ${repo} (410); enable them or choose another repository`);
    if (status === 422) return new TrackerError(`${this.name}: GitHub rejected the ${action} (422 ${apiMessage}); check tickets.github.labels and assignees`);
    return new TrackerError(`${this.name}: ${action} failed (${status} ${apiMessage})`);
  }
}

/** GitHub's error text: `message`, or the body itself when it is not JSON. */
function messageOf(data: unknown): unknown {
  return typeof data === 'object' && data !== null ? ((data as { message?: unknown }).message ?? '') : (data ?? '');
}

function hasLabel(issue: GhIssue, label: string): boolean {
  return (issue.labels ?? []).some((l) => (typeof l === 'string' ? l : l.name) === label);
}
