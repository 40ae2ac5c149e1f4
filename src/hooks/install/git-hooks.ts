import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gitText } from '../../git/run.js';
import { hookScript, MANAGED_MARK, type HookName } from './scripts.js';
import { InstallError } from './errors.js';

/** Suffix of a hook that was there before keyward: keyward's hook runs it first. */
export const CHAINED_SUFFIX = '.keyward-chained';

/** The directory git runs hooks from: core.hooksPath when set, else <git dir>/hooks. */
export function hooksDir(cwd: string): string {
  return resolve(cwd, gitText(['rev-parse', '--git-path', 'hooks'], { cwd }));
}

function isManaged(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').includes(MANAGED_MARK);
  } catch {
    return false;
  }
}

/**
 * Writes keyward's hook. An existing foreign hook is kept as <name>.keyward-chained and run
 * first by keyward's hook, so nothing is clobbered; running it again only refreshes keyward's
 * own file. `fix` is what the hook says to run when it cannot find keyward.
 */
export function installGitHook(dir: string, name: HookName, fix?: string): string {
  const file = join(dir, name);
  const chained = file + CHAINED_SUFFIX;
  const script = hookScript(name, undefined, fix);
  mkdirSync(dir, { recursive: true });
  let what: string;
  if (existsSync(file) && isManaged(file)) {
    if (readFileSync(file, 'utf8') === script) return `${file}: already installed`;
    what = `${file}: updated`;
  } else if (existsSync(file)) {
    if (existsSync(chained)) throw new InstallError(`${file} exists and so does ${chained}: move one of them away first`);
    renameSync(file, chained);
    what = `${file}: installed; the existing hook moved to ${chained} and runs first`;
  } else {
    what = `${file}: installed`;
  }
  writeFileSync(file, script, { mode: 0o755 });
  chmodSync(file, 0o755);
  return what;
}

/** Removes keyward's hook and puts back the one it chained. Foreign hooks are left alone. */
export function uninstallGitHook(dir: string, name: HookName): string | undefined {
  const file = join(dir, name);
  const chained = file + CHAINED_SUFFIX;
  if (!existsSync(file) || !isManaged(file)) return undefined;
  rmSync(file);
  if (existsSync(chained)) {
    renameSync(chained, file);
    return `${file}: removed; the previous hook is back`;
  }
  return `${file}: removed`;
}
