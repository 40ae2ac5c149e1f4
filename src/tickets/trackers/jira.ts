import type { Risk } from '../../rules/types.js';
import { toAdf } from '../adf.js';
import { brief, describeNetworkError, HttpFailure, isNetworkError, retryAfterMs, scrub, TicketGone, TrackerError, transientStatus } from '../errors.js';
import { markerLabel } from '../markers.js';
import { basicAuth, RestClient, RestError } from '../rest.js';
import { expectList, expectObject, type Expected } from './answer.js';
import type { CommentDraft, RemoteTicket, TicketDraft, Tracker } from '../types.js';

export interface JiraOptions {
  /** Site URL, e.g. https://acme.atlassian.net */
  url: string;
  project: string;
  issueType: string;
  email: string;
  apiToken: string;
  /** Where the credentials came from, for error messages (never their values). */
  credentialSource: string;
  assigneeAccountId?: string;
  priority: Partial<Record<Risk, string>>;
  dueDate: boolean;
  /** Jira's search index lags behind writes by seconds. */
  searchLagMs: number;
  userAgent: string;
  warn: (message: string) => void;
}

/** Hidden, structured marker: a Jira entity property on the issue and on each of keyward's comments. */
const PROPERTY = 'keyward';

interface MarkerValue {
  fingerprint?: string;
  locations?: string[];
}

interface JiraIssue {
  id: string;
  key: string;
  fields?: { status?: { statusCategory?: { key?: string } } };
  properties?: Record<string, unknown>;
}

interface JiraComment {
  properties?: Array<{ key?: string; value?: unknown }>;
}

interface JiraTransition {
  id?: string;
  name?: string;
  to?: { statusCategory?: { key?: string } };
}

/** Jira Cloud over its REST API v3 (descriptions and comments in ADF). */
export class JiraTracker implements Tracker {
  readonly kind = 'jira' as const;
  readonly searchable = true;
  readonly searchLagMs: number;
  readonly target: string;
  readonly name: string;
  private readonly api: RestClient;

  constructor(private readonly o: JiraOptions) {
    this.api = new RestClient(`${o.url.replace(/\/+$/, '')}/rest/api/3`, { authorization: basicAuth(o.email, o.apiToken), 'user-agent': o.userAgent });
    this.target = JiraTracker.targetOf(o.url, o.project);
    this.searchLagMs = o.searchLagMs;
    this.name = `Jira ${o.project}`;
  }

  static targetOf(url: string, project: string): string {
    return `jira:${new URL(url).host}/${project}`;
  }

  async check(signal: AbortSignal): Promise<void> {
    const { data } = await this.call('check', () => this.api.request<unknown>({ path: `/project/${encodeURIComponent(this.o.project)}`, signal }));
    expectObject(data, ['key'], this.expected('check', 'the project (a JSON object with key)'));
  }

  async find(fingerprint: string, signal: AbortSignal): Promise<RemoteTicket | undefined> {
    // Labels are indexed for JQL; the entity property holds the covered locations.
    const jql = `project = "${this.o.project}" AND labels = "${markerLabel(fingerprint)}" ORDER BY created ASC`;
    const query = { jql, fields: 'status,labels', properties: PROPERTY, maxResults: 10 };
    const { data } = await this.call('find', () => this.api.request<unknown>({ path: '/search/jql', query, signal }));
    const found = expectObject<{ issues?: unknown }>(data, [], this.expected('find', 'search results (a JSON object with a list of issues)'));
    const issue = (found.issues === undefined ? [] : expectList<JiraIssue>(found.issues, this.expected('find', 'a JSON list of issues')))[0];
    return issue ? this.withComments(issue, fingerprint, signal) : undefined;
  }

  async create(draft: TicketDraft, signal: AbortSignal): Promise<RemoteTicket> {
    const fields: Record<string, unknown> = {
      project: { key: this.o.project },
      summary: draft.title.replace(/[\r\n]+/g, ' '),
      issuetype: { name: this.o.issueType },
      description: toAdf(draft.doc),
      labels: draft.labels,
    };
    if (this.o.dueDate) fields.duedate = draft.deadline.slice(0, 10);
    if (this.o.assigneeAccountId) fields.assignee = { accountId: this.o.assigneeAccountId };
    const priority = this.o.priority[draft.risk];
    if (priority) fields.priority = { name: priority };
    const properties = [{ key: PROPERTY, value: { fingerprint: draft.fingerprint, locations: draft.locations } satisfies MarkerValue }];
    const { data: created } = await this.call('create', () => this.api.request<unknown>({ method: 'POST', path: '/issue', body: { fields, properties }, signal }));
    const { key } = expectObject<{ key: string }>(created, ['key'], this.expected('create', 'the new issue (a JSON object with key)'));
    return { id: key, url: this.browseUrl(key), state: 'open', covered: [...draft.locations] };
  }

  async get(id: string, fingerprint: string, signal: AbortSignal): Promise<RemoteTicket> {
    const { data } = await this.call('get', () => this.api.request<unknown>({ path: this.issuePath(id), query: { fields: 'status', properties: PROPERTY }, signal }), id);
    return this.withComments(expectObject<JiraIssue>(data, ['key'], this.expected('get', `issue ${id} (a JSON object with key)`)), fingerprint, signal);
  }

  async comment(id: string, draft: CommentDraft, signal: AbortSignal): Promise<void> {
    const body = { body: toAdf(draft.doc), properties: [{ key: PROPERTY, value: { fingerprint: draft.fingerprint, locations: draft.locations } satisfies MarkerValue }] };
    await this.call('comment', () => this.api.request({ method: 'POST', path: `${this.issuePath(id)}/comment`, body, signal }), id);
  }

  async reopen(id: string, signal: AbortSignal): Promise<void> {
    const { data } = await this.call('reopen', () => this.api.request<{ transitions?: JiraTransition[] }>({ path: `${this.issuePath(id)}/transitions`, signal }), id);
    // Workflows differ per site: take a transition out of "done", preferring one named like "Reopen".
    const open = (data?.transitions ?? []).filter((t) => t.id && t.to?.statusCategory?.key && t.to.statusCategory.key !== 'done');
    const pick = open.find((t) => /reopen/i.test(t.name ?? '')) ?? open.find((t) => t.to?.statusCategory?.key === 'new') ?? open[0];
    if (!pick?.id) {
      this.o.warn(`${this.name}: ${id} is done and its workflow offers no transition back to an open status; reopen it by hand`);
      return;
    }
    await this.call('reopen', () => this.api.request({ method: 'POST', path: `${this.issuePath(id)}/transitions`, body: { transition: { id: pick.id } }, signal }), id);
  }

  /** A 2xx answer of the wrong shape is most often tickets.jira.url naming a proxy or sign-in page, not the site. */
  private expected(action: string, what: string): Expected {
    return { tracker: this.name, action, what, hint: 'check tickets.jira.url: it must be the Jira site (https://YOUR-SITE.atlassian.net or your server), not a proxy or sign-in page' };
  }

  private issuePath(key: string): string {
    return `/issue/${encodeURIComponent(key)}`;
  }

  private browseUrl(key: string): string {
    return `${this.o.url.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
  }

  private async withComments(issue: JiraIssue, fingerprint: string, signal: AbortSignal): Promise<RemoteTicket> {
    const covered = new Set<string>(locationsOf(issue.properties?.[PROPERTY], fingerprint));
    for (let startAt = 0, guard = 0; guard < 100; guard++) {
      const query = { startAt, maxResults: 100, expand: 'properties' };
      const { data: page } = await this.call('get', () => this.api.request<{ comments?: JiraComment[]; total?: number }>({ path: `${this.issuePath(issue.key)}/comment`, query, signal }), issue.key);
      const comments = page?.comments ?? [];
      for (const c of comments) {
        for (const p of c.properties ?? []) if (p.key === PROPERTY) for (const k of locationsOf(p.value, fingerprint)) covered.add(k);
      }
      startAt += comments.length;
      if (comments.length === 0 || startAt >= (page?.total ?? 0)) break;
    }
    return {
      id: issue.key,
      url: this.browseUrl(issue.key),
      state: issue.fields?.status?.statusCategory?.key === 'done' ? 'closed' : 'open',
      covered: [...covered],
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
      return new TrackerError(
        `${this.name}: ${action} failed (${status} redirected${e.redirectedTo ? ` to ${e.redirectedTo}` : ''}; keyward does not follow redirects with the credentials: set tickets.jira.url to the address that serves the API)`,
      );
    }
    const apiMessage = scrub(brief(messageOf(e.data)), [this.o.apiToken, this.o.email]);
    const headers = e.headers;
    if (transientStatus(status)) return new HttpFailure(`${this.name}: ${status} ${apiMessage}`.trim(), { status, transient: true, retryAfterMs: retryAfterMs(headers) });
    if (status === 401) return new TrackerError(`${this.name}: the email and API token were rejected (401); set ${this.o.credentialSource} (an API token from https://id.atlassian.com/manage-profile/security/api-tokens)`);
    if (status === 403) return new TrackerError(`${this.name}: the account may not ${action === 'check' ? 'browse' : 'create or comment on'} issues in ${this.o.project} (403 ${apiMessage}); grant it the Browse projects, Create issues and Add comments permissions`);
    if (status === 404 && id !== undefined) return new TicketGone(id);
    if (status === 404) return new TrackerError(`${this.name}: project ${this.o.project} not found, or the account cannot see it (404); check tickets.jira.project and tickets.jira.url`);
    if (status === 400) {
      const hint = /duedate/i.test(apiMessage) ? ' (set tickets.jira.due_date = false or add Due date to the create screen)' : /issuetype/i.test(apiMessage) ? ' (check tickets.jira.issue_type)' : '';
      return new TrackerError(`${this.name}: Jira rejected the ${action} (400 ${apiMessage})${hint}`);
    }
    return new TrackerError(`${this.name}: ${action} failed (${status} ${apiMessage})`);
  }
}

function locationsOf(value: unknown, fingerprint: string): string[] {
  const v = value as MarkerValue | undefined;
  if (!v || v.fingerprint !== fingerprint || !Array.isArray(v.locations)) return [];
  return v.locations.filter((k): k is string => typeof k === 'string');
}

/** Jira's error text: errorMessages and field errors, or `message`, or the body itself. */
function messageOf(data: unknown): string {
  if (typeof data !== 'object' || data === null) return typeof data === 'string' ? data : '';
  const d = data as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const parts: string[] = [];
  if (Array.isArray(d.errorMessages)) parts.push(...d.errorMessages.map(String));
  if (d.errors && typeof d.errors === 'object') for (const [f, m] of Object.entries(d.errors)) parts.push(`${f}: ${String(m)}`);
  return parts.join('; ') || (typeof d.message === 'string' ? d.message : '');
}
