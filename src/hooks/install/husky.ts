import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintStagedRunsKeyward, runsLintStaged } from './lint-staged.js';
import { shellQuote, type HookName } from './scripts.js';

const BEGIN = '# >>> keyward: secret check (added by `keyward install`, removed by `keyward uninstall`)';
const END = '# <<< keyward';

/**
 * The lines keyward adds to a husky hook: husky puts node_modules/.bin on PATH and runs it with
 * sh -e. `fix` is what to run when keyward is not found (see missingKeywardFix).
 */
function block(name: HookName, fix: string): string {
  const what = name === 'pre-commit' ? 'commit' : 'push';
  const bypass = name === 'pre-commit' ? 'git commit --no-verify' : 'git push --no-verify';
  const run = name === 'pre-commit' ? 'keyward staged' : 'keyward pre-push "$@"';
  const say = (s: string): string => `echo ${shellQuote(s)} >&2`;
  return [
    BEGIN,
    `command -v keyward >/dev/null 2>&1 || { ${say(`keyward: not found in node_modules/.bin or on PATH: ${what} blocked (fail closed).`)}; ${say(`  Fix: ${fix}. Bypass on purpose: ${bypass}`)}; exit 127; }`,
    run,
    END,
    '',
  ].join('\n');
}

/**
 * Appends keyward's block to .husky/<name> (after what is there: existing commands still run
 * first). A pre-commit hook that runs lint-staged, whose config already runs `keyward staged`,
 * gets no block (and loses one an earlier install added): keyward runs once per commit.
 */
export function installHusky(top: string, name: HookName, fix: string): string {
  const dir = join(top, '.husky');
  const file = join(dir, name);
  const want = block(name, fix);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const viaLintStaged = name === 'pre-commit' && before !== undefined && runsLintStaged(remove(before)) ? lintStagedRunsKeyward(top) : undefined;
  if (before !== undefined && viaLintStaged) {
    const had = extract(before) !== undefined;
    if (had) writeFileSync(file, remove(before));
    return `${file}: ${had ? "keyward's lines removed" : 'nothing added'}: it runs lint-staged, whose config (${viaLintStaged}) already runs keyward staged, so keyward runs once per commit`;
  }
  if (before !== undefined) {
    const current = extract(before);
    if (current === want) return `${file}: already installed`;
    const base = current === undefined ? before : remove(before);
    writeFileSync(file, `${base}${base === '' || base.endsWith('\n') ? '' : '\n'}${want}`);
    return `${file}: ${current === undefined ? 'keyward added after the existing commands' : 'updated'}`;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, want, { mode: 0o755 });
  return `${file}: created`;
}

/** Removes keyward's block; deletes the file if keyward's block was all it held. */
export function uninstallHusky(top: string, name: HookName): string | undefined {
  const file = join(top, '.husky', name);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  if (extract(text) === undefined) return undefined;
  const rest = remove(text);
  if (rest.trim() === '') {
    rmSync(file);
    return `${file}: removed (keyward created it)`;
  }
  writeFileSync(file, rest);
  return `${file}: keyward's lines removed`;
}

function extract(text: string): string | undefined {
  const i = text.indexOf(BEGIN);
  if (i === -1) return undefined;
  const j = text.indexOf(END, i);
  if (j === -1) return undefined;
  const nl = text.indexOf('\n', j);
  return text.slice(i, nl === -1 ? text.length : nl + 1);
}

function remove(text: string): string {
  const b = extract(text);
  return b === undefined ? text : text.replace(b, '');
}
