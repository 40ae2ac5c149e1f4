import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { AuditError } from './errors.js';
import type { Head } from './log.js';

/** `<log>.sig`: an Ed25519 signature over one entry of the chain (the head when it was signed). */
export interface SignedHead extends Head {
  v: 1;
  /** SHA-256 of the public key (DER), first 16 hex digits: which key signed. */
  key: string;
  time: string;
  /** Base64 Ed25519 signature of signedBytes(seq, hash). */
  signature: string;
}

/** What is signed: the entry number and hash, with a label so the signature means nothing elsewhere. */
export function signedBytes(h: Head): Buffer {
  return Buffer.from(`keyward-audit-head v1\n${h.seq}\n${h.hash}\n`, 'utf8');
}

/** A key from a PEM file, or from PEM text itself (a CI secret in an environment variable). */
function pemOf(spec: string, what: string): string {
  if (spec.includes('-----BEGIN')) return spec;
  try {
    return readFileSync(spec, 'utf8');
  } catch (e) {
    throw new AuditError(`cannot read the ${what} ${spec}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function ed25519(k: KeyObject, what: string, where: string): KeyObject {
  if (k.asymmetricKeyType !== 'ed25519') throw new AuditError(`the ${what} ${where} is ${k.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
  return k;
}

const where = (spec: string): string => (spec.includes('-----BEGIN') ? '(PEM from the environment)' : spec);

export function loadSigningKey(spec: string): KeyObject {
  try {
    return ed25519(createPrivateKey(pemOf(spec, 'signing key')), 'signing key', where(spec));
  } catch (e) {
    if (e instanceof AuditError) throw e;
    throw new AuditError(`the signing key ${where(spec)} is not a PEM private key`);
  }
}

/** A public key (a private key's PEM is accepted too: its public half is used). */
export function loadPublicKey(spec: string): KeyObject {
  try {
    return ed25519(createPublicKey(pemOf(spec, 'public key')), 'public key', where(spec));
  } catch (e) {
    if (e instanceof AuditError) throw e;
    throw new AuditError(`the public key ${where(spec)} is not a PEM public key`);
  }
}

export function keyId(k: KeyObject): string {
  const pub = k.type === 'private' ? createPublicKey(k) : k;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signHead(h: Head, key: KeyObject): SignedHead {
  return { v: 1, seq: h.seq, hash: h.hash, key: keyId(key), time: new Date().toISOString(), signature: sign(null, signedBytes(h), key).toString('base64') };
}

export function signatureValid(s: SignedHead, pub: KeyObject): boolean {
  try {
    return verify(null, signedBytes(s), pub, Buffer.from(s.signature, 'base64'));
  } catch {
    return false;
  }
}

export function writeSignature(file: string, s: SignedHead): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s)}\n`, { mode: 0o644 });
  renameSync(tmp, file);
}

/** The signature file, undefined when there is none; a file that is not one is reported as such. */
export function readSignature(file: string): SignedHead | string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<SignedHead>;
    if (s.v === 1 && Number.isSafeInteger(s.seq) && typeof s.hash === 'string' && typeof s.signature === 'string') return s as SignedHead;
  } catch {
    // fall through
  }
  return `${file} is not a keyward signature file`;
}

/** A new Ed25519 key pair: the private key (mode 600, never overwritten) and `<file>.pub`. */
export function generateKeys(file: string): { privateFile: string; publicFile: string; id: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicFile = `${file}.pub`;
  for (const f of [file, publicFile]) if (existsSync(f)) throw new AuditError(`${f} exists: keyward never overwrites a key`);
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  } finally {
    closeSync(fd);
  }
  writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }) as string, { flag: 'wx', mode: 0o644 });
  return { privateFile: file, publicFile, id: keyId(publicKey) };
}
