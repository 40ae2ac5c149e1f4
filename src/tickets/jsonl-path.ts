import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../config/config.js';
import type { TicketsConfig } from './config.js';
import type { TicketsRepo } from './repo.js';
import { keywardDir } from './state.js';

/**
 * The file the JSONL tracker appends to. A path set by the scanned repository's own config must
 * stay inside its working tree and out of any git directory once symbolic links are followed
 * (a committed symlink can point anywhere, and a line appended to .git/config or a hook is an
 * attack); otherwise it is refused, naming the file and the field.
 */
export function jsonlFile(cfg: TicketsConfig, repo: TicketsRepo): string {
  const p = cfg.jsonl.path;
  if (p === undefined) return join(keywardDir(repo.commonDir), 'tickets.jsonl');
  const file = isAbsolute(p) ? p : resolve(repo.root, p);
  const from = cfg.jsonl.untrustedFrom;
  const why = from === undefined ? undefined : escapes(file, repo);
  if (from !== undefined && why) {
    throw new ConfigError(
      from,
      `tickets.jsonl.path "${p}" is refused: it ${why}; the scanned repository's own config may only write inside its working tree (set the path in your user config or with --config)`,
    );
  }
  return file;
}

/** Why `file` is not a safe place inside the working tree, or undefined when it is. */
function escapes(file: string, repo: TicketsRepo): string | undefined {
  const real = realPath(file);
  if (real === undefined) return 'goes through a symbolic link that points to nothing';
  const inside = (dir: string): boolean => {
    const rel = relative(realPath(dir) ?? dir, real);
    return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
  };
  if (!inside(repo.root) || real === (realPath(repo.root) ?? repo.root)) return 'resolves outside the repository';
  if (inside(repo.commonDir) || relative(realPath(repo.root) ?? repo.root, real).split(sep).some((c) => c.toLowerCase() === '.git')) {
    return 'is inside a git directory';
  }
  return undefined;
}

/**
 * `file` with every symbolic link in its existing part followed; the parts that do not exist yet
 * are kept as written. Undefined for a dangling link (opening it would create its target).
 */
function realPath(file: string): string | undefined {
  const rest: string[] = [];
  for (let cur = file; ; ) {
    try {
      return join(realpathSync(cur), ...rest);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      if (lstatOk(cur)) return undefined;
      const up = dirname(cur);
      if (up === cur) return file;
      rest.unshift(basename(cur));
      cur = up;
    }
  }
}

function lstatOk(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
