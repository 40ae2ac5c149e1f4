import { accessSync, constants, mkdirSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first `name` on `path` that can be run, or undefined. */
export function which(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * A PATH on which `hide` cannot be found but the `keep` programs (git, node, sh) still can.
 * Dropping every directory that holds `hide` is not enough on its own: a global install puts
 * keyward next to git (/usr/bin, /usr/local/bin), and git would go with it. So the kept programs
 * are linked into `binDir`, which comes first.
 */
export function pathWithout(hide: string, keep: string[], binDir: string): string {
  mkdirSync(binDir, { recursive: true });
  for (const name of keep) {
    const real = which(name);
    if (!real) throw new Error(`${name} is not on PATH`);
    symlinkSync(real, join(binDir, name));
  }
  const rest = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !which(hide, d));
  return [binDir, ...rest].join(delimiter);
}
