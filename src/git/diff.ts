import { spawn } from 'node:child_process';
import { parsePatchStream, type PatchSection } from './hunks.js';
import { parseRawZ, type RawSection } from './raw-diff.js';
import { gitAsync, gitEnv, GitError } from './run.js';

/**
 * Options shared by the raw listing and the patch of one diff, so both pair renames and copies
 * the same way (plumbing ignores diff.renames, so detection is asked for explicitly).
 */
const COMMON = ['-r', '-M', '-C', '--no-color', '--no-ext-diff'];
const RAW = [...COMMON, '-z', '--no-abbrev'];
/**
 * Only modified, renamed and copied files need hunks: an added file is added whole, so its
 * content (possibly huge) never goes through the patch. --text: a file git deems binary (by
 * attribute or heuristic) still gets line hunks; keyward decides binary-ness itself.
 */
const PATCH = [...COMMON, '-p', '-U0', '--full-index', '--text', '--diff-filter=MRC'];

/** Statuses whose added lines come from the patch (see PATCH's --diff-filter). */
export const PATCHED_STATUSES = new Set(['M', 'R', 'C']);

/** Index against a tree (a commit, or the empty tree before the first commit): raw entries. */
export async function diffIndexRaw(cwd: string, tree: string): Promise<RawSection> {
  const out = await gitAsync(['diff-index', '--cached', ...RAW, tree, '--'], { cwd });
  return parseRawZ(out, false)[0]!;
}

/** Index against a tree: added-line hunks of modified, renamed and copied files. */
export async function diffIndexPatch(cwd: string, tree: string): Promise<PatchSection> {
  const sections = await gitPatch(['diff-index', '--cached', ...PATCH, tree, '--'], cwd, undefined, false);
  return sections[0]!;
}

/**
 * `git diff-tree --stdin` for many commits in one process. Each input line is "<commit>
 * <parent>" (diff against that parent) or "<commit>" (a root commit, diffed against nothing);
 * sections come back in input order.
 */
export async function diffTreeRaw(cwd: string, lines: string[]): Promise<RawSection[]> {
  const out = await gitAsync(['diff-tree', '--stdin', '--root', '--always', ...RAW], { cwd, input: stdinOf(lines) });
  return parseRawZ(out, true);
}

export function diffTreePatch(cwd: string, lines: string[]): Promise<PatchSection[]> {
  return gitPatch(['diff-tree', '--stdin', '--root', '--always', ...PATCH], cwd, stdinOf(lines), true);
}

function stdinOf(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Runs a patch-producing git command and parses its output as it streams. */
function gitPatch(args: string[], cwd: string, input: string | undefined, commitHeaders: boolean): Promise<PatchSection[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdin.on('error', () => undefined); // a failing git closes its stdin early: reported by exit code
    child.stdin.end(input);
    let parsed: PatchSection[] | undefined;
    let failure: unknown;
    let exit: number | null | undefined;
    const settle = (): void => {
      if (exit === undefined || (parsed === undefined && failure === undefined)) return;
      if (exit !== 0) reject(new GitError(args, exit, stderr));
      else if (failure !== undefined) reject(failure);
      else resolve(parsed!);
    };
    child.on('error', (e) => reject(new GitError(args, null, e.message)));
    child.on('close', (code) => {
      exit = code;
      settle();
    });
    parsePatchStream(child.stdout, commitHeaders).then(
      (s) => {
        parsed = s;
        settle();
      },
      (e: unknown) => {
        failure = e;
        child.kill();
        settle();
      },
    );
  });
}
