import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../package-root.js';

export type HookName = 'pre-commit' | 'pre-push' | 'pre-receive';

/** The shipped hook scripts (`hooks/` at the package root). */
export const shippedHooksDir = (): string => join(packageRoot(), 'hooks');

/** The CLI of this installation (package.json "bin"), recorded in installed hooks as a fallback. */
export function thisCli(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.keyward;
  if (!bin) throw new Error('keyward package.json has no "bin" entry');
  return resolve(packageRoot(), bin);
}

/** Marks a hook file keyward wrote (and may rewrite or remove). */
export const MANAGED_MARK = '# keyward-managed-hook';

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
