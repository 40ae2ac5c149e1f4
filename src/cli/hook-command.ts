import { Option, type Command } from 'commander';
import { useColor } from '../report/color.js';
import type { Confidence } from '../rules/types.js';
import { configSummary } from '../config/config-summary.js';
import { collect, CONFIDENCE_LEVELS, MIN_CONFIDENCE_HELP, parseIntOption, UsageError } from './options.js';
import { addBaselineOptions, type BaselineCliOptions } from './baseline-flags.js';

interface PrePushOptions extends BaselineCliOptions {
  config?: string;
  rules?: string[];
  minConfidence?: Confidence;
  workers: number;
}

interface PreReceiveOptions extends BaselineCliOptions {
  workers: number;
  config?: string;
  timeout?: string;
  onTimeout?: 'reject' | 'allow';
  minConfidence?: Confidence;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const parts: Buffer[] = [];
  for await (const c of process.stdin) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** `keyward pre-push` and `keyward pre-receive`: the hooks git runs with ref updates on stdin. */
export function registerHookCommands(program: Command, setExit: (code: number) => void): void {
  addBaselineOptions(program.command('pre-push'))
    .description('pre-push hook: scan the commits being pushed that the remote does not have (ref updates on stdin, as git gives them)')
    .argument('[remote]', 'name of the remote (git passes it)')
    .argument('[url]', 'URL of the remote (git passes it)')
    .option('-c, --config <file>', 'keyward.toml to use (default: found at the repository root)')
    .option('-r, --rules <dir>', 'rule pack directory or file to use instead of the configured ones (repeatable)', collect)
.addOption(new Option('--min-confidence <level>', MIN_CONFIDENCE_HELP).choices(CONFIDENCE_LEVELS))
    .option('-w, --workers <n>', 'worker threads for a large push (0 = one per core, 1 = no pool; a push of a few commits never starts one)', parseIntOption('--workers'), 0)
    .action(async (remote: string | undefined, url: string | undefined, opts: PrePushOptions) => setExit(await runPrePush(remote, url, opts)));

  program
    .command('pre-receive')
    .description('server-side pre-receive hook: reject pushed ref updates that add secrets (stdin as git gives it)')
    .option('-c, --config <file>', "the server's keyward.toml (default: git config keyward.config, else keyward.toml in the git dir)")
    .option('--baseline <file>', "accepted findings (the server's file: a push never brings its own)")
    .option('--timeout <duration>', 'time budget, e.g. 20s (default: [hooks] timeout, 20s)')
    .addOption(new Option('--on-timeout <action>', 'when the budget runs out (default: [hooks] on-timeout, reject)').choices(['reject', 'allow']))
.addOption(new Option('--min-confidence <level>', MIN_CONFIDENCE_HELP).choices(CONFIDENCE_LEVELS))
    .option('-w, --workers <n>', 'worker threads for a large push (0 = one per core, 1 = no pool; a push of a few commits never starts one)', parseIntOption('--workers'), 0)
    .action(async (opts: PreReceiveOptions) => setExit(await runPreReceive(opts)));
}

/** `keyward pre-receive`: the server hook, with its time budget from the flag or [hooks]. */
async function runPreReceive(opts: PreReceiveOptions): Promise<number> {
  const { preReceive } = await import('../hooks/pre-receive.js');
  const { hookTimeout } = await import('../hooks/config.js');
  const { capWorkers } = await import('./workers.js');
  const timeoutMs =
    opts.timeout === undefined
      ? undefined
      : hookTimeout(opts.timeout, (r) => {
          throw new UsageError(r.replace('"hooks.timeout"', '--timeout'));
        });
  const code = await preReceive({
    cwd: process.cwd(),
    input: await readStdin(),
    env: process.env,
    ...(opts.config ? { config: opts.config } : {}),
    ...(typeof opts.baseline === 'string' ? { baseline: opts.baseline } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(opts.onTimeout ? { onTimeout: opts.onTimeout } : {}),
    ...(opts.minConfidence ? { minConfidence: opts.minConfidence } : {}),
    workers: capWorkers(opts.workers, (l) => process.stderr.write(l)),
    color: useColor(process.stderr),
    write: (s) => process.stderr.write(s),
  });
  return code;
}

/** `keyward pre-push`: the commits being pushed that the remote lacks, or the framework's range. */
async function runPrePush(remote: string | undefined, url: string | undefined, opts: PrePushOptions): Promise<number> {
  const { hookFailure, hookVerdict } = await import('../hooks/message.js');
  const color = useColor(process.stderr);
  try {
    const { parsePrePushInput, scanPush, updatesFromPreCommitEnv } = await import('../hooks/pre-push.js');
    const { preCommitFrameworkStage } = await import('../hooks/framework.js');
    const { newDetector } = await import('../engine/detector.js');
    const { gitText } = await import('../git/run.js');
    let updates = parsePrePushInput(await readStdin());
    if (updates.length === 0) updates = updatesFromPreCommitEnv(process.env);
    // The pre-commit framework at its commit stage (the shipped manifest sets no stages): nothing is pushed.
    if (updates.length === 0 && preCommitFrameworkStage(process.env) === 'other') return 0;
    const remoteName = remote ?? process.env.PRE_COMMIT_REMOTE_NAME;
    const cwd = process.cwd();
    const top = gitText(['rev-parse', '--show-toplevel'], { cwd, okCodes: [128] }) || cwd;
    const { loadRuleSet } = await import('./common.js');
    const ruleSet = loadRuleSet(opts, top);
    const { pushConfigNotes } = await import('./config-notes.js');
    const { applyBaseline } = await import('./baseline-options.js');
    const notes = pushConfigNotes(top, remoteName, updates, ruleSet);
    const { capWorkers } = await import('./workers.js');
    const workers = capWorkers(opts.workers, (l) => process.stderr.write(l));
    const scanned = await scanPush(cwd, remoteName, updates, ruleSet, newDetector(ruleSet, { profile: false }), workers);
    for (const n of await notes) process.stderr.write(`keyward: warning: ${n}\n`);
    const result = applyBaseline(scanned, opts, top, ruleSet, true);
    result.stats.config = configSummary(ruleSet);
    return hookVerdict(result, 'push', 'some pushed objects could not be read', { color, remote: remoteName ?? url });
  } catch (e) {
    return hookFailure(e, 'push', { color });
  }
}
