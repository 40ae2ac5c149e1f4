import { DEFAULT_LABELS, type TicketsConfig } from '../config.js';
import { refusedDestination } from '../destination.js';
import { TrackerError } from '../errors.js';
import { jsonlFile } from '../jsonl-path.js';
import { parseRemote, type RemoteWeb } from '../../git/remote-web.js';
import type { TicketsRepo } from '../repo.js';
import type { Tracker, TrackerKind } from '../types.js';
import { TicketsUsageError } from '../usage-error.js';
import { GithubTracker } from './github.js';
import { GitlabTracker } from './gitlab.js';
import { JiraTracker } from './jira.js';
import { JsonlTracker } from './jsonl.js';
import { WebhookTracker } from './webhook.js';

/**
 * Where tickets go, known before any credential is read: a dry run needs the target (to read
 * local state) but no token.
 */
export interface TrackerPlan {
  kind: TrackerKind;
  /** Same as the built tracker's `target`: local state is keyed by it. */
  target: string;
  name: string;
  labels: string[];
  /** Assignees for a ticket whose paths have these CODEOWNERS owners. */
  assigneesFor(owners: string[]): string[];
  /** Reads credentials from the environment and builds the client. */
  build(warn: (message: string) => void): Tracker;
}

export interface PlanContext {
  repo: TicketsRepo;
  env: NodeJS.ProcessEnv;
  userAgent: string;
}

export function planTracker(cfg: TicketsConfig, ctx: PlanContext): TrackerPlan {
  switch (cfg.tracker) {
    case 'jsonl':
      return planJsonl(cfg, ctx);
    case 'github':
      return planGithub(cfg, ctx);
    case 'gitlab':
      return planGitlab(cfg, ctx);
    case 'jira':
      return planJira(cfg, ctx);
    case 'webhook':
      return planWebhook(cfg, ctx);
  }
}

const none = (): string[] => [];

function planJsonl(cfg: TicketsConfig, ctx: PlanContext): TrackerPlan {
  const file = jsonlFile(cfg, ctx.repo);
  return { kind: 'jsonl', target: JsonlTracker.targetOf(file), name: `JSONL file ${file}`, labels: [...DEFAULT_LABELS], assigneesFor: none, build: () => new JsonlTracker(file) };
}

function planGithub(cfg: TicketsConfig, ctx: PlanContext): TrackerPlan {
  const g = cfg.github;
  const apiHost = new URL(g.apiUrl).host;
  const fromRemote = g.repo ? undefined : pickRemote(ctx.repo, cfg, (w) => w.forge === 'github' && (w.host === apiHost || (w.host === 'github.com' && apiHost === 'api.github.com')));
  const slug = g.repo ?? (fromRemote && /^[^/]+\/[^/]+$/.test(fromRemote.path) ? fromRemote.path : undefined);
  if (!slug) throw new TrackerError('GitHub: no repository to open issues in; set tickets.github.repo = "owner/name" (no GitHub remote of this repository matches tickets.github.api_url)');
  const [owner, repo] = slug.split('/') as [string, string];
  return {
    kind: 'github',
    target: GithubTracker.targetOf(g.apiUrl, owner, repo),
    name: `GitHub ${slug}`,
    labels: g.labels,
    assigneesFor: (owners) => [...new Set([...g.assignees, ...(g.assignCodeowners ? owners.filter((o) => /^@[A-Za-z0-9-]+$/.test(o)).map((o) => o.slice(1)) : [])])],
    build: (warn) => {
      const names = g.tokenEnv ? [g.tokenEnv] : ['KEYWARD_GITHUB_TOKEN', 'GITHUB_TOKEN'];
      const token = firstEnv(ctx.env, names);
      const tokenSource = names.join(' (or ') + (names.length > 1 ? ')' : '');
      if (!token) throw new TrackerError(`GitHub ${slug}: no token; set ${tokenSource} to a token that can write issues of ${slug}`);
      return new GithubTracker({ apiUrl: g.apiUrl, owner, repo, token, tokenSource, userAgent: ctx.userAgent, warn });
    },
  };
}

function planGitlab(cfg: TicketsConfig, ctx: PlanContext): TrackerPlan {
  const g = cfg.gitlab;
  const cfgHost = g.url ? new URL(g.url).host : undefined;
  const fromRemote = g.project ? undefined : pickRemote(ctx.repo, cfg, (w) => w.forge === 'gitlab' && (cfgHost === undefined || w.host === cfgHost));
  const project = g.project ?? fromRemote?.path;
  if (!project) throw new TrackerError('GitLab: no project to open issues in; set tickets.gitlab.project (numeric id or "group/project")');
  const url = g.url ?? (fromRemote ? `https://${fromRemote.host}` : 'https://gitlab.com');
  return {
    kind: 'gitlab',
    target: GitlabTracker.targetOf(url, project),
    name: `GitLab ${project}`,
    labels: g.labels,
    assigneesFor: none,
    build: () => {
      const names = g.tokenEnv ? [g.tokenEnv] : ['KEYWARD_GITLAB_TOKEN', 'GITLAB_TOKEN'];
      const token = firstEnv(ctx.env, names);
      const tokenSource = names.join(' (or ') + (names.length > 1 ? ')' : '');
      if (!token) throw new TrackerError(`GitLab ${project}: no token; set ${tokenSource} to an access token with the "api" scope`);
      return new GitlabTracker({ url, project, token, tokenSource, assigneeIds: g.assigneeIds, dueDate: g.dueDate, userAgent: ctx.userAgent });
    },
  };
}

function planJira(cfg: TicketsConfig, ctx: PlanContext): TrackerPlan {
  const j = cfg.jira;
  const { url, project } = j;
  if (!url || !project) {
    throw new TicketsUsageError('the tracker is jira but tickets.jira.url and tickets.jira.project are not both set; set them in your user config or the --config file (docs/tickets.md)');
  }
  return {
    kind: 'jira',
    target: JiraTracker.targetOf(url, project),
    name: `Jira ${project}`,
    labels: j.labels,
    assigneesFor: none,
    build: (warn) => {
      const emailEnv = j.emailEnv ?? 'KEYWARD_JIRA_EMAIL';
      const tokenEnv = j.tokenEnv ?? 'KEYWARD_JIRA_API_TOKEN';
      const email = ctx.env[emailEnv];
      const apiToken = ctx.env[tokenEnv];
      const credentialSource = `${emailEnv} and ${tokenEnv}`;
      if (!email || !apiToken) throw new TrackerError(`Jira ${project}: no credentials; set ${credentialSource} (the account's email and an API token)`);
      return new JiraTracker({
        url,
        project,
        issueType: j.issueType,
        email,
        apiToken,
        credentialSource,
        assigneeAccountId: j.assigneeAccountId,
        priority: j.priority,
        dueDate: j.dueDate,
        searchLagMs: j.searchLagMs,
        userAgent: ctx.userAgent,
        warn,
      });
    },
  };
}

function planWebhook(cfg: TicketsConfig, ctx: PlanContext): TrackerPlan {
  const w = cfg.webhook;
  const urlEnv = w.urlEnv ?? 'KEYWARD_WEBHOOK_URL';
  const url = w.url ?? ctx.env[urlEnv];
  if (!url) throw new TrackerError(`webhook: no URL; set tickets.webhook.url, or the environment variable ${urlEnv}`);
  // The URL of a chat hook is itself a secret: say what is wrong with it, never echo it.
  const refused = refusedDestination(url);
  if (refused) throw new TrackerError(`webhook: ${w.url ? 'tickets.webhook.url' : urlEnv} ${refused}`);
  return {
    kind: 'webhook',
    target: WebhookTracker.targetOf(url),
    name: WebhookTracker.nameOf(url),
    labels: [...DEFAULT_LABELS],
    assigneesFor: none,
    build: () => {
      const tokenEnv = w.tokenEnv ?? 'KEYWARD_WEBHOOK_TOKEN';
      const token = ctx.env[tokenEnv] || undefined;
      if (w.tokenEnv && !token) throw new TrackerError(`webhook: tickets.webhook.token_env names ${tokenEnv}, which is not set`);
      const source = `${w.url ? 'tickets.webhook.url' : urlEnv}${token ? ` / ${tokenEnv}` : ''}`;
      return new WebhookTracker({ url, token, source, userAgent: ctx.userAgent });
    },
  };
}

function firstEnv(env: NodeJS.ProcessEnv, names: string[]): string | undefined {
  for (const n of names) if (env[n]) return env[n];
  return undefined;
}

/**
 * origin first, then the other remotes in name order. Hosts are classified with the trusted
 * link_hosts only: the scanned repository's config must not turn a remote into a tracker target.
 */
function pickRemote(repo: TicketsRepo, cfg: TicketsConfig, ok: (w: RemoteWeb) => boolean): RemoteWeb | undefined {
  const names = [...repo.remotes.keys()].sort((a, b) => (a === 'origin' ? -1 : b === 'origin' ? 1 : a.localeCompare(b)));
  for (const n of names) {
    const w = parseRemote(repo.remotes.get(n)!, cfg.forgeHosts);
    if (w && ok(w)) return w;
  }
  return undefined;
}
