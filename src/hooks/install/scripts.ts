import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HookName = 'pre-commit' | 'pre-push' | 'pre-receive';

/**
 * keyward's package root: the nearest directory above this module with keyward's package.json.
 * Searched, not a fixed "../..": the code runs from tsc's dist/ tree and from the bundle.
 */
function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'keyward') return d;
      } catch {
        // not ours: keep looking
      }
    }
    const up = dirname(d);
    if (up === d) throw new Error('cannot find the keyward package directory (hooks/ and package.json)');
    d = up;
  }
}

let root: string | undefined;
const pkgRoot = (): string => (root ??= packageRoot());

/** The shipped hook scripts (`hooks/` at the package root). */
export const shippedHooksDir = (): string => join(pkgRoot(), 'hooks');

/** The CLI of this installation (package.json "bin"), recorded in installed hooks as a fallback. */
export function thisCli(): string {
  const pkg = JSON.parse(readFileSync(join(pkgRoot(), 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.keyward;
  if (!bin) throw new Error('keyward package.json has no "bin" entry');
  return resolve(pkgRoot(), bin);
}

/** Marks a hook file keyward wrote (and may rewrite or remove). */
export const MANAGED_MARK = '# keyward-managed-hook';

/** keyward's package directory (where `hooks/`, `patterns/` and the CLI live). */
export const thisPackageRoot = (): string => pkgRoot();

/**
 * A shipped hook script with the installing CLI, the node that ran it and the fix to print when
 * keyward cannot be found (see missingKeywardFix) recorded in it.
 */
export function hookScript(name: HookName, cli = thisCli(), fix?: string): string {
  const set = (text: string, name: string, value: string): string =>
    text.replace(new RegExp(`^${name}=''$`, 'm'), () => `${name}=${shellQuote(value)}`);
  let text = readFileSync(join(shippedHooksDir(), name), 'utf8');
  text = set(text, 'KEYWARD_INSTALLED_CLI', cli);
  text = set(text, 'KEYWARD_NODE', process.execPath);
  return fix === undefined ? text : set(text, 'KEYWARD_FIX', fix);
}

/** Single-quoted for sh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
