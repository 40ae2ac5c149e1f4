import type { Finding } from '../model/finding.js';
import { BaselineError } from './errors.js';
import { readLineFile } from './line-file.js';

export const GITLEAKS_IGNORE_FILE = '.gitleaksignore';

/**
 * A `.gitleaksignore` line, gitleaks' fingerprint: `file:rule-id:line` for files and
 * `commit:file:rule-id:line` for history. It keys on a line number, so it breaks when lines move
 * (as it does in gitleaks); keyward honours it for teams moving over, and its own baseline does not.
 */
export interface GitleaksIgnore {
  commit?: string;
  file: string;
  rule: string;
  line: number;
}

/**
 * gitleaks rule ids whose keyward rule has another id (or is a family). Ids not here match the
 * keyward rule of the same id; an id keyward has no rule for matches any rule at that location
 * (the location is what was accepted).
 */
const RULE_MAP: Record<string, string[]> = {
  'github-pat': ['github-pat-classic'],
  'github-fine-grained-pat': ['github-pat-fine-grained'],
  'github-oauth': ['github-oauth-token'],
  'github-app-token': ['github-user-to-server-token', 'github-app-installation-token'],
  'gitlab-pat': ['gitlab-pat', 'gitlab-pat-routable'],
  'gitlab-rrt': ['gitlab-runner-registration-token'],
  'aws-access-token': ['aws-access-key-id'],
  'private-key': ['private-key-*'],
  'generic-api-key': ['generic-*'],
  'stripe-access-token': ['stripe-*'],
  'openai-api-key': ['openai-*'],
  'slack-webhook-url': ['slack-webhook-url', 'slack-workflow-webhook-url'],
  'npm-access-token': ['npm-access-token'],
  'jwt': ['jwt'],
};

export function readGitleaksIgnore(file: string): GitleaksIgnore[] {
  return readLineFile(file, (line, where) => parseLine(line, where));
}

/** Parsed from the right: file names may hold ':'; a leading 40 or 64 hex part is the commit. */
function parseLine(line: string, where: string): GitleaksIgnore {
  const parts = line.split(':');
  const lineNo = Number(parts.pop());
  const rule = parts.pop();
  if (parts.length === 0 || !rule || !Number.isInteger(lineNo) || lineNo < 1) {
    throw new BaselineError(`${where}: expected file:rule-id:line or commit:file:rule-id:line`);
  }
  const commit = parts.length > 1 && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(parts[0]!) ? parts.shift() : undefined;
  return { file: parts.join(':'), rule, line: lineNo, ...(commit ? { commit } : {}) };
}

export function ruleMatches(gitleaksRule: string, keywardRule: string, known: (id: string) => boolean): boolean {
  const targets = RULE_MAP[gitleaksRule] ?? (known(gitleaksRule) ? [gitleaksRule] : undefined);
  if (!targets) return true;
  return targets.some((t) => (t.endsWith('*') ? keywardRule.startsWith(t.slice(0, -1)) : t === keywardRule));
}

/** An entry with a commit matches only that commit's finding; one without matches at file:line whatever the commit. */
export function gitleaksMatches(g: GitleaksIgnore, f: Finding, known: (id: string) => boolean): boolean {
  if (!ruleMatches(g.rule, f.ruleId, known)) return false;
  const at = (commit: string | undefined, file: string, line: number): boolean =>
    file === g.file && line === g.line && (g.commit === undefined || commit === g.commit);
  if (at(f.commit, f.file, f.line)) return true;
  return g.commit !== undefined && (f.locations ?? []).some((l) => at(l.commit, l.file, l.line));
}
