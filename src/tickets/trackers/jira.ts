import { HttpException, Version3Client } from 'jira.js';
import type { Risk } from '../../rules/types.js';
import { toAdf } from '../adf.js';
import { brief, describeNetworkError, HttpFailure, retryAfterMs, scrub, TicketGone, TrackerError, transientStatus } from '../errors.js';
import { markerLabel } from '../markers.js';
import type { CommentDraft, RemoteTicket, TicketDraft, Tracker } from '../types.js';
import { expectList, expectObject, type Expected } from './answer.js';

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
  timeoutMs: number;
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

/** Jira Cloud through jira.js (REST API v3: descriptions and comments in ADF). */
export class JiraTracker implements Tracker {
  readonly kind = 'jira' as const;
  readonly searchable = true;
  readonly searchLagMs: number;
  readonly target: string;
  readonly name: string;
  private readonly client: Version3Client;

  constructor(private readonly o: JiraOptions) {
    this.client = new Version3Client({
      host: o.url,
      authentication: { basic: { email: o.email, apiToken: o.apiToken } },
      // No proxy from the environment: every tracker client talks to the configured URL directly.
      baseRequestConfig: { timeout: o.timeoutMs, proxy: false, headers: { 'User-Agent': o.userAgent } },
    });
    this.target = JiraTracker.targetOf(o.url, o.project);
    this.searchLagMs = o.searchLagMs;
    this.name = `Jira ${o.project}`;
  }

  static targetOf(url: string, project: string): string {
    return `jira:${new URL(url).host}/${project}`;
  }

  async check(): Promise<void> {
    const project = await this.call('check', () => this.client.projects.getProject({ projectIdOrKey: this.o.project }));
    expectObject(project, ['key'], this.expected('check', 'the project (a JSON object with key)'));
  }

  async find(fingerprint: string): Promise<RemoteTicket | undefined> {
    // Labels are indexed for JQL; the entity property holds the covered locations.
    const jql = `project = "${this.o.project}" AND labels = "${markerLabel(fingerprint)}" ORDER BY created ASC`;
    const res = await this.call('find', () =>
      this.client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['status', 'labels'], properties: [PROPERTY], maxResults: 10 }),
    );
    const found = expectObject<{ issues?: unknown }>(res, [], this.expected('find', 'search results (a JSON object with a list of issues)'));
    const issue = (found.issues === undefined ? [] : expectList<JiraIssue>(found.issues, this.expected('find', 'a JSON list of issues')))[0];
    return issue ? this.withComments(issue, fingerprint) : undefined;
  }

  async create(draft: TicketDraft): Promise<RemoteTicket> {
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
    const created = await this.call('create', () =>
      this.client.issues.createIssue({
        fields: fields as Parameters<Version3Client['issues']['createIssue']>[0]['fields'],
        properties: [{ key: PROPERTY, value: { fingerprint: draft.fingerprint, locations: draft.locations } satisfies MarkerValue }],
      }),
    );
    const { key } = expectObject<{ key: string }>(created, ['key'], this.expected('create', 'the new issue (a JSON object with key)'));
    return { id: key, url: this.browseUrl(key), state: 'open', covered: [...draft.locations] };
  }

  async get(id: string, fingerprint: string): Promise<RemoteTicket> {
    const issue = await this.call('get', () => this.client.issues.getIssue({ issueIdOrKey: id, fields: ['status'], properties: [PROPERTY] }), id);
    return this.withComments(expectObject<JiraIssue>(issue, ['key'], this.expected('get', `issue ${id} (a JSON object with key)`)), fingerprint);
  }

  async comment(id: string, draft: CommentDraft): Promise<void> {
    await this.call(
      'comment',
      () =>
        this.client.issueComments.addComment({
          issueIdOrKey: id,
          comment: toAdf(draft.doc),
          properties: [{ key: PROPERTY, value: { fingerprint: draft.fingerprint, locations: draft.locations } satisfies MarkerValue }],
        }),
      id,
    );
  }

  async reopen(id: string): Promise<void> {
    const res = await this.call('reopen', () => this.client.issues.getTransitions({ issueIdOrKey: id }), id);
    // Workflows differ per site: take a transition out of "done", preferring one named like "Reopen".
    const open = (res.transitions ?? []).filter((t) => t.id && t.to?.statusCategory?.key && t.to.statusCategory.key !== 'done');
    const pick = open.find((t) => /reopen/i.test(t.name ?? '')) ?? open.find((t) => t.to?.statusCategory?.key === 'new') ?? open[0];
    if (!pick?.id) {
      this.o.warn(`${this.name}: ${id} is done and its workflow offers no transition back to an open status; reopen it by hand`);
      return;
    }
    await this.call('reopen', () => this.client.issues.doTransition({ issueIdOrKey: id, transition: { id: pick.id } }), id);
  }

  private browseUrl(key: string): string {
    return `${this.o.url.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
  }

  private async withComments(issue: JiraIssue, fingerprint: string): Promise<RemoteTicket> {
    const covered = new Set<string>(locationsOf(issue.properties?.[PROPERTY], fingerprint));
    for (let startAt = 0, guard = 0; guard < 100; guard++) {
      const page = await this.call('get', () => this.client.issueComments.getComments({ issueIdOrKey: issue.key, startAt, maxResults: 100, expand: 'properties' }), issue.key);
      const comments = page.comments ?? [];
      for (const c of comments) {
        for (const p of c.properties ?? []) if (p.key === PROPERTY) for (const k of locationsOf(p.value, fingerprint)) covered.add(k);
      }
      startAt += comments.length;
      if (comments.length === 0 || startAt >= (page.total ?? 0)) break;
    }
    return {
      id: issue.key,
      url: this.browseUrl(issue.key),
      state: issue.fields?.status?.statusCategory?.key === 'done' ? 'closed' : 'open',
      covered: [...covered],
    };
  }

  /** A 2xx answer of the wrong shape is most often tickets.jira.url naming a proxy or sign-in page, not the site. */
  private expected(action: string, what: string): Expected {
    return { tracker: this.name, action, what, hint: 'check tickets.jira.url: it must be the Jira site (https://YOUR-SITE.atlassian.net or your server), not a proxy or sign-in page' };
  }

  private async call<T>(action: string, fn: () => Promise<T>, id?: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.translate(e, action, id);
    }
  }

  private translate(e: unknown, action: string, id?: string): Error {
    if (!(e instanceof HttpException) || typeof e.status !== 'number') return e as Error;
    const status = e.status;
    const resp = e.response as { data?: { errorMessages?: unknown; errors?: unknown; message?: unknown } } | undefined;
    const data = resp?.data;
    const parts: string[] = [];
    if (Array.isArray(data?.errorMessages)) parts.push(...data.errorMessages.map(String));
    if (data?.errors && typeof data.errors === 'object') for (const [f, m] of Object.entries(data.errors)) parts.push(`${f}: ${String(m)}`);
    const apiMessage = scrub(brief(parts.join('; ') || (typeof data?.message === 'string' ? data.message : e.message)), [this.o.apiToken, this.o.email]);
    const cause = e.cause as { response?: { headers?: { toJSON?: () => Record<string, unknown> } & Record<string, unknown> } } | undefined;
    const rawHeaders = cause?.response?.headers;
    const headers = rawHeaders && typeof rawHeaders.toJSON === 'function' ? rawHeaders.toJSON() : rawHeaders;
    if (!cause?.response && status === 500 && !data) return new HttpFailure(`${this.name}: network error during ${action}: ${describeNetworkError(e)}`, { transient: true });
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
