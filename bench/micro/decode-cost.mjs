// What the decoding pass's search for encoded spans costs: findEncoded over every other file of the
// bench corpus, for each build given (a checkout with dist/ built), interleaved, median of 5, and
// the spans it finds by encoding.
// Run: node bench/micro/decode-cost.mjs [checkout ...] (default: this checkout)
import { readFileSync } from 'node:fs';
import { corpusFiles } from './corpus-slice.mjs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const builds = process.argv.length > 2 ? process.argv.slice(2) : [new URL('../..', import.meta.url).pathname];
const mods = await Promise.all(builds.map((b) => import(pathToFileURL(join(resolve(b), 'dist/detect/decode/find-encoded.js')).href)));
const files = corpusFiles();
const bufs = files.filter((_, i) => i % 2 === 0).map((f) => readFileSync(f));
const mb = bufs.reduce((s, x) => s + x.length, 0) / 1048576;
const times = builds.map(() => []);
const spans = builds.map(() => ({}));
for (let round = 0; round < 5; round++) {
  mods.forEach((m, k) => {
    const kinds = {};
    const t = performance.now();
    for (const b of bufs) for (const sp of m.findEncoded(b)) kinds[sp.encoding] = (kinds[sp.encoding] ?? 0) + 1;
    times[k].push(performance.now() - t);
    spans[k] = kinds;
  });
}
console.log(`${mb.toFixed(1)} MB in ${bufs.length} files`);
builds.forEach((b, k) => console.log(`${b}: ${times[k].sort((x, y) => x - y)[2].toFixed(0)} ms, spans ${JSON.stringify(spans[k])}`));
