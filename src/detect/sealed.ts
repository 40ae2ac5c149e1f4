/**
 * Values a repository holds encrypted on purpose: a Bitnami SealedSecret's `encryptedData:` is
 * sealed with the cluster controller's public key, and committing it is what it is for. A match
 * under that key is ciphertext that happens to look random, not a credential.
 */

/** How far back the parent key is looked for: a SealedSecret lists one value per line. */
const MAX_LINES = 400;
const MAX_BYTES = 64 * 1024;
const PARENT = /^[ \t]*["']?encryptedData["']?[ \t]*:[ \t]*(?:#.*)?\r?$/;

/** True when the YAML key holding the byte at `start` sits directly under `encryptedData:`. */
export function inSealedBlock(data: Buffer, start: number): boolean {
  let lineStart = data.lastIndexOf(10, start - 1) + 1;
  const indent = indentOf(data, lineStart);
  if (indent === 0) return false;
  const floor = Math.max(0, start - MAX_BYTES);
  for (let n = 0; lineStart > floor && n < MAX_LINES; n++) {
    const prevStart = data.lastIndexOf(10, lineStart - 2) + 1;
    const line = data.toString('latin1', prevStart, lineStart - 1);
    lineStart = prevStart;
    if (/^[ \t]*(?:#.*)?\r?$/.test(line)) continue;
    const i = indentOf(data, prevStart);
    if (i < indent) return PARENT.test(line);
  }
  return false;
}

function indentOf(data: Buffer, lineStart: number): number {
  let i = lineStart;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09)) i++;
  return i - lineStart;
}
