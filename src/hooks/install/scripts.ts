import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HookName = 'pre-commit' | 'pre-push' | 'pre-receive';

/** The shipped hook scripts (`hooks/` at the package root). */
export const SHIPPED_HOOKS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../hooks');
/** The CLI of this installation, recorded in installed hooks as a fallback. */
export const THIS_CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../cli/main.js');

/** Marks a hook file keyward wrote (and may rewrite or remove). */
export const MANAGED_MARK = '# keyward-managed-hook';

/** A shipped hook script with the installing CLI recorded in it. */
export function hookScript(name: HookName, cli = THIS_CLI): string {
  const text = readFileSync(resolve(SHIPPED_HOOKS_DIR, name), 'utf8');
  return text.replace(/^KEYWARD_INSTALLED_CLI=''$/m, () => `KEYWARD_INSTALLED_CLI=${shellQuote(cli)}`);
}

/** Single-quoted for sh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
