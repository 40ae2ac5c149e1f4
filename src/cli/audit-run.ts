import { resolve } from 'node:path';
import { canonical, type AuditEntry } from '../audit/entry.js';
import { AuditError } from '../audit/errors.js';
import { auditPaths, auditSettings, gitDirOf, type AuditPaths } from '../audit/location.js';
import { appendEntries } from '../audit/log.js';
import { readEntries } from '../audit/read.js';
import { signChain } from '../audit/sign-chain.js';
import { generateKeys, loadPublicKey, loadSigningKey } from '../audit/sign.js';
import { verifyLog } from '../audit/verify.js';
import { actor } from '../tickets/repo.js';
import { AUDIT_EXIT, type AuditCliOptions } from './audit-command.js';
import { UsageError } from './options.js';

const err = (line: string): void => void process.stderr.write(`keyward: ${line}\n`);

export function runAudit(sub: 'verify' | 'show' | 'sign' | 'migrate', opts: AuditCliOptions): number {
  try {
    const settings = auditSettings(process.env, err);
    const gitDir = gitDirOf(opts.repo);
    const paths = auditPaths(gitDir, { ...settings, ...(opts.log ? { log: resolve(opts.log) } : {}) });
    if (sub === 'verify') return verify(paths, opts.pubkey ?? settings.publicKey);
    if (sub === 'show') return show(paths, opts);
    const who = actor(gitDir ?? process.cwd());
    if (sub === 'migrate') {
      const n = appendEntries(paths, [], { actor: () => who, note: (l) => err(`audit: ${l}`) }).length;
      err(n ? `audit: ${paths.file} now holds the old logs` : `audit: no old log to move into ${paths.file}`);
      return AUDIT_EXIT.OK;
    }
    const keySpec = opts.key ?? settings.signingKey;
    if (!keySpec) throw new UsageError('audit sign needs the team\'s Ed25519 private key: --key FILE, KEYWARD_AUDIT_SIGNING_KEY, or [audit] signing_key in the user config (keyward audit keygen FILE makes one)');
    const s = signChain(paths, loadSigningKey(keySpec), who, { note: (l) => err(`audit: ${l}`) });
    process.stdout.write(`signed entry ${s.seq} of ${paths.file} (hash ${s.hash.slice(0, 16)}…) with key ${s.key}: ${paths.sig}\n`);
    return AUDIT_EXIT.OK;
  } catch (e) {
    if (e instanceof AuditError || e instanceof UsageError) {
      err(e instanceof AuditError ? `audit: ${e.message}` : e.message);
      return AUDIT_EXIT.ERROR;
    }
    throw e;
  }
}

function verify(paths: AuditPaths, pubSpec: string | undefined): number {
  const r = verifyLog(paths, pubSpec ? loadPublicKey(pubSpec) : undefined);
  for (const n of r.notes) err(`audit: ${n}`);
  if (r.problems.length === 0) {
    process.stdout.write(`audit log intact: ${r.entries} entries, chain verified (${paths.file})\n`);
    return AUDIT_EXIT.OK;
  }
  process.stdout.write(`audit log TAMPERED or damaged: ${r.problems.length} problem(s) in ${paths.file}\n`);
  for (const p of r.problems) process.stdout.write(`  ${p}\n`);
  return AUDIT_EXIT.TAMPERED;
}

function show(paths: AuditPaths, opts: AuditCliOptions): number {
  if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format must be text or json, got "${opts.format}"`);
  const entries = readEntries(paths.file, { fingerprint: opts.fingerprint, action: opts.action });
  for (const e of entries) process.stdout.write(`${opts.format === 'json' ? JSON.stringify(e) : line(e)}\n`);
  if (opts.format === 'text') err(`audit: ${entries.length} entries shown from ${paths.file} (keyward audit verify checks them)`);
  return AUDIT_EXIT.OK;
}

function line(e: AuditEntry): string {
  const parts = [`#${e.seq}`, e.time, e.action];
  if (e.fingerprint) parts.push(e.fingerprint);
  if (e.owner) parts.push(`owner ${e.owner}`);
  parts.push(`by ${e.actor}`);
  if (e.migrated) parts.push(`(migrated from ${e.migrated.from}:${e.migrated.line})`);
  if (e.detail) parts.push(canonical(e.detail));
  return parts.join('  ');
}

export function runKeygen(file: string): number {
  try {
    const k = generateKeys(resolve(file));
    process.stdout.write(`wrote ${k.privateFile} (private: keep it with the team's secrets) and ${k.publicFile} (key ${k.id})\n`);
    return AUDIT_EXIT.OK;
  } catch (e) {
    if (!(e instanceof AuditError)) throw e;
    err(`audit: ${e.message}`);
    return AUDIT_EXIT.ERROR;
  }
}
