import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

const IDX_MAGIC = 0xff744f63;
/** Magic, version and the 256-entry fan-out table: its last entry is the pack's object count. */
const HEAD = 8 + 256 * 4;

/**
 * How many objects the packs of an object directory (and its alternates) hold: the last fan-out
 * entry of each `.idx`, nothing else read. Only a size hint (it decides whether a history scan
 * starts its worker threads early): an unreadable or odd index counts 0.
 */
export function packedObjectCount(objectsDir: string): number {
  let n = 0;
  for (const idx of indexFiles(objectsDir)) {
    try {
      const fd = openSync(idx, 'r');
      try {
        const head = Buffer.alloc(HEAD);
        if (readSync(fd, head, 0, HEAD, 0) === HEAD && head.readUInt32BE(0) === IDX_MAGIC) n += head.readUInt32BE(HEAD - 4);
      } finally {
        closeSync(fd);
      }
    } catch {
      // unreadable: not counted
    }
  }
  return n;
}

/** The pack index files of an object directory and its alternates. */
function indexFiles(objectsDir: string): string[] {
  const out: string[] = [];
  for (const dir of objectDirs(objectsDir)) {
    const packDir = join(dir, 'pack');
    try {
      for (const name of readdirSync(packDir).filter((n) => n.endsWith('.idx'))) out.push(join(packDir, name));
    } catch {
      // no pack directory
    }
  }
  return out;
}

/** An object directory and the ones its `info/alternates` names (one level, as a hint needs). */
function objectDirs(objectsDir: string): string[] {
  const dirs = [objectsDir];
  try {
    const text = readFileSync(join(objectsDir, 'info', 'alternates'), 'utf8');
    for (const line of text.split('\n')) {
      const d = line.trim();
      if (d === '' || d.startsWith('#')) continue;
      dirs.push(isAbsolute(d) ? d : resolve(objectsDir, d));
    }
  } catch {
    // no alternates
  }
  return dirs;
}
