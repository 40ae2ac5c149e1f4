import type { Command } from 'commander';

/** Exit codes of `keyward audit` (docs/audit.md). */
export const AUDIT_EXIT = {
  /** The chain holds (and the signature, when a public key was given); or the command did its work. */
  OK: 0,
  /** verify: the log was tampered with or is damaged; each problem is named with its entry and line. */
  TAMPERED: 1,
  /** Usage error, unreadable key, log that cannot be written. */
  ERROR: 2,
} as const;

export interface AuditCliOptions {
  repo: string;
  log?: string;
  pubkey?: string;
  key?: string;
  fingerprint?: string;
  action?: string;
  format: string;
}

/** `keyward audit verify|show|sign|keygen|migrate`: the hash-chained log of what keyward did. */
export function registerAuditCommand(program: Command, setExit: (code: number) => void): void {
  const audit = program.command('audit').description('the tamper-evident log of what keyward did and recorded (docs/audit.md)');
  const run = (sub: 'verify' | 'show' | 'sign' | 'migrate') => async (opts: AuditCliOptions) => {
    const m = await import('./audit-run.js');
    setExit(m.runAudit(sub, opts));
  };
  const common = (c: Command): Command =>
    c.option('--repo <path>', 'the repository whose log to use', '.').option('--log <file>', 'the log file (default: KEYWARD_AUDIT_LOG, [audit] log in the user config, else .git/keyward/audit.jsonl)');
  common(audit.command('verify').description('check the hash chain, the head and (with a public key) the signature; exit 1 on tampering'))
    .option('--pubkey <file>', 'Ed25519 public key (PEM) that signed the head (default: KEYWARD_AUDIT_PUBLIC_KEY, [audit] public_key)')
    .action(run('verify'));
  common(audit.command('show').description('print the entries'))
    .option('--fingerprint <fp>', 'only entries about this credential (a prefix is enough)')
    .option('--action <name>', 'only these actions (a prefix: ticket, ignore, baseline, hook, ...)')
    .option('-f, --format <format>', 'text or json (JSON lines, as stored)', 'text')
    .action(run('show'));
  common(audit.command('sign').description('sign the chain head with the team\'s Ed25519 key'))
    .option('--key <file>', 'Ed25519 private key (PEM) (default: KEYWARD_AUDIT_SIGNING_KEY, [audit] signing_key)')
    .action(run('sign'));
  common(audit.command('migrate').description('move the old audit and bypass logs into the chained log now')).action(run('migrate'));
  audit
    .command('keygen')
    .description('write a new Ed25519 key pair: <file> (private, mode 600) and <file>.pub')
    .argument('<file>', 'where to write the private key')
    .action(async (file: string) => {
      const m = await import('./audit-run.js');
      setExit(m.runKeygen(file));
    });
}
