// The [tickets.<tracker>] sections of the tickets config, and the field checks they share with it.

import { bool, nonEmptyString as str, nonEmptyStrings as strings, onlyFields, table, type Table } from '../config/toml.js';
import { parseDuration } from '../model/duration.js';
import { formatDuration } from '../policy/revoke.js';
import { RISKS } from '../rules/types.js';
import type { GithubConfig, GitlabConfig, JiraConfig, WebhookConfig } from './config.js';
import { refusedDestination } from './destination.js';

export type Fail = (reason: string) => never;

const MAX_SEARCH_LAG_MS = 2 * 60_000;

/** Keys that would put a credential in the config file: refused, with the way to do it instead. */
const CREDENTIAL_KEYS = /^(token|api_token|apitoken|access_token|private_token|password|secret|api_key|apikey|auth|authorization|credentials?)$/i;

export function parseGithub(raw: unknown, g: GithubConfig, fail: Fail): void {
  const s = section(raw, 'github', ['repo', 'api_url', 'token_env', 'labels', 'assignees', 'assign_codeowners'], fail);
  if (s.repo !== undefined) {
    g.repo = str(s.repo, 'tickets.github.repo', fail);
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(g.repo)) fail('tickets.github.repo must be "owner/name"');
  }
  if (s.api_url !== undefined) g.apiUrl = url(s.api_url, 'tickets.github.api_url', fail);
  if (s.token_env !== undefined) g.tokenEnv = envName(s.token_env, 'tickets.github.token_env', fail);
  if (s.labels !== undefined) g.labels = labels(s.labels, 'tickets.github.labels', fail);
  if (s.assignees !== undefined) g.assignees = strings(s.assignees, 'tickets.github.assignees', fail);
  if (s.assign_codeowners !== undefined) g.assignCodeowners = bool(s.assign_codeowners, 'tickets.github.assign_codeowners', fail);
}

export function parseGitlab(raw: unknown, g: GitlabConfig, fail: Fail): void {
  const s = section(raw, 'gitlab', ['project', 'url', 'token_env', 'labels', 'assignee_ids', 'due_date'], fail);
  if (s.project !== undefined) g.project = typeof s.project === 'number' ? String(s.project) : str(s.project, 'tickets.gitlab.project', fail);
  if (s.url !== undefined) g.url = url(s.url, 'tickets.gitlab.url', fail);
  if (s.token_env !== undefined) g.tokenEnv = envName(s.token_env, 'tickets.gitlab.token_env', fail);
  if (s.labels !== undefined) g.labels = labels(s.labels, 'tickets.gitlab.labels', fail);
  if (s.assignee_ids !== undefined) {
    if (!Array.isArray(s.assignee_ids) || !s.assignee_ids.every((n) => Number.isInteger(n) && (n as number) > 0)) {
      fail('tickets.gitlab.assignee_ids must be an array of GitLab user ids (numbers)');
    }
    g.assigneeIds = s.assignee_ids as number[];
  }
  if (s.due_date !== undefined) g.dueDate = bool(s.due_date, 'tickets.gitlab.due_date', fail);
}

export function parseJira(raw: unknown, j: JiraConfig, fail: Fail): void {
  const s = section(raw, 'jira', ['url', 'project', 'issue_type', 'email_env', 'token_env', 'labels', 'assignee_account_id', 'priority', 'due_date', 'search_lag'], fail);
  if (s.url !== undefined) j.url = url(s.url, 'tickets.jira.url', fail);
  if (s.project !== undefined) {
    j.project = str(s.project, 'tickets.jira.project', fail);
    if (!/^[A-Z][A-Z0-9_]{0,254}$/.test(j.project)) fail('tickets.jira.project must be a project key in capitals, e.g. "SEC"');
  }
  if (s.issue_type !== undefined) j.issueType = str(s.issue_type, 'tickets.jira.issue_type', fail);
  if (s.labels !== undefined) {
    j.labels = labels(s.labels, 'tickets.jira.labels', fail);
    if (j.labels.some((l) => /\s/.test(l))) fail('tickets.jira.labels: Jira labels cannot contain spaces');
  }
  if (s.due_date !== undefined) j.dueDate = bool(s.due_date, 'tickets.jira.due_date', fail);
  if (s.search_lag !== undefined) j.searchLagMs = duration(s.search_lag, 'tickets.jira.search_lag', fail, MAX_SEARCH_LAG_MS);
  if (s.email_env !== undefined) j.emailEnv = envName(s.email_env, 'tickets.jira.email_env', fail);
  if (s.token_env !== undefined) j.tokenEnv = envName(s.token_env, 'tickets.jira.token_env', fail);
  if (s.assignee_account_id !== undefined) j.assigneeAccountId = str(s.assignee_account_id, 'tickets.jira.assignee_account_id', fail);
  if (s.priority !== undefined) {
    const p = table(s.priority, 'tickets.jira.priority', fail);
    onlyFields(p, [...RISKS], 'tickets.jira.priority.', fail);
    for (const risk of RISKS) if (p[risk] !== undefined) j.priority[risk] = str(p[risk], `tickets.jira.priority.${risk}`, fail);
  }
}

export function parseWebhook(raw: unknown, w: WebhookConfig, fail: Fail): void {
  const s = section(raw, 'webhook', ['url', 'url_env', 'token_env'], fail);
  if (s.url !== undefined && s.url_env !== undefined) fail('tickets.webhook: set url or url_env, not both');
  // A later source that names the URL replaces how an earlier one named it.
  if (s.url !== undefined) Object.assign(w, { url: url(s.url, 'tickets.webhook.url', fail), urlEnv: undefined });
  if (s.url_env !== undefined) Object.assign(w, { urlEnv: envName(s.url_env, 'tickets.webhook.url_env', fail), url: undefined });
  if (s.token_env !== undefined) w.tokenEnv = envName(s.token_env, 'tickets.webhook.token_env', fail);
}

export function section(v: unknown, name: string, keys: string[], fail: (r: string) => never): Table {
  const s = table(v, `tickets.${name}`, fail);
  for (const k of Object.keys(s)) {
    if (CREDENTIAL_KEYS.test(k)) {
      // Never echo the value: it may be a real credential.
      fail(`tickets.${name}.${k}: credentials are never read from config files; put it in an environment variable and name that variable with "token_env" (see docs/tickets.md)`);
    }
  }
  onlyFields(s, keys, `tickets.${name}.`, fail);
  return s;
}

function labels(v: unknown, name: string, fail: (r: string) => never): string[] {
  const l = strings(v, name, fail);
  for (const s of l) if (s.includes(',')) fail(`"${name}": a label cannot contain a comma ("${s}")`);
  return l;
}
export function duration(v: unknown, name: string, fail: Fail, maxMs = Number.POSITIVE_INFINITY): number {
  const ms = typeof v === 'string' ? parseDuration(v) : undefined; // a bare number would be ambiguous here
  if (ms === undefined) return fail(`"${name}" must be a duration such as "24h", "7d", "2w" or "500ms"`);
  if (ms > maxMs) return fail(`"${name}" must be at most ${formatDuration(maxMs)}`);
  return ms;
}
function url(v: unknown, name: string, fail: Fail): string {
  const s = str(v, name, fail);
  const refused = refusedDestination(s);
  if (refused) fail(`"${name}" ${refused}`);
  return s.replace(/\/+$/, '');
}
function envName(v: unknown, name: string, fail: (r: string) => never): string {
  const s = str(v, name, fail);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) fail(`"${name}" must name an environment variable (letters, digits, _), not hold its value`);
  return s;
}
