import { bool, readTomlFile, type Table } from '../config/toml.js';
import { ConfigError } from '../config/config.js';
import { RISKS, RULE_KINDS, type Risk, type RuleKind } from '../rules/types.js';
import { DEFAULT_POLICY, parseDuration, type RevocationPolicy } from './policy.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry.js';
import type { TrackerKind } from './types.js';

export const TRACKERS: readonly TrackerKind[] = ['jsonl', 'github', 'gitlab', 'jira', 'webhook'];
export type ForgeKind = 'github' | 'gitlab';

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
  /** Site URL, e.g. https://acme.atlassian.net */
  url: string;
  project: string;
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
}

export interface TicketsConfig {
  /** The keyward.toml this came from, if any. */
  file?: string;
  tracker: TrackerKind;
  concurrency: number;
  retry: RetryOptions;
  policy: RevocationPolicy;
  /** Hosts that are GitHub or GitLab instances (github.com and gitlab.com are known). */
  linkHosts: Record<string, ForgeKind>;
  jsonl: JsonlConfig;
  github: GithubConfig;
  gitlab: GitlabConfig;
  jira?: JiraConfig;
  webhook: WebhookConfig;
}

export const DEFAULT_LABELS = ['security', 'leaked-secret'];

export function defaultTicketsConfig(): TicketsConfig {
  return {
    tracker: 'jsonl',
    concurrency: 4,
    retry: { ...DEFAULT_RETRY },
    policy: { risk: { ...DEFAULT_POLICY.risk }, kind: {} },
    linkHosts: {},
    jsonl: {},
    github: { apiUrl: 'https://api.github.com', labels: [...DEFAULT_LABELS], assignees: [], assignCodeowners: false },
    gitlab: { labels: [...DEFAULT_LABELS], assigneeIds: [], dueDate: true },
    webhook: {},
  };
}


/** Keys that would put a credential in the config file: refused, with the way to do it instead. */
const CREDENTIAL_KEYS = /^(token|api_token|apitoken|access_token|private_token|password|secret|api_key|apikey|auth|authorization|credentials?)$/i;

/** Reads the [tickets] section of keyward.toml (absent file or section: defaults). */
export function loadTicketsConfig(file: string | undefined): TicketsConfig {
  const cfg = defaultTicketsConfig();
  if (!file) return cfg;
  const doc = readTomlFile(file) as Table;
  cfg.file = file;
  if (doc.tickets === undefined) return cfg;
  return parseTickets(doc.tickets, file, cfg);
}

/** Validates a parsed [tickets] table; every problem names the field and what is expected. */
export function parseTickets(raw: unknown, file: string, cfg = defaultTicketsConfig()): TicketsConfig {
  const fail = (reason: string): never => {
    throw new ConfigError(file, reason);
  };
  const t = table(raw, 'tickets', fail);
  only(t, ['tracker', 'concurrency', 'retries', 'backoff', 'timeout', 'policy', 'link_hosts', 'jsonl', 'github', 'gitlab', 'jira', 'webhook'], 'tickets', fail);

  if (t.tracker !== undefined) {
    if (!TRACKERS.includes(t.tracker as TrackerKind)) fail(`tickets.tracker must be one of ${TRACKERS.join(', ')}`);
    cfg.tracker = t.tracker as TrackerKind;
  }
  if (t.concurrency !== undefined) cfg.concurrency = int(t.concurrency, 'tickets.concurrency', 1, 16, fail);
  if (t.retries !== undefined) cfg.retry.retries = int(t.retries, 'tickets.retries', 0, 10, fail);
  if (t.backoff !== undefined) cfg.retry.baseDelayMs = duration(t.backoff, 'tickets.backoff', fail);
  if (t.timeout !== undefined) cfg.retry.timeoutMs = duration(t.timeout, 'tickets.timeout', fail);

  if (t.policy !== undefined) {
    const p = table(t.policy, 'tickets.policy', fail);
    only(p, [...RISKS, 'kinds'], 'tickets.policy', fail);
    for (const risk of RISKS) if (p[risk] !== undefined) cfg.policy.risk[risk] = duration(p[risk], `tickets.policy.${risk}`, fail);
    if (p.kinds !== undefined) {
      const k = table(p.kinds, 'tickets.policy.kinds', fail);
      for (const [kind, v] of Object.entries(k)) {
        if (!(RULE_KINDS as readonly string[]).includes(kind)) fail(`tickets.policy.kinds: unknown kind "${kind}" (kinds: ${RULE_KINDS.join(', ')})`);
        cfg.policy.kind[kind as RuleKind] = duration(v, `tickets.policy.kinds.${kind}`, fail);
      }
    }
  }

  if (t.link_hosts !== undefined) {
    const h = table(t.link_hosts, 'tickets.link_hosts', fail);
    for (const [host, kind] of Object.entries(h)) {
      if (kind !== 'github' && kind !== 'gitlab') fail(`tickets.link_hosts."${host}" must be "github" or "gitlab"`);
      cfg.linkHosts[host.toLowerCase()] = kind as ForgeKind;
    }
  }

  if (t.jsonl !== undefined) {
    const s = section(t.jsonl, 'jsonl', ['path'], fail);
    if (s.path !== undefined) cfg.jsonl.path = str(s.path, 'tickets.jsonl.path', fail);
  }

  if (t.github !== undefined) {
    const s = section(t.github, 'github', ['repo', 'api_url', 'token_env', 'labels', 'assignees', 'assign_codeowners'], fail);
    const g = cfg.github;
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

  if (t.gitlab !== undefined) {
    const s = section(t.gitlab, 'gitlab', ['project', 'url', 'token_env', 'labels', 'assignee_ids', 'due_date'], fail);
    const g = cfg.gitlab;
    if (s.project !== undefined) {
      g.project = typeof s.project === 'number' ? String(s.project) : str(s.project, 'tickets.gitlab.project', fail);
    }
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

  if (t.jira !== undefined) {
    const s = section(t.jira, 'jira', ['url', 'project', 'issue_type', 'email_env', 'token_env', 'labels', 'assignee_account_id', 'priority', 'due_date', 'search_lag'], fail);
    if (s.url === undefined) fail('tickets.jira.url is required (e.g. "https://acme.atlassian.net")');
    if (s.project === undefined) fail('tickets.jira.project is required (the project key, e.g. "SEC")');
    const j: JiraConfig = {
      url: url(s.url, 'tickets.jira.url', fail),
      project: str(s.project, 'tickets.jira.project', fail),
      issueType: s.issue_type === undefined ? 'Task' : str(s.issue_type, 'tickets.jira.issue_type', fail),
      labels: s.labels === undefined ? [...DEFAULT_LABELS] : labels(s.labels, 'tickets.jira.labels', fail),
      priority: {},
      dueDate: s.due_date === undefined ? true : bool(s.due_date, 'tickets.jira.due_date', fail),
      searchLagMs: s.search_lag === undefined ? 5000 : duration(s.search_lag, 'tickets.jira.search_lag', fail),
    };
    if (!/^[A-Z][A-Z0-9_]{0,254}$/.test(j.project)) fail('tickets.jira.project must be a project key in capitals, e.g. "SEC"');
    if (j.labels.some((l) => /\s/.test(l))) fail('tickets.jira.labels: Jira labels cannot contain spaces');
    if (s.email_env !== undefined) j.emailEnv = envName(s.email_env, 'tickets.jira.email_env', fail);
    if (s.token_env !== undefined) j.tokenEnv = envName(s.token_env, 'tickets.jira.token_env', fail);
    if (s.assignee_account_id !== undefined) j.assigneeAccountId = str(s.assignee_account_id, 'tickets.jira.assignee_account_id', fail);
    if (s.priority !== undefined) {
      const p = table(s.priority, 'tickets.jira.priority', fail);
      only(p, [...RISKS], 'tickets.jira.priority', fail);
      for (const risk of RISKS) if (p[risk] !== undefined) j.priority[risk] = str(p[risk], `tickets.jira.priority.${risk}`, fail);
    }
    cfg.jira = j;
  }

  if (t.webhook !== undefined) {
    const s = section(t.webhook, 'webhook', ['url', 'url_env', 'token_env'], fail);
    if (s.url !== undefined && s.url_env !== undefined) fail('tickets.webhook: set url or url_env, not both');
    if (s.url !== undefined) cfg.webhook.url = url(s.url, 'tickets.webhook.url', fail);
    if (s.url_env !== undefined) cfg.webhook.urlEnv = envName(s.url_env, 'tickets.webhook.url_env', fail);
    if (s.token_env !== undefined) cfg.webhook.tokenEnv = envName(s.token_env, 'tickets.webhook.token_env', fail);
  }

  if (cfg.tracker === 'jira' && !cfg.jira) fail('tickets.tracker is "jira" but there is no [tickets.jira] section (url and project are required)');
  return cfg;
}

function section(v: unknown, name: string, keys: string[], fail: (r: string) => never): Table {
  const s = table(v, `tickets.${name}`, fail);
  for (const k of Object.keys(s)) {
    if (CREDENTIAL_KEYS.test(k)) {
      // Never echo the value: it may be a real credential.
      fail(`tickets.${name}.${k}: credentials are never read from keyward.toml; put it in an environment variable and name that variable with "token_env" (see docs/tickets.md)`);
    }
  }
  only(s, keys, `tickets.${name}`, fail);
  return s;
}

function only(t: Table, keys: readonly string[], prefix: string, fail: (r: string) => never): void {
  for (const k of Object.keys(t)) if (!keys.includes(k)) fail(`unknown field "${prefix}.${k}" (expected one of: ${keys.join(', ')})`);
}
function table(v: unknown, name: string, fail: (r: string) => never): Table {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`"${name}" must be a table`);
  return v as Table;
}
function str(v: unknown, name: string, fail: (r: string) => never): string {
  if (typeof v !== 'string' || v.trim() === '') return fail(`"${name}" must be a non-empty string`);
  return v;
}
function strings(v: unknown, name: string, fail: (r: string) => never): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.trim() !== '')) return fail(`"${name}" must be an array of non-empty strings`);
  return v as string[];
}
function labels(v: unknown, name: string, fail: (r: string) => never): string[] {
  const l = strings(v, name, fail);
  for (const s of l) if (s.includes(',')) fail(`"${name}": a label cannot contain a comma ("${s}")`);
  return l;
}
function int(v: unknown, name: string, min: number, max: number, fail: (r: string) => never): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return fail(`"${name}" must be a whole number from ${min} to ${max}`);
  return v;
}
function duration(v: unknown, name: string, fail: (r: string) => never): number {
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) return fail(`"${name}" must be a duration such as "24h", "7d", "2w" or "500ms"`);
  return ms;
}
function url(v: unknown, name: string, fail: (r: string) => never): string {
  const s = str(v, name, fail);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return fail(`"${name}" must be an http(s) URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(`"${name}" must be an http(s) URL`);
  if (u.username || u.password) fail(`"${name}": credentials are never read from keyward.toml; remove them from the URL and use an environment variable`);
  return s.replace(/\/+$/, '');
}
function envName(v: unknown, name: string, fail: (r: string) => never): string {
  const s = str(v, name, fail);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) fail(`"${name}" must name an environment variable (letters, digits, _), not hold its value`);
  return s;
}
