import { join } from 'node:path';
import { keyward, type RunResult } from '../helpers/cli.js';
import type { Inventory, InventoryRow } from '../../src/inventory/types.js';
import { git, secretLine as historySecretLine, writeFiles } from '../history/helpers.js';

export { git };

export interface Who {
  name: string;
  email: string;
}

/** Writes (string) or deletes (null) files and commits them as `who` on `date` (ISO 8601). */
export function commitAs(cwd: string, who: Who, date: string, files: Record<string, string | null>, message = 'change'): string {
  writeFiles(cwd, files);
  git(cwd, ['add', '-A']);
  git(cwd, ['commit', '-q', '-m', message], { GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return git(cwd, ['rev-parse', 'HEAD']);
}

/** A line the built-in generic rule reports (medium risk, kind generic), with a fresh fake value. */
export function secretLine(): { secret: string; line: string } {
  const { secret, line } = historySecretLine();
  return { secret, line: `${line}\n` };
}

/** A bare "server" and a clone of it whose origin is that server. */
export function serverAndWork(dir: string): { server: string; work: string } {
  const server = join(dir, 'server.git');
  const work = join(dir, 'work');
  git(dir, ['init', '-q', '--bare', '-b', 'main', server]);
  git(dir, ['init', '-q', '-b', 'main', work]);
  git(work, ['remote', 'add', 'origin', server]);
  return { server, work };
}

/** `keyward inventory --format json` (plus args) in `cwd`, parsed. */
export function inventoryJson(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): RunResult & { inv: Inventory } {
  const r = keyward(['inventory', '--format', 'json', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let inv: Inventory;
  try {
    inv = JSON.parse(r.stdout) as Inventory;
  } catch {
    throw new Error(`keyward inventory exited ${r.code} without JSON:\n${r.stderr}`);
  }
  return { ...r, inv };
}

export function rowOf(inv: Inventory, file: string): InventoryRow {
  const row = inv.rows.find((r) => r.firstSeen.file === file);
  if (!row) throw new Error(`no inventory row first seen in ${file}: ${inv.rows.map((r) => r.firstSeen.file).join(', ')}`);
  return row;
}
