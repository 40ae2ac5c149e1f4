import { isAbsolute, resolve } from 'node:path';
import { GitError, gitAsync, gitSync, type GitOptions } from './run.js';

/** keyward's one description of a repository (absolute paths), from one `git rev-parse`. */
export interface RepoInfo {
  /** Top of the work tree; undefined in a bare repository. */
  top?: string;
  /** This worktree's own git directory: index, MERGE_HEAD. */
  gitDir: string;
  /** The git directory every worktree shares: objects, refs, config, keyward's state. */
  commonDir: string;
  objectsDir: string;
  /** The shallow file (may not exist). */
  shallowFile: string;
  /** The empty tree of the repository's hash algorithm: the "parent" of a first commit. */
  emptyTree: string;
  /** HEAD commit; undefined before the first commit. */
  head?: string;
}

const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

// Each question prints one line; --show-toplevel fails in a bare repository.
const TOP = ['--show-toplevel'];
const QUESTIONS = [['--absolute-git-dir'], ['--git-common-dir'], ['--git-path', 'objects'], ['--git-path', 'shallow']];
// --verify -q HEAD prints nothing and exits 1 on an unborn branch (first commit).
const HEAD = ['--verify', '-q', 'HEAD'];
const OK: GitOptions['okCodes'] = [1];

/** Throws GitError when `cwd` is not in a repository. */
export function repoInfo(cwd: string): RepoInfo {
  const ask = (args: string[]): string => gitSync(['rev-parse', ...args], { cwd, okCodes: OK }).toString('utf8');
  try {
    return parse(cwd, true, ask([...TOP, '--show-object-format', ...QUESTIONS.flat(), ...HEAD]), ask);
  } catch (e) {
    if (!isBare(e)) throw e;
    return parse(cwd, false, ask(['--show-object-format', ...QUESTIONS.flat(), ...HEAD]), ask);
  }
}

export async function repoInfoAsync(cwd: string): Promise<RepoInfo> {
  const out = (await gitAsync(['rev-parse', ...TOP, '--show-object-format', ...QUESTIONS.flat(), ...HEAD], { cwd, okCodes: OK }).catch((e: unknown) => {
    if (isBare(e)) return undefined;
    throw e;
  }))?.toString('utf8');
  return out === undefined ? repoInfo(cwd) : parse(cwd, true, out, (args) => gitSync(['rev-parse', ...args], { cwd, okCodes: OK }).toString('utf8'));
}

const isBare = (e: unknown): boolean => e instanceof GitError && /work tree/i.test(e.stderr);

/**
 * Reads the one-call answer; a path holding a newline splits it apart, and then each question
 * is asked on its own (rare: one git process costs about 10 ms).
 */
function parse(cwd: string, withTop: boolean, out: string, ask: (args: string[]) => string): RepoInfo {
  const lines = out.replace(/\n$/, '').split('\n');
  const fixed = (withTop ? 1 : 0) + 1 + QUESTIONS.length;
  const headLine = lines.length === fixed + 1 ? lines[fixed] : undefined;
  const fits = (lines.length === fixed || (headLine !== undefined && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(headLine))) && EMPTY_TREE[lines[withTop ? 1 : 0]!];
  const answers = fits ? lines.slice(0, fixed) : [...(withTop ? [TOP] : []), ['--show-object-format'], ...QUESTIONS].map((q) => ask(q).replace(/\n$/, ''));
  const head = fits ? headLine : ask(HEAD).trim() || undefined;
  const [top, format, gitDir, commonDir, objectsDir, shallowFile] = withTop ? answers : [undefined, ...answers];
  const emptyTree = EMPTY_TREE[format ?? ''];
  if (!gitDir || !commonDir || !objectsDir || !shallowFile || !emptyTree) throw new Error(`unexpected git rev-parse output: ${out.slice(0, 200)}`);
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  return { ...(top ? { top } : {}), gitDir, commonDir: abs(commonDir), objectsDir: abs(objectsDir), shallowFile: abs(shallowFile), emptyTree, ...(head ? { head } : {}) };
}
