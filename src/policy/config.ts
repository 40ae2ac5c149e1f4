import { ConfigError, onlyFields, table } from '../config/toml.js';
import { RISKS, RULE_KINDS, type Risk, type RuleKind } from '../rules/types.js';
import { formatDuration } from './revoke.js';
import { parseDuration } from '../model/duration.js';
import type { Policy, Windows } from './policy.js';

/**
 * Where a `[policy]` section comes from. Trusted (the user config, --config) sets anything; the
 * scanned repository's own keyward.toml may only tighten: shorter windows, more public remotes.
 */
export interface PolicySource {
  file: string;
  trusted: boolean;
  /** One line per setting an untrusted file tried and keyward ignored. */
  warn: (line: string) => void;
}

type Fail = (reason: string) => never;

/** Applies one parsed `[policy]` table over `policy`; every problem names the file and the field. */
export function applyPolicy(raw: unknown, src: PolicySource, policy: Policy): void {
  const fail: Fail = (reason) => {
    throw new ConfigError(src.file, reason);
  };
  const t = table(raw, 'policy', fail);
  onlyFields(t, ['revoke', 'rotate', 'owners', 'public'], 'policy.', fail);
  policy.files.push(src.file);
  if (t.revoke !== undefined) windows(t.revoke, 'policy.revoke', policy.revoke, src, fail);
  if (t.rotate !== undefined) windows(t.rotate, 'policy.rotate', policy.rotate, src, fail);
  if (t.owners !== undefined) owners(t.owners, policy, src, fail);
  if (t.public !== undefined) publicRemotes(t.public, policy, src, fail);
}

function windows(raw: unknown, name: string, w: Windows, src: PolicySource, fail: Fail): void {
  const t = table(raw, name, fail);
  onlyFields(t, [...RISKS, 'kinds'], `${name}.`, fail);
  for (const risk of RISKS) {
    if (t[risk] !== undefined) set(w.risk, risk, duration(t[risk], `${name}.${risk}`, fail), `${name}.${risk}`, src);
  }
  if (t.kinds === undefined) return;
  for (const [kind, v] of Object.entries(table(t.kinds, `${name}.kinds`, fail))) {
    if (!(RULE_KINDS as readonly string[]).includes(kind)) fail(`${name}.kinds: unknown kind "${kind}" (kinds: ${RULE_KINDS.join(', ')})`);
    set(w.kind, kind as RuleKind, duration(v, `${name}.kinds.${kind}`, fail), `${name}.kinds.${kind}`, src);
  }
}

/** Sets a window (undefined: "none", no deadline); from an untrusted file only when it is shorter. */
function set<K extends Risk | RuleKind>(into: Partial<Record<K, number>>, key: K, ms: number | undefined, field: string, src: PolicySource): void {
  const now = into[key];
  if (!src.trusted && (ms === undefined || (now !== undefined && ms > now))) {
    src.warn(`warning: ${src.file}: ${field} is ignored: the scanned repository's own config may only tighten the policy (set it in your user config or with --config; see docs/governance.md)`);
    return;
  }
  if (ms === undefined) delete into[key];
  else into[key] = ms;
}

function owners(raw: unknown, policy: Policy, src: PolicySource, fail: Fail): void {
  if (!Array.isArray(raw)) fail('"policy.owners" must be an array of tables: [[policy.owners]] paths = ["services/pay/**"], owner = "@acme/payments"');
  const rules = (raw as unknown[]).map((r, i) => {
    const t = table(r, `policy.owners[${i}]`, fail);
    onlyFields(t, ['paths', 'owner'], `policy.owners[${i}].`, fail);
    const paths = t.paths;
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p.trim() !== '')) fail(`"policy.owners[${i}].paths" must be a non-empty array of globs`);
    if (typeof t.owner !== 'string' || t.owner.trim() === '') fail(`"policy.owners[${i}].owner" must be a non-empty string`);
    return { paths: paths as string[], owner: (t.owner as string).trim() };
  });
  if (!src.trusted) {
    // Who answers for a credential is the team's decision, not the branch's: CODEOWNERS is the repository's say.
    src.warn(`warning: ${src.file}: policy.owners is ignored: the scanned repository's own config cannot assign owners (use CODEOWNERS, or set it in your user config or with --config)`);
    return;
  }
  policy.owners.push(...rules);
}

function publicRemotes(raw: unknown, policy: Policy, src: PolicySource, fail: Fail): void {
  const t = table(raw, 'policy.public', fail);
  onlyFields(t, ['remotes', 'revoke'], 'policy.public.', fail);
  if (t.remotes !== undefined) {
    const r = t.remotes;
    if (!Array.isArray(r) || !r.every((s) => typeof s === 'string' && s.trim() !== '')) fail('"policy.public.remotes" must be an array of remote names or URL globs');
    // More public remotes only tighten: accepted from any source.
    policy.public.remotes.push(...(r as string[]));
  }
  if (t.revoke !== undefined) {
    const ms = duration(t.revoke, 'policy.public.revoke', fail, true);
    if (ms === undefined) fail('"policy.public.revoke" cannot be "none": a public exposure is always revoked');
    const holder: Partial<Record<'critical', number>> = { critical: policy.public.revokeMs };
    set(holder, 'critical', ms, 'policy.public.revoke', src);
    policy.public.revokeMs = holder.critical ?? policy.public.revokeMs;
  }
}

/** "30d", "12h", "0h" (public only: at once), or "none" (no deadline). */
function duration(v: unknown, name: string, fail: Fail, zeroOk = false): number | undefined {
  if (v === 'none') return undefined;
  if (zeroOk && typeof v === 'string' && /^\s*0+\s*(ms|s|m|h|d|w)?\s*$/i.test(v)) return 0;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) return fail(`"${name}" must be a duration such as "24h", "30d" or "2w", or "none"`);
  if (ms > 3650 * 86_400_000) return fail(`"${name}" must be at most ${formatDuration(3650 * 86_400_000)}`);
  return ms;
}
