#!/usr/bin/env node
// One `keyward staged` run split into its steps, timed in-process with the unbundled modules
// (dist/). Prints a JSON object of milliseconds. Usage: node bench/staged/breakdown.mjs <repo>
const boot = performance.now();
const repo = process.argv[2];
const dist = new URL('../../dist/', import.meta.url);
const t = [performance.now()];
const lap = () => {
  const now = performance.now();
  const ms = now - t[0];
  t[0] = now;
  return ms;
};
const { loadRuleSet } = await import(new URL('cli/common.js', dist).href);
const { newDetector } = await import(new URL('engine/detector.js', dist).href);
const { locateGitDir, mergeHeads } = await import(new URL('sources/repo.js', dist).href);
const { diffIndexRaw, diffIndexPatch } = await import(new URL('git/diff.js', dist).href);
const { changedFiles } = await import(new URL('sources/changes.js', dist).href);
const { scanRanged } = await import(new URL('engine/ranged.js', dist).href);
const { GitObjectReader } = await import(new URL('git/object-reader.js', dist).href);
const imports = lap();
const [raw, patch] = await Promise.all([diffIndexRaw(repo, 'HEAD'), diffIndexPatch(repo, 'HEAD')]);
const files = changedFiles(raw, patch);
if (mergeHeads(locateGitDir(repo)).length > 0) throw new Error('unexpected merge in progress');
const diff = lap();
const ruleSet = loadRuleSet({}, repo);
const rules = lap();
const detector = newDetector(ruleSet, { profile: false });
const compile = lap();
const cat = new GitObjectReader(repo);
const r = await scanRanged(files, cat, { detector, showSecrets: false });
cat.close();
const scan = lap();
if (r.files !== 10) throw new Error(`scanned ${r.files} files, expected 10`);
process.stdout.write(
  JSON.stringify({
    'node boot (before the first line runs)': boot,
    'module imports (unbundled)': imports,
    'git diff-index raw + -U0 patch against HEAD (in parallel)': diff,
    [`rule loading (${ruleSet.rules.length} rules, verified-pack cache)`]: rules,
    'detector construction': compile,
    'git cat-file start + reads, scan (regexes compiled on first use), line filter': scan,
    total: performance.now(),
  }),
);
