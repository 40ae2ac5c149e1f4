// What matching paths against the path-scoped rules' globs costs: one globMatcher of all their
// globs (the Detector's question for every file), then one per rule, over every bench-corpus path,
// for each build given, interleaved, median of 5. The rules are this checkout's.
// Run: node bench/micro/path-globs.mjs [checkout ...] (default: this checkout)
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusFiles } from './corpus-slice.mjs';

const here = new URL('../..', import.meta.url).pathname;
const builds = process.argv.length > 2 ? process.argv.slice(2).map((b) => resolve(b)) : [here];
const { BUILTIN_PATTERNS_DIR, loadPack } = await import(pathToFileURL(join(here, 'dist/rules/load.js')).href);
const scoped = loadPack(BUILTIN_PATTERNS_DIR).filter((r) => !r.pathOnly && r.paths?.length);
const globs = [...new Set(scoped.flatMap((r) => r.paths))];
const paths = corpusFiles();
const matchers = await Promise.all(
  builds.map(async (b) => {
    const { globMatcher } = await import(pathToFileURL(join(b, 'dist/detect/globs.js')).href);
    return { union: globMatcher(globs), each: scoped.map((r) => globMatcher(r.paths)) };
  }),
);
const times = builds.map(() => ({ union: [], each: [] }));
for (let round = 0; round < 5; round++) {
  matchers.forEach((m, k) => {
    let t = performance.now();
    for (const p of paths) m.union(p);
    times[k].union.push(performance.now() - t);
    t = performance.now();
    for (const p of paths) for (const e of m.each) e(p);
    times[k].each.push(performance.now() - t);
  });
}
const med = (xs) => xs.sort((a, b) => a - b)[2].toFixed(0);
console.log(`${paths.length} paths, ${globs.length} globs of ${scoped.length} rules`);
builds.forEach((b, k) => console.log(`${b}: all globs at once ${med(times[k].union)} ms, rule by rule ${med(times[k].each)} ms`));
