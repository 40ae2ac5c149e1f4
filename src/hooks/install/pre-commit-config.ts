import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/toml.js';

export const PRE_COMMIT_CONFIG = '.pre-commit-config.yaml';
const BEGIN = '# >>> keyward (added by `keyward install`, removed by `keyward uninstall`)';
const END = '# <<< keyward';

export interface EntryOptions {
  /** Command that runs keyward, e.g. "keyward" or "node_modules/.bin/keyward". */
  entry: string;
  /** pre-commit < 3.2 only knows the stage names "commit" and "push". */
  legacyStages: boolean;
}

/**
 * A `repo: local` entry: keyward as the project installed it (no environment for pre-commit
 * to build), staged scan at commit time and pushed-commit scan at push time.
 */
export function preCommitEntry(opts: EntryOptions, indent = '  '): string {
  const stage = (s: 'pre-commit' | 'pre-push'): string => (opts.legacyStages ? s.slice(4) : s);
  const lines = [
    BEGIN,
    '- repo: local',
    '  hooks:',
    '    - id: keyward',
    '      name: keyward (secrets in staged changes)',
    `      entry: ${opts.entry} staged`,
    '      language: system',
    '      pass_filenames: false',
    '      require_serial: true',
    '      always_run: true',
    `      stages: [${stage('pre-commit')}]`,
    '    - id: keyward-pre-push',
    '      name: keyward (secrets in pushed commits)',
    `      entry: ${opts.entry} pre-push`,
    '      language: system',
    '      pass_filenames: false',
    '      require_serial: true',
    '      always_run: true',
    `      stages: [${stage('pre-push')}]`,
    END,
  ];
  return lines.map((l) => `${indent}${l}\n`).join('');
}

/**
 * Adds keyward's entry at the end of the `repos:` list of .pre-commit-config.yaml (created if
 * missing), matching the list's indentation. Text-level edit: comments and layout stay as they are.
 */
export function installPreCommitConfig(top: string, opts: EntryOptions): string {
  const file = join(top, PRE_COMMIT_CONFIG);
  if (!existsSync(file)) {
    writeFileSync(file, `repos:\n${preCommitEntry(opts)}`);
    return `${file}: created with keyward's entry`;
  }
  const original = readFileSync(file, 'utf8');
  const had = extract(original) !== undefined;
  let text = remove(original);
  if (!text.endsWith('\n')) text += '\n';
  const lines = text.split('\n');
  const reposAt = lines.findIndex((l) => /^repos:\s*(#.*)?$/.test(l));
  if (reposAt === -1) throw new ConfigError(file, noBlockList(lines));
  // The list runs until the next top-level key; keyward's entry goes after its last line.
  let last = reposAt;
  let indent: string | undefined;
  for (let i = reposAt + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    const lead = /^ */.exec(l)![0];
    if (lead === '' && !l.startsWith('- ') && l !== '-') break;
    indent ??= l.trimStart().startsWith('-') ? lead : '  ';
    last = i;
  }
  const entry = preCommitEntry(opts, indent ?? '  ').replace(/\n$/, '');
  lines.splice(last + 1, 0, entry);
  const updated = lines.join('\n');
  if (updated === original) return `${file}: already installed`;
  writeFileSync(file, updated);
  return `${file}: ${had ? 'keyward entry updated' : 'keyward entry added'}`;
}

/** One line: what is wrong with the `repos:` key and the two ways out. */
function noBlockList(lines: string[]): string {
  const flow = lines.find((l) => /^repos:\s*\S/.test(l));
  const what = flow ? `"${flow.trim().slice(0, 40)}" is a flow-style list, which keyward does not rewrite` : 'there is no top-level "repos:" list';
  return `${what}; write "repos:" on a line of its own with the entries below it, or add the entry that "keyward install --pre-commit --print" prints`;
}

export function uninstallPreCommitConfig(top: string): string | undefined {
  const file = join(top, PRE_COMMIT_CONFIG);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  if (extract(text) === undefined) return undefined;
  const rest = remove(text);
  if (/^repos:\s*$/.test(rest.trim())) {
    rmSync(file);
    return `${file}: removed (keyward created it)`;
  }
  writeFileSync(file, rest);
  return `${file}: keyward entry removed`;
}

/** keyward's block, whole lines, with its indentation. */
function extract(text: string): string | undefined {
  const i = text.indexOf(BEGIN);
  if (i === -1) return undefined;
  const start = text.lastIndexOf('\n', i) + 1;
  const j = text.indexOf(END, i);
  if (j === -1) return undefined;
  const nl = text.indexOf('\n', j);
  return text.slice(start, nl === -1 ? text.length : nl + 1);
}

function remove(text: string): string {
  const b = extract(text);
  return b === undefined ? text : text.replace(b, '');
}
