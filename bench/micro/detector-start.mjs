// What a hook's scan pays before and at its first buffer: the main thread's detector built for the
// default rule set (newDetector), then its first 40 KB of code (regexes compiled on first use), then
// the same buffer warm. One build per process (a second would find the first's modules loaded).
// Run: node bench/micro/detector-start.mjs [checkout] (default: this checkout), a few times per build.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const build = resolve(process.argv[2] ?? new URL('../..', import.meta.url).pathname);
const load = (m) => import(pathToFileURL(join(build, 'dist', m)).href);
const { resolveRules } = await load('config/resolve.js');
const { DEFAULT_CONFIG } = await load('config/config.js');
const { newDetector } = await load('engine/detector.js');
const ruleSet = resolveRules(DEFAULT_CONFIG);
let t = performance.now();
const detector = newDetector(ruleSet, { profile: false });
const built = performance.now() - t;
const code = 'export function handler(req, res) { return res.status(200).json({ id: req.params.id }); }\n// TODO: read the token and password from the vault\n';
const data = Buffer.from(code.repeat(Math.ceil(40960 / code.length)));
t = performance.now();
detector.detect(data, 'src/handler.js');
const first = performance.now() - t;
const warm = [];
for (let i = 0; i < 31; i++) {
  t = performance.now();
  detector.detect(data, 'src/handler.js');
  warm.push(performance.now() - t);
}
console.log(`${build}: newDetector ${built.toFixed(1)} ms, first ${(data.length / 1024).toFixed(0)} KB ${first.toFixed(1)} ms, warm ${warm.sort((a, b) => a - b)[15].toFixed(2)} ms`);
