import pc from 'picocolors';
import type { Finding, ScanResult } from '../model/finding.js';
import { plural, printable } from '../report/describe.js';
import { EXIT } from '../model/exit-codes.js';
import { BaselineError } from '../baseline/errors.js';

/** Which gate stopped the change: the wording of what to do depends on it. */
export type Gate = 'commit' | 'push' | 'receive';

export interface MessageOptions {
  color: boolean;
  /** pre-push: the remote's name or URL. */
  remote?: string;
  /** pre-receive: whether `git push -o keyward-bypass=...` is accepted. */
  bypassAllowed?: boolean;
}

/**
 * The message that blocks a commit or a push: each secret (file:line, rule, provider, redacted
 * value), why it matters, what to do, how to mark a false positive, how to bypass on purpose,
 * and that a secret that already left the machine must be revoked. Findings hold only the
 * redacted secret, so this text never carries one.
 */
export function blockedMessage(result: ScanResult, gate: Gate, opts: MessageOptions): string {
  const c = pc.createColors(opts.color);
  const { findings } = result;
  const lines: string[] = [c.red(c.bold(headline(findings, gate, opts))), ''];
  for (const f of findings) lines.push(...describeFinding(f, c));
  lines.push('');
  lines.push(
    `${c.bold('Why it matters:')} a committed secret is copied into every clone and stays in the history`,
    '  even after the file is fixed; anyone who can read the repository can use it.',
    c.bold('What to do:'),
    '  1. Take the value out of the code: read it at run time from an environment variable or a',
    '     secret manager (Vault, AWS/GCP/Azure secret manager, 1Password, Doppler, ...).',
    ...removalSteps(findings, gate),
    '  3. Not a secret (test data, a public value)? Mark the false positive: put keyward:allow in a',
    "     comment on that line, or add an allow pattern to keyward.toml: [allow] regexes = ['<regex>']",
    "     (or paths = ['<glob>'] for a whole file).",
  );
  if (gate === 'commit') lines.push(`${c.bold('Bypass on purpose')} (your responsibility): git commit --no-verify`);
  else if (gate === 'push') lines.push(`${c.bold('Bypass on purpose')} (your responsibility): git push --no-verify`);
  else if (opts.bypassAllowed) {
    lines.push(`${c.bold('Bypass on purpose')} (logged with your name and reason): git push -o keyward-bypass="<reason>"`);
  }
  const cfg = result.stats.config;
  if (cfg) {
    const files = cfg.files.length > 0 ? cfg.files.map(printable).join(', ') : 'the defaults';
    lines.push(`Checked with ${files} (packs: ${cfg.packs.map(printable).join(', ') || 'none'}; ${plural(cfg.rulesActive, 'rule')} active).`);
  }
  lines.push(
    c.yellow(
      gate === 'commit'
        ? 'If this secret was ever pushed or shared, deleting it is not enough: revoke or rotate it.'
        : 'The secret is already in a commit: if it was ever pushed or shared, revoke or rotate it; deleting it is not enough.',
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** "keyward: commit blocked: 2 secrets in the changes you are committing" and its push forms. */
function headline(findings: Finding[], gate: Gate, opts: MessageOptions): string {
  const n = plural(findings.length, 'secret');
  if (gate === 'commit') return `keyward: commit blocked: ${n} in the changes you are committing`;
  if (gate === 'push') return `keyward: push blocked: ${n} in ${pushedWhere(findings)} not yet on ${printable(opts.remote ?? 'the remote')}`;
  const where = findings.every((f) => f.commit) ? 'the pushed commits' : 'what was pushed';
  return `keyward: push rejected: ${n} in ${where}`;
}

/** Step 2: how to take the secret out of what is about to be committed or pushed. */
function removalSteps(findings: Finding[], gate: Gate): string[] {
  if (gate === 'commit') return ['  2. Unstage it: git restore --staged <file>, fix the file, then git add it again.'];
  if (findings.every((f) => f.source === 'tag-message' || f.source === 'ref-target')) {
    return ['  2. Delete the tag or ref that holds it (git tag -d <tag>, git update-ref -d <ref>), recreate it without the secret, then push again.'];
  }
  const first = oldestCommit(findings);
  const steps = [
    '  2. Remove it from the commits, not just from the latest one: git commit --amend for the last',
    `     commit, or git rebase -i ${first ? `${first.slice(0, 12)}^` : '<commit>^'} to edit an earlier one; then push again.`,
  ];
  if (findings.some((f) => f.source === 'commit-message')) steps.push('     A secret in a commit message: reword that commit (git commit --amend, or "reword" in git rebase -i).');
  if (findings.some((f) => f.source === 'tag-message' || f.source === 'ref-target')) steps.push('     A secret in a tag or in what a ref names: delete the tag or ref (git tag -d <tag>) and recreate it.');
  return steps;
}

/** "1 commit", "2 commits and 1 ref": where the findings of a push sit. */
function pushedWhere(findings: Finding[]): string {
  const commits = new Set(findings.flatMap((f) => (f.commit ? [f.commit] : []))).size;
  const refs = new Set(findings.flatMap((f) => (f.commit ? [] : [f.ref ?? f.file]))).size;
  if (refs === 0) return plural(commits, 'commit');
  return commits === 0 ? plural(refs, 'ref') : `${plural(commits, 'commit')} and ${plural(refs, 'ref')}`;
}

function describeFinding(f: Finding, c: ReturnType<typeof pc.createColors>): string[] {
  // file:line:column, as editors and terminals take it (inside a message: line and column in it).
  const where = `${printable(f.file)}:${f.line}:${f.column}`;
  const value = printable(f.preview ?? f.secret) + (f.decoded ? ` (decoded: ${printable(f.decoded)})` : '');
  const out = [`  ${c.bold(where)}${placeOf(f)}`, `    ${f.title} (${printable(f.provider)}, rule ${f.ruleId}, ${f.risk} risk): ${value}`];
  if (f.revoke) out.push(`    revoke or rotate: ${f.revoke}`);
  return out;
}

/** "Ada Lovelace <ada@example.com>": who wrote the commit, as git shows it. */
function authorOf(f: Finding): string {
  if (f.author && f.email) return `${printable(f.author)} <${printable(f.email)}>`;
  return printable(f.author || f.email || '');
}

/** " in commit 1a2b… by x", " in the message of tag refs/tags/v1 (…)", ...: what holds the secret. */
function placeOf(f: Finding): string {
  const who = authorOf(f);
  const by = who ? ` by ${who}` : '';
  const ref = printable(f.ref ?? '');
  if (f.source === 'tag-message') return ` in the message of tag ${ref} (${(f.tag ?? '').slice(0, 12)})${by}`;
  if (f.source === 'ref-target') return ` in what ${ref} names directly (no commit holds it)`;
  if (!f.commit) return '';
  const within = f.source === 'commit-message' ? 'the message of ' : f.source === 'note' ? `a note (${ref}) in ` : '';
  return ` in ${within}commit ${f.commit.slice(0, 12)}${by}`;
}

function oldestCommit(findings: Finding[]): string | undefined {
  // Findings keep commit order (oldest first) from the scan; the first one is the rebase point.
  return findings.find((f) => f.commit)?.commit;
}

/**
 * Fail closed: keyward could not check, so the change is blocked; says how to fix and how to
 * bypass on purpose.
 */
export function failedMessage(gate: Gate, reason: string, opts: MessageOptions, fix = fixFor(reason, false)): string {
  const what = gate === 'commit' ? 'commit' : 'push';
  const lines = [`keyward: the secret check could not run, so the ${what} is blocked (fail closed): ${printable(reason)}`, `  Fix: ${fix}`];
  if (gate === 'commit') lines.push('  Bypass on purpose (your responsibility): git commit --no-verify');
  else if (gate === 'push') lines.push('  Bypass on purpose (your responsibility): git push --no-verify');
  else if (opts.bypassAllowed) lines.push('  Bypass on purpose (logged): git push -o keyward-bypass="<reason>"');
  return `${lines.join('\n')}\n`;
}

/**
 * The file a config or baseline error names first: "<file>: <field>", "<file>:<line>: ...",
 * "baseline <file> is not valid JSON", "cannot read baseline <file>: ENOENT".
 */
function fileNamed(message: string): string | undefined {
  const m = /^(?:cannot (?:read|write) (?:baseline )?|baseline )?(.+?)(?::\d+)?(?:: | is )/.exec(message);
  return m?.[1];
}

/**
 * What to do about an error, naming the file it is in: keyward.toml or .gitleaks.toml for a config
 * error, the baseline or ignore file (.keyward-baseline.json, .keywardignore, .gitleaksignore, a
 * --baseline file) for an error in one of those.
 */
function fixFor(reason: string, acceptanceFile: boolean): string {
  const message = reason.replace(/^(?:config|rule) error: /, '');
  if (acceptanceFile) {
    const file = fileNamed(message);
    return `correct ${file ? printable(file) : 'the baseline or ignore file named above'} (the entry at fault is named), or move it away to check without it; "keyward scan" shows the same error.`;
  }
  if (reason.startsWith('rule error: ')) {
    const file = /^(.+?)(?: \[rule [^\]]*\])?: /.exec(message)?.[1];
    return `correct ${file ? printable(file) : 'the rule pack named above'} (the rule is named); "keyward rules test" lists every problem and says why an example is not reported.`;
  }
  if (reason.startsWith('config error: ')) {
    const file = fileNamed(message);
    return `correct ${file ? printable(file) : 'the config file named above'} (the field is named too); "keyward scan" shows the same error.`;
  }
  return 'run the command again with KEYWARD_DEBUG=1 for details, or reinstall keyward.';
}

/** The fix line for an error a hook met (the file at fault named). */
export function fixForError(e: unknown): string {
  return fixFor(describeError(e), e instanceof BaselineError);
}

/** One line naming what went wrong, as reportError words it, for the fail-closed message. */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'RuleError') return `rule error: ${e.message}`;
    if (e.name === 'ConfigError') return `config error: ${e.message}`;
    // GitError and plain Errors (UsageError among them) carry a message meant for the user.
    if (e.name === 'GitError' || e.name === 'Error') return e.message;
    return `internal error: ${e.message}`;
  }
  return `internal error: ${String(e)}`;
}

/**
 * What a client-side hook prints and exits with for a scan result: blocked (1), incomplete (3,
 * fail closed), clean (0). Shared by `staged` and `pre-push`.
 */
export function hookVerdict(result: ScanResult, gate: Gate, unreadable: string, opts: MessageOptions): number {
  if (result.findings.length > 0) {
    process.stderr.write(blockedMessage(result, gate, opts));
    return EXIT.FINDINGS;
  }
  if (!result.stats.complete) {
    for (const w of result.warnings) process.stderr.write(`keyward: ${w}\n`);
    process.stderr.write(failedMessage(gate, unreadable, opts));
    return EXIT.INCOMPLETE;
  }
  return EXIT.CLEAN;
}

/** A hook that could not check blocks (fail closed) and says why: exit 2. */
export function hookFailure(e: unknown, gate: Gate, opts: MessageOptions): number {
  process.stderr.write(failedMessage(gate, describeError(e), opts, fixForError(e)));
  if (process.env.KEYWARD_DEBUG && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
  return EXIT.ERROR;
}
