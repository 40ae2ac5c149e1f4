import { int, nonEmptyString as str, onlyFields, readTomlFile, table, type Table } from '../config/toml.js';
import { ConfigError } from '../config/config.js';
import { RISKS, RULE_KINDS, type Risk, type RuleKind } from '../rules/types.js';
import { duration, parseGithub, parseGitlab, parseJira, parseWebhook, section, type Fail } from './config-trackers.js';
import { DEFAULT_POLICY, type RevocationPolicy } from '../policy/revoke.js';
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

