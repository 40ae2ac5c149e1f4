import { gitAsync } from '../git/run.js';
import type { ConfigRev } from './config-at.js';

/**
 * Files that accept findings instead of changing rules: a change that adds entries to them lets
 * more secrets through, so it is named as config changes are ("this change adds 2 entries to
 * .keywardignore"). They sit at the repository root, where keyward reads them.
 */
export const ACCEPTANCE_FILES = ['.keyward-baseline.json', '.keywardignore', '.gitleaksignore'];

/** Entries in one version of an acceptance file: baseline entries, or non-comment lines. */
export function entryCount(name: string, text: string): number {
  if (name.endsWith('.json')) {
    try {
      const doc = JSON.parse(text) as { entries?: unknown };
      return Array.isArray(doc.entries) ? doc.entries.length : 0;
    } catch {
      return 0; // a broken file accepts nothing (keyward refuses to run with it)
    }
  }
  return text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
}

/** The text of `path` at `rev` (empty when it is not there). */
async function textAt(top: string, rev: ConfigRev, path: string): Promise<string> {
  if (rev === 'none') return '';
  const spec = rev === 'index' ? `:${path}` : `${rev.tree}:${path}`;
  const out = await gitAsync(['cat-file', '-p', spec], { cwd: top, okCodes: [128] });
  return out.toString('utf8');
}

/** "this change adds 2 entries to .keywardignore", or undefined when no entry was added. */
export async function acceptanceChange(top: string, before: ConfigRev, after: ConfigRev, changed: string[]): Promise<string | undefined> {
  const parts: string[] = [];
  for (const name of ACCEPTANCE_FILES.filter((f) => changed.includes(f))) {
    const [a, b] = await Promise.all([textAt(top, before, name), textAt(top, after, name)]);
    const added = entryCount(name, b) - entryCount(name, a);
    if (added > 0) parts.push(`${added} ${added === 1 ? 'entry' : 'entries'} to ${name}`);
  }
  return parts.length > 0 ? `this change adds ${parts.join(' and ')} (findings accepted, not reported)` : undefined;
}
