import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { DEFAULT_CONFIG, loadConfig } from '../config/config.js';
import type { Detector } from '../detect/detector.js';
import { gitText } from '../git/run.js';
import type { ScanResult } from '../model/finding.js';
import { formatDuration, printable } from '../report/describe.js';
import { configSummary } from '../config/config-summary.js';
import { requireActiveRules, resolveRules } from '../config/resolve.js';
import type { RuleSet } from '../rules/resolve.js';
import type { Confidence } from '../rules/types.js';
import { newDetector } from '../engine/detector.js';
import { redact } from '../engine/secret-id.js';
import { EXIT } from '../model/exit-codes.js';
import { filterFindings } from '../baseline/apply.js';
import { TimeBudget } from './budget.js';
import { recordHookEvent } from '../audit/record.js';
import { logFindings, pusherIdentity, type LogEntry } from './bypass-log.js';
import { scanCommits } from './commits.js';
import { loadHooksConfig, type HooksConfig, type TimeoutAction } from './config.js';
import { blockedMessage, describeError, failedMessage, fixForError } from './message.js';
import { bypassReason, parseReceiveInput, receiveRevs, receiveTips, type ReceiveUpdate } from './receive-input.js';

export interface ReceiveOptions {
  /** Where git runs the hook: the (bare) repository. */
  cwd: string;
  /** The hook's stdin. */
  input: string;
  env: NodeJS.ProcessEnv;
  /** --config: the server's keyward.toml. */
  config?: string;
  /** --baseline: the server's accepted findings (never read from the pushed tree). */
  baseline?: string;
  timeoutMs?: number;
  onTimeout?: TimeoutAction;
  /** --min-confidence: findings below it do not reject the push. */
  minConfidence?: Confidence;
  /** --workers: threads for a large push (0 = one per core, 1 = none). */
  workers?: number;
  color: boolean;
  /** stderr: git shows it to the pusher prefixed with "remote: ". */
  write: (text: string) => void;
}

/** What one run of the hook knows so far: filled in as it goes, read by the error path. */
interface ReceiveRun {
  opts: ReceiveOptions;
  gitDir: string;
  hooks?: HooksConfig;
  updates: ReceiveUpdate[];
  /** The bypass reason that stands (undefined: none, or bypass is disabled). */
  reason?: string;
  detector?: Detector;
  budget?: TimeBudget;
  log: (entry: Omit<LogEntry, 'pusher' | 'pusherSource' | 'refs'>) => void;
}

/**
 * The server-side gate: scans the commits each ref update brings in and returns the hook's exit
 * code (non-zero rejects the whole push). Fails closed: an error or a timeout rejects unless
 * configured or bypassed otherwise, and every bypass or allowed timeout is logged.
 */
export async function preReceive(opts: ReceiveOptions): Promise<number> {
  const who = pusherIdentity(opts.env);
  const run: ReceiveRun = {
    opts,
    gitDir: opts.cwd,
    updates: [],
    log: (entry) => {
      try {
        recordHookEvent(run.gitDir, run.hooks?.bypassLog ?? 'keyward-bypass.log', { ...who, refs: run.updates, ...entry }, opts.write); // the old bypass log moves into the audit log
      } catch (e) {
        opts.write(`keyward: warning: could not write the audit log: ${(e as Error).message}\n`);
      }
    },
  };
  try {
    const configFile = readSettings(run);
    const cfg = run.hooks!;
    run.budget = new TimeBudget(cfg.timeoutMs, () => onTimeout(run, cfg));
    run.budget.start();
    const { result, ruleSet } = await scanUpdates(run, configFile, run.budget);
    return verdict(run, cfg, result, ruleSet);
  } catch (e) {
    return onError(run, e);
  }
}

/** The pushed updates, the bypass asked for and the server's hook settings; returns the server's config file. */
function readSettings(run: ReceiveRun): string | undefined {
  const { opts } = run;
  run.gitDir = gitText(['rev-parse', '--absolute-git-dir'], { cwd: opts.cwd });
  run.updates = parseReceiveInput(opts.input);
  const asked = bypassReason(opts.env);
  // Until the config is read, a bypass stands (as documented): a config that cannot be read
  // cannot say `bypass = false`, and the error is then logged as error-bypassed.
  run.reason = asked;
  const configFile = serverConfig(opts, run.gitDir);
  const hooks = (run.hooks = loadHooksConfig(configFile));
  if (opts.timeoutMs !== undefined) hooks.timeoutMs = opts.timeoutMs;
  if (opts.onTimeout !== undefined) hooks.onTimeout = opts.onTimeout;
  if (asked !== undefined && !hooks.bypass) opts.write('keyward: keyward-bypass is disabled on this server; the push is checked as usual.\n');
  run.reason = hooks.bypass ? asked : undefined;
  return configFile;
}

/** The time budget ran out: the push is accepted (bypass, on-timeout = "allow") or rejected, and the process ends. */
function onTimeout(run: ReceiveRun, cfg: HooksConfig): never {
  const { opts, reason } = run;
  const secs = formatDuration(cfg.timeoutMs);
  if (reason) {
    run.log({ event: 'bypass', reason: clean(reason, run.detector), findings: [], note: `scan stopped after ${secs}` });
    opts.write(`keyward: scan not finished within ${secs}; push accepted with keyward-bypass (logged).\n`);
    process.exit(EXIT.CLEAN);
  }
  if (cfg.onTimeout === 'allow') {
    run.log({ event: 'timeout-allowed', findings: [], note: `scan stopped after ${secs}; push allowed by on-timeout = "allow"` });
    opts.write(`keyward: warning: the secret scan did not finish within ${secs}; push allowed unchecked (on-timeout = "allow"), logged.\n`);
    process.exit(EXIT.CLEAN);
  }
  opts.write(
    `keyward: push rejected: the secret scan did not finish within the server's time budget (${secs}).\n` +
      '  Push fewer commits at a time, or ask the server admin to raise [hooks] timeout.\n' +
      (cfg.bypass ? '  Bypass on purpose (logged): git push -o keyward-bypass="<reason>"\n' : ''),
  );
  process.exit(EXIT.INCOMPLETE);
}

/** The commits the updates bring in (commit-range source, engine), less the server's baseline. */
async function scanUpdates(run: ReceiveRun, configFile: string | undefined, budget: TimeBudget): Promise<{ result: ScanResult; ruleSet: RuleSet }> {
  const { opts } = run;
  const ruleSet = resolveRules(configFile ? loadConfig(configFile) : DEFAULT_CONFIG, undefined, { minConfidence: opts.minConfidence });
  requireActiveRules(ruleSet);
  const detector = (run.detector = newDetector(ruleSet, { profile: false }));
  budget.check();
  const revs = receiveRevs(run.updates);
  const scanned: ScanResult =
    revs.length === 0
      ? { findings: [], stats: { files: 0, bytes: 0, skippedBinary: 0, skippedTooLarge: 0, unreadable: 0, rules: 0, workers: 0, durationMs: 0, complete: true }, warnings: [] }
      : await scanCommits({ cwd: run.gitDir, revs, ruleSet, detector, showSecrets: false, workers: opts.workers ?? 0, checkpoint: () => budget.check(), tips: receiveTips(run.updates) });
  budget.stop();
  const result = opts.baseline ? filterFindings(scanned, { baseline: opts.baseline, worktree: false, ruleIds: ruleSet.rules.map((r) => r.id) }) : scanned;
  return { result, ruleSet };
}

/** The exit code for what the scan found: clean, incomplete (fail closed), bypassed (logged) or blocked. */
function verdict(run: ReceiveRun, cfg: HooksConfig, result: ScanResult, ruleSet: RuleSet): number {
  const { opts, reason } = run;
  if (result.findings.length === 0) {
    if (result.stats.complete) return EXIT.CLEAN;
    for (const w of result.warnings) opts.write(`keyward: ${printable(w)}\n`);
    return reject(opts, reason, cfg, run.log, 'some pushed objects could not be read');
  }
  if (reason) {
    run.log({ event: 'bypass', reason: clean(reason, run.detector), findings: logFindings(result.findings) });
    opts.write(
      `keyward: ${result.findings.length} secret(s) pushed with keyward-bypass; accepted and logged with your name and reason.\n` +
        '  If they are real credentials, revoke or rotate them now.\n',
    );
    return EXIT.CLEAN;
  }
  result.stats.config = configSummary(ruleSet);
  opts.write(blockedMessage(result, 'receive', { color: opts.color, bypassAllowed: cfg.bypass }));
  if (reason === '') opts.write('keyward: keyward-bypass needs a reason: git push -o keyward-bypass="<why>"\n');
  return EXIT.FINDINGS;
}

/** An error decides the outcome (a later timeout must not overrule it): rejected unless bypassed. */
function onError(run: ReceiveRun, e: unknown): number {
  const { opts, reason } = run;
  run.budget?.stop();
  const msg = describeError(e);
  if (reason) {
    run.log({ event: 'error-bypassed', reason: clean(reason, run.detector), findings: [], note: msg.slice(0, 500) });
    opts.write(`keyward: the secret check failed (${printable(msg)}); push accepted with keyward-bypass (logged).\n`);
    return EXIT.CLEAN;
  }
  opts.write(failedMessage('receive', msg, { color: false, bypassAllowed: run.hooks?.bypass ?? true }, fixForError(e)));
  if (process.env.KEYWARD_DEBUG && e instanceof Error) opts.write(`${e.stack ?? ''}\n`);
  return EXIT.ERROR;
}

function reject(opts: ReceiveOptions, reason: string | undefined, cfg: HooksConfig, log: (e: Omit<LogEntry, 'pusher' | 'pusherSource' | 'refs'>) => void, why: string): number {
  if (reason) {
    log({ event: 'error-bypassed', reason: clean(reason, undefined), findings: [], note: why });
    return EXIT.CLEAN;
  }
  opts.write(failedMessage('receive', why, { color: false, bypassAllowed: cfg.bypass }));
  return EXIT.INCOMPLETE;
}

/**
 * The server's keyward.toml: --config, else `git config keyward.config`, else keyward.toml in
 * the git directory. Never the pushed tree's own file: a push must not choose its own rules.
 */
function serverConfig(opts: ReceiveOptions, gitDir: string): string | undefined {
  if (opts.config) return opts.config;
  const fromGit = gitText(['config', '--get', 'keyward.config'], { cwd: gitDir, okCodes: [1] });
  if (fromGit) return isAbsolute(fromGit) ? fromGit : join(gitDir, fromGit);
  const local = join(gitDir, 'keyward.toml');
  return existsSync(local) ? local : undefined;
}

/** A bypass reason fit for the log: one printable line, bounded, with any secret in it redacted. */
function clean(reason: string, detector: Detector | undefined): string {
  let text = reason.slice(0, 500);
  if (detector) {
    const buf = Buffer.from(text);
    const hits = detector.detect(buf, 'bypass-reason').sort((a, b) => b.start - a.start);
    let out = buf;
    for (const h of hits) out = Buffer.concat([out.subarray(0, h.start), Buffer.from(redact(h.secret)), out.subarray(h.end)]);
    text = out.toString('utf8');
  }
  return printable(text);
}
