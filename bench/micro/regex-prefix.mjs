// Why src/detect/accelerate.ts exists: RE2 throughput of one token regex with and without a
// leading boundary, and of the generic rule. Run: node bench/micro/regex-prefix.mjs
import RE2 from 're2';
import { readFileSync } from 'node:fs';
import { corpusSlice } from './corpus-slice.mjs';

const buf = corpusSlice();
const generic = readFileSync(new URL('../../patterns/generic.toml', import.meta.url), 'utf8').match(/regex = '''(.*)'''/)[1];
const cases = {
  '\\b + literal': '\\b(sk_live_[0-9a-zA-Z]{24})\\b',
  'literal first': '(sk_live_[0-9a-zA-Z]{24})\\b',
  '(?:^|[^..]) + literal': '(?:^|[^A-Za-z0-9_])(sk_live_[0-9a-zA-Z]{24})',
  '(?i) literal': '(?i)sk_live_[0-9a-z]{24}',
  'generic rule': generic,
};
console.log(`corpus slice: ${(buf.length / 1e6).toFixed(1)} MB, median of 3`);
for (const [name, src] of Object.entries(cases)) {
  const re = new RE2(src, 'gdu');
  const times = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    re.lastIndex = 0;
    while (re.exec(buf));
    times.push(performance.now() - t);
  }
  const ms = times.sort((a, b) => a - b)[1];
  console.log(`${name.padEnd(24)} ${(buf.length / 1e6 / (ms / 1000)).toFixed(0).padStart(6)} MB/s`);
}
