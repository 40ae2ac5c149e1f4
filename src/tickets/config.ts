import { bool, int, nonEmptyString as str, nonEmptyStrings as strings, onlyFields, readTomlFile, table, type Table } from '../config/toml.js';
import { ConfigError } from '../config/config.js';
import { RISKS, RULE_KINDS, type Risk, type RuleKind } from '../rules/types.js';
import { refusedDestination } from './destination.js';
import { parseDuration } from '../model/duration.js';
import { DEFAULT_POLICY, formatDuration, type RevocationPolicy } from '../policy/revoke.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry.js';
import type { ForgeKind } from '../git/remote-web.js';
import type { TrackerKind } from './types.js';

export const TRACKERS: readonly TrackerKind[] = ['jsonl', 'github', 'gitlab', 'jira', 'webhook'];
export type { ForgeKind } from '../git/remote-web.js';

export interface GithubConfig {
  /** owner/name; default: the GitHub remote of the repository. */
  repo?: string;
  apiUrl: string;
  /** Environment variable holding the token; default KEYWARD_GITHUB_TOKEN, then GITHUB_TOKEN. */
  tokenEnv?: string;
  labels: string[];
  assignees: string[];
  /** Also assign the users (not teams) CODEOWNERS names for the secret's path. */
  assignCodeowners: boolean;
}

export interface GitlabConfig {
  /** Numeric id or full path (group/sub/project); default: the GitLab remote of the repository. */
  project?: string;
  /** Instance URL, e.g. https://gitlab.com (the API is at /api/v4). */
  url?: string;
  tokenEnv?: string;
  labels: string[];
  assigneeIds: number[];
  dueDate: boolean;
}

export interface JiraConfig {
  /** Site URL, e.g. https://acme.atlassian.net (required when the tracker is jira; trusted sources only). */
  url?: string;
  /** Project key (required when the tracker is jira; trusted sources only). */
  project?: string;
  issueType: string;
  emailEnv?: string;
  tokenEnv?: string;
  labels: string[];
  assigneeAccountId?: string;
  /** Jira priority name per risk tier (names differ between sites, so none by default). */
  priority: Partial<Record<Risk, string>>;
  /** Set the Due date field to the revocation deadline (the field must be on the create screen). */
  dueDate: boolean;
  /** How long a new issue may take to appear in JQL search (default 5s). */
  searchLagMs: number;
}

export interface WebhookConfig {
  /** Receiver URL; a chat webhook URL is itself a secret: give it in an environment variable instead (url_env). */
  url?: string;
  /** Environment variable holding the URL; default KEYWARD_WEBHOOK_URL when url is not set. */
  urlEnv?: string;
  /** Optional bearer token; default KEYWARD_WEBHOOK_TOKEN if set. */
  tokenEnv?: string;
}

export interface JsonlConfig {
  /** Relative paths are resolved from the repository's top level. Default: .git/keyward/tickets.jsonl */
  path?: string;
  /** Set when the path came from the scanned repository's own config: it must stay inside the repository. */
  untrustedFrom?: string;
}

export interface TicketsConfig {
  /** The config files read, in the order they were applied. */
  files: string[];
  tracker: TrackerKind;
  concurrency: number;
  retry: RetryOptions;
  policy: RevocationPolicy;
  /** Hosts that are GitHub or GitLab instances, for links in tickets (github.com and gitlab.com are known). */
  linkHosts: Record<string, ForgeKind>;
  /** The same, from trusted sources only: these may decide which remote names the tracker target. */
  forgeHosts: Record<string, ForgeKind>;
  jsonl: JsonlConfig;
  github: GithubConfig;
  gitlab: GitlabConfig;
  jira: JiraConfig;
  webhook: WebhookConfig;
}

export const DEFAULT_LABELS = ['security', 'leaked-secret'];

export function defaultTicketsConfig(): TicketsConfig {
  return {
    files: [],
    tracker: 'jsonl',
    concurrency: 4,
    retry: { ...DEFAULT_RETRY },
    policy: { risk: { ...DEFAULT_POLICY.risk }, kind: {} },
    linkHosts: {},
    forgeHosts: {},
    jsonl: {},
    github: { apiUrl: 'https://api.github.com', labels: [...DEFAULT_LABELS], assignees: [], assignCodeowners: false },
    gitlab: { labels: [...DEFAULT_LABELS], assigneeIds: [], dueDate: true },
    jira: { issueType: 'Task', labels: [...DEFAULT_LABELS], priority: {}, dueDate: true, searchLagMs: 5000 },
    webhook: {},
  };
}

/**
 * Where a config file comes from. Trusted: the user's own config file or a path given with
 * --config. Untrusted: the keyward.toml found in the scanned repository, which anyone who can
 * open a pull request controls: it may tune ticket wording (and tighten [policy.revoke]), never where tickets,
 * data or credentials go.
 */
export interface ConfigSource {
  file: string;
  trusted: boolean;
  /** Receives one line per field an untrusted file set and keyward ignored. */
  warn?: (line: string) => void;
}

/** Fields that choose a destination or a credential: ignored (with a warning) in an untrusted file. */
const DESTINATIONS: Record<string, readonly string[]> = {
  tickets: ['tracker'],
  github: ['repo', 'api_url', 'token_env'],
  gitlab: ['project', 'url', 'token_env'],
  jira: ['url', 'project', 'email_env', 'token_env'],
  webhook: ['url', 'url_env', 'token_env'],
};

/** Keys that would put a credential in the config file: refused, with the way to do it instead. */
const CREDENTIAL_KEYS = /^(token|api_token|apitoken|access_token|private_token|password|secret|api_key|apikey|auth|authorization|credentials?)$/i;

/** Reads the [tickets] section of one config file into `cfg` (absent section: cfg unchanged). */
export function loadTicketsConfig(src: ConfigSource, cfg = defaultTicketsConfig()): TicketsConfig {
  const doc = readTomlFile(src.file) as Table;
  cfg.files.push(src.file);
  if (doc.tickets === undefined) return cfg;
  return parseTickets(doc.tickets, src, cfg);
}

/**
 * Validates a parsed [tickets] table and applies it over `cfg` (later sources win); every problem
 * names the file and the field.
 */
export function parseTickets(raw: unknown, src: ConfigSource, cfg = defaultTicketsConfig()): TicketsConfig {
  const fail = (reason: string): never => {
    throw new ConfigError(src.file, reason);
  };
  let t = table(raw, 'tickets', fail);
  if (!src.trusted) t = withoutDestinations(t, src);
  onlyFields(t, ['tracker', 'concurrency', 'retries', 'backoff', 'timeout', 'policy', 'link_hosts', 'jsonl', 'github', 'gitlab', 'jira', 'webhook'], 'tickets.', fail);

  if (t.tracker !== undefined) {
    if (!TRACKERS.includes(t.tracker as TrackerKind)) fail(`tickets.tracker must be one of ${TRACKERS.join(', ')}`);
    cfg.tracker = t.tracker as TrackerKind;
  }
  if (t.concurrency !== undefined) cfg.concurrency = int(t.concurrency, 'tickets.concurrency', 1, 16, fail);
  if (t.retries !== undefined) cfg.retry.retries = int(t.retries, 'tickets.retries', 0, 10, fail);
  if (t.backoff !== undefined) cfg.retry.baseDelayMs = duration(t.backoff, 'tickets.backoff', fail, MAX_BACKOFF_MS);
  if (t.timeout !== undefined) cfg.retry.timeoutMs = duration(t.timeout, 'tickets.timeout', fail, MAX_TIMEOUT_MS);
  if (t.policy !== undefined) legacyPolicy(t.policy, src, cfg, fail);
  if (t.link_hosts !== undefined) parseLinkHosts(t.link_hosts, cfg, src.trusted, fail);
  if (t.jsonl !== undefined) {
    const s = section(t.jsonl, 'jsonl', ['path'], fail);
    if (s.path !== undefined) cfg.jsonl = { path: str(s.path, 'tickets.jsonl.path', fail), ...(src.trusted ? {} : { untrustedFrom: src.file }) };
  }
  if (t.github !== undefined) parseGithub(t.github, cfg.github, fail);
  if (t.gitlab !== undefined) parseGitlab(t.gitlab, cfg.gitlab, fail);
  if (t.jira !== undefined) parseJira(t.jira, cfg.jira, fail);
  if (t.webhook !== undefined) parseWebhook(t.webhook, cfg.webhook, fail);
  return cfg;
}

/** A copy of `t` without the destination fields, each named on stderr: ignored, never silently. */
function withoutDestinations(t: Table, src: ConfigSource): Table {
  const out: Table = { ...t };
  const ignore = (holder: Table, key: string, field: string): void => {
    if (holder[key] === undefined) return;
    delete holder[key];
    src.warn?.(
      `warning: ${src.file}: ${field} is ignored: the scanned repository's own config cannot choose where tickets or credentials go; ` +
        'set it in your user config (~/.config/keyward/config.toml), with --config, or in the environment (see docs/tickets.md)',
    );
  };
  for (const key of DESTINATIONS.tickets!) ignore(out, key, `tickets.${key}`);
  for (const [name, keys] of Object.entries(DESTINATIONS)) {
    if (name === 'tickets' || typeof out[name] !== 'object' || out[name] === null || Array.isArray(out[name])) continue;
    const s: Table = { ...(out[name] as Table) };
    for (const key of keys) ignore(s, key, `tickets.${name}.${key}`);
    out[name] = s;
  }
  return out;
}

/** Upper bounds: a config must not be able to stall a CI job for days. */
const MAX_BACKOFF_MS = 30_000;
const MAX_TIMEOUT_MS = 10 * 60_000;
const MAX_SEARCH_LAG_MS = 2 * 60_000;

/**
 * `[tickets.policy]`, the revocation windows before `[policy.revoke]` held them: still read from a
 * trusted file (deprecated, `[policy.revoke]` wins), ignored in the scanned repository's own config,
 * where only `[policy.revoke]` may tighten them.
 */
function legacyPolicy(raw: unknown, src: ConfigSource, cfg: TicketsConfig, fail: Fail): void {
  if (!src.trusted) {
    src.warn?.(
      `warning: ${src.file}: tickets.policy is ignored: revocation deadlines come from [policy.revoke], which the scanned repository's own config may only tighten (see docs/governance.md)`,
    );
    return;
  }
  parsePolicy(raw, cfg, fail);
  src.warn?.(`note: ${src.file}: [tickets.policy] is deprecated: move its windows to [policy.revoke] (same fields), which wins over it (see docs/governance.md)`);
}

function parsePolicy(raw: unknown, cfg: TicketsConfig, fail: Fail): void {
  const p = table(raw, 'tickets.policy', fail);
  onlyFields(p, [...RISKS, 'kinds'], 'tickets.policy.', fail);
  for (const risk of RISKS) if (p[risk] !== undefined) cfg.policy.risk[risk] = duration(p[risk], `tickets.policy.${risk}`, fail);
  if (p.kinds === undefined) return;
  const k = table(p.kinds, 'tickets.policy.kinds', fail);
  for (const [kind, v] of Object.entries(k)) {
    if (!(RULE_KINDS as readonly string[]).includes(kind)) fail(`tickets.policy.kinds: unknown kind "${kind}" (kinds: ${RULE_KINDS.join(', ')})`);
    cfg.policy.kind[kind as RuleKind] = duration(v, `tickets.policy.kinds.${kind}`, fail);
  }
}

function parseLinkHosts(raw: unknown, cfg: TicketsConfig, trusted: boolean, fail: Fail): void {
  const h = table(raw, 'tickets.link_hosts', fail);
  for (const [host, kind] of Object.entries(h)) {
    if (kind !== 'github' && kind !== 'gitlab') fail(`tickets.link_hosts."${host}" must be "github" or "gitlab"`);
    cfg.linkHosts[host.toLowerCase()] = kind as ForgeKind;
    if (trusted) cfg.forgeHosts[host.toLowerCase()] = kind as ForgeKind;
  }
}

function parseGithub(raw: unknown, g: GithubConfig, fail: Fail): void {
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

function parseGitlab(raw: unknown, g: GitlabConfig, fail: Fail): void {
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

function parseJira(raw: unknown, j: JiraConfig, fail: Fail): void {
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

function parseWebhook(raw: unknown, w: WebhookConfig, fail: Fail): void {
  const s = section(raw, 'webhook', ['url', 'url_env', 'token_env'], fail);
  if (s.url !== undefined && s.url_env !== undefined) fail('tickets.webhook: set url or url_env, not both');
  // A later source that names the URL replaces how an earlier one named it.
  if (s.url !== undefined) Object.assign(w, { url: url(s.url, 'tickets.webhook.url', fail), urlEnv: undefined });
  if (s.url_env !== undefined) Object.assign(w, { urlEnv: envName(s.url_env, 'tickets.webhook.url_env', fail), url: undefined });
  if (s.token_env !== undefined) w.tokenEnv = envName(s.token_env, 'tickets.webhook.token_env', fail);
}

type Fail = (reason: string) => never;

function section(v: unknown, name: string, keys: string[], fail: (r: string) => never): Table {
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
function duration(v: unknown, name: string, fail: Fail, maxMs = Number.POSITIVE_INFINITY): number {
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
