// The words of Markdown files under a folder: what scripts/english-bigrams.mjs builds the letter
// tables from and bench/micro/word-runs.mjs tests them on (files in sorted path order).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of the .md files under `dir`, depth first, in sorted order. */
export function* markdown(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* markdown(p);
    else if (e.name.endsWith('.md')) yield p;
  }
}

/** How often each lower-case word of 3-10 letters occurs in `files`. */
export function wordCounts(files) {
  const seen = new Map();
  for (const f of files) for (const w of readFileSync(f, 'utf8').split(/[^a-z]+/)) if (w.length >= 3 && w.length <= 10) seen.set(w, (seen.get(w) ?? 0) + 1);
  return seen;
}
