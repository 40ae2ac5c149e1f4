import { existsSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { entryHash, GENESIS, parseEntry, type AuditEntry } from './entry.js';
import type { AuditPaths } from './location.js';
import { readHead, UNREADABLE } from './log.js';
import { legacyCandidates } from './migrate.js';
import { readSignature, signatureValid } from './sign.js';

export interface VerifyResult {
  /** Entries read (lines that parsed as chained entries). */
  entries: number;
  /** Each tampering or damage found, with where: empty when the chain holds. */
  problems: string[];
  /** What verify could not check, or what is worth knowing (not failures). */
  notes: string[];
}

/**
 * Walks the chain and checks, line by line, that each entry's content matches its hash, that its
 * number follows the one before, and that it holds the hash of the one before; then that the log
 * ends where its head file says, and, given a public key, that the signed head is on the chain and
 * its signature is good. Each check compares an entry with its neighbour only, so one removed,
 * inserted, edited or moved entry is reported where it is, not as every entry after it.
 */
export function verifyLog(paths: AuditPaths, publicKey?: KeyObject, legacy: readonly string[] = []): VerifyResult {
  const r: VerifyResult = { entries: 0, problems: [], notes: [] };
  const pending = legacyCandidates(paths, legacy);
  if (pending.length) r.notes.push(`not yet moved into the log: ${pending.join(', ')} (moved on keyward's next write, or by keyward audit migrate)`);
  // An old, unchained log where the chained one will be: nothing chained to check yet.
  if (!existsSync(paths.file) || pending.includes(paths.file)) {
    if (existsSync(paths.head)) r.problems.push(`${paths.file} is missing, but its head file ${paths.head} exists: the log was deleted`);
    else r.notes.push(`no audit log at ${paths.file} yet`);
    checkSignature(paths, new Map(), 0, publicKey, r);
    return r;
  }
  const text = readFileSync(paths.file, 'utf8');
  if (text !== '' && !text.endsWith('\n')) r.problems.push('the last line is not terminated: a write was cut short, or the file was edited');
  const hashes = walk(text, r);
  const last = Math.max(0, ...hashes.keys());
  checkHead(paths, hashes, last, r);
  checkSignature(paths, hashes, last, publicKey, r);
  return r;
}

/** The line-by-line checks; returns entry number → hash for the entries that parsed. */
function walk(text: string, r: VerifyResult): Map<number, string> {
  const hashes = new Map<number, string>();
  let before: { e: AuditEntry; line: number } | undefined;
  let afterBad = false;
  text.split('\n').forEach((line, i) => {
    const at = i + 1;
    if (line.trim() === '') return;
    const e = parseEntry(line);
    if (typeof e === 'string') {
      r.problems.push(`line ${at}: ${e}: edited, inserted or damaged`);
      afterBad = true;
      return;
    }
    r.entries++;
    const why: string[] = [];
    if (entryHash(e) !== e.hash) why.push('edited: its content no longer matches its hash');
    if (!afterBad) why.push(...linkProblems(e, before));
    if (why.length) r.problems.push(`entry ${e.seq} (line ${at}): ${why.join('; ')}`);
    if (!hashes.has(e.seq)) hashes.set(e.seq, e.hash);
    before = { e, line: at };
    afterBad = false;
  });
  return hashes;
}

/** Whether `e` follows `before` in number and hash. */
function linkProblems(e: AuditEntry, before: { e: AuditEntry; line: number } | undefined): string[] {
  if (!before) {
    if (e.seq !== 1 || e.prev !== GENESIS) return [`the log starts at entry ${e.seq}${e.prev !== GENESIS ? ' and not at the start of the chain' : ''}: the entries before it were removed`];
    return [];
  }
  const p = before.e;
  if (e.seq === p.seq) return [`has the same number as the entry on line ${before.line}: one of them was inserted`];
  if (e.seq < p.seq) return [`comes after entry ${p.seq}: entries were inserted or reordered`];
  if (e.seq > p.seq + 1) {
    const gone = e.seq === p.seq + 2 ? `entry ${p.seq + 1} is` : `entries ${p.seq + 1}-${e.seq - 1} are`;
    return [`${gone} missing before it (removed, or moved elsewhere)`];
  }
  if (e.prev !== p.hash) return [`does not hold the hash of entry ${p.seq} before it: that entry was edited and re-hashed, or replaced`];
  return [];
}

function checkHead(paths: AuditPaths, hashes: Map<number, string>, last: number, r: VerifyResult): void {
  const head = readHead(paths.head);
  if (head === undefined) {
    if (last > 0) r.problems.push(`the head file ${paths.head} is missing: the end of the log cannot be checked (deleted?)`);
    return;
  }
  if (head === UNREADABLE) return void r.problems.push(`the head file ${paths.head} is not a head record`);
  if (head.seq > last) r.problems.push(`the log ends at entry ${last}, but the head file records entry ${head.seq}: ${head.seq - last === 1 ? `entry ${head.seq} was` : `entries ${last + 1}-${head.seq} were`} removed from the end (truncated)`);
  else if (hashes.get(head.seq) !== head.hash) r.problems.push(`entry ${head.seq} is not the one the head file records (another hash): the end of the log was rewritten`);
  else if (head.seq < last) r.notes.push(`${last - head.seq} entries after the one the head file records (entry ${head.seq}): a write was interrupted before the head was updated, or entries were appended by other means`);
}

function checkSignature(paths: AuditPaths, hashes: Map<number, string>, last: number, pub: KeyObject | undefined, r: VerifyResult): void {
  const sig = readSignature(paths.sig);
  if (!pub) {
    if (sig !== undefined) r.notes.push(`the signature ${paths.sig} was not checked: no public key (--pubkey, KEYWARD_AUDIT_PUBLIC_KEY or [audit] public_key in the user config)`);
    return;
  }
  if (sig === undefined) return void r.problems.push(`no signature at ${paths.sig}, but a public key was given: the log was never signed, or the signature was deleted`);
  if (typeof sig === 'string') return void r.problems.push(sig);
  if (!signatureValid(sig, pub)) return void r.problems.push(`the signature in ${paths.sig} is not valid for this public key: it was made with another key, or the signed head was edited`);
  if (sig.seq > last) r.problems.push(`the signed head is entry ${sig.seq}, but the log ends at entry ${last}: entries were removed from the end (truncated)`);
  else if (hashes.get(sig.seq) !== sig.hash) r.problems.push(`entry ${sig.seq} is not the entry that was signed (another hash): the log was rewritten up to it`);
  else r.notes.push(`signature good: entries 1-${sig.seq} were signed by key ${sig.key} at ${sig.time}${last > sig.seq ? `; ${last - sig.seq} later entries are not signed yet` : ''}`);
}
