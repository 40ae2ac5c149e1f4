#!/usr/bin/env node
// Reading git objects: the git CLI (the raw-log walk keyward uses + one `cat-file --batch`)
// against isomorphic-git (commit walk + tree walk + readBlob), both enumerating every blob
// reachable from every ref and reading its content into Node. Prints one JSON line per method:
// { method, blobs, bytes, ms, rssMB }. Each method runs in its own process (fair memory numbers).
// Usage: node bench/history/read-objects.mjs --repo DIR [--method cli|isogit] [--timeout-s 600]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: { repo: { type: 'string' }, method: { type: 'string' }, 'timeout-s': { type: 'string', default: '600' } },
});
if (!opt.repo) throw new Error('--repo DIR is required');
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

async function viaCli(repo) {
  const { rawLog } = await import(join(dist, 'git/raw-log.js'));
  const { GitObjectReader } = await import(join(dist, 'git/object-reader.js'));
  const { allTips } = await import(join(dist, 'git/refs.js'));
  const reader = new GitObjectReader(repo, { inlineLimit: 32 * 1024 * 1024, buffered: true });
  const seen = new Set();
  let blobs = 0;
  let bytes = 0;
  const reading = (async () => {
    for await (const o of reader.answers()) {
      if (o.missing) continue;
      blobs++;
      bytes += o.size;
      if (o.chunks) for await (const c of o.chunks) void c;
    }
  })();
  const walk = rawLog(repo, allTips(repo), []);
  for await (const entries of walk.entries) {
    for (const e of entries) {
      for (const c of e.changes) {
        if ((c.mode === '100644' || c.mode === '100755') && !seen.has(c.blob)) {
          seen.add(c.blob);
          reader.request(c.blob);
        }
      }
    }
  }
  await walk.done;
  reader.end();
  await reading;
  return { blobs, bytes };
}

async function viaIsomorphicGit(repo, deadline) {
  const git = (await import('isomorphic-git')).default;
  const cache = {};
  const gitdir = join(repo, '.git');
  const refs = [];
  for (const prefix of ['refs/heads', 'refs/remotes', 'refs/tags']) {
    for (const r of await git.listRefs({ fs, gitdir, filepath: prefix })) refs.push(`${prefix}/${r}`);
  }
  const commits = new Set();
  const stack = [];
  for (const ref of refs) stack.push(await git.resolveRef({ fs, gitdir, ref }));
  const trees = new Set();
  const blobSet = new Set();
  let blobs = 0;
  let bytes = 0;
  let timedOut = false;
  const walkTree = async (oid) => {
    if (trees.has(oid)) return;
    trees.add(oid);
    const { tree } = await git.readTree({ fs, gitdir, oid, cache });
    for (const e of tree) {
      if (e.type === 'tree') await walkTree(e.oid);
      else if (e.type === 'blob' && !blobSet.has(e.oid)) {
        blobSet.add(e.oid);
        const { blob } = await git.readBlob({ fs, gitdir, oid: e.oid, cache });
        blobs++;
        bytes += blob.length;
      }
    }
  };
  while (stack.length > 0) {
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    const oid = stack.pop();
    if (commits.has(oid)) continue;
    commits.add(oid);
    const { commit } = await git.readCommit({ fs, gitdir, oid, cache });
    await walkTree(commit.tree);
    stack.push(...commit.parent);
  }
  return { blobs, bytes, commits: commits.size, timedOut };
}

if (opt.method) {
  const t0 = performance.now();
  const deadline = Date.now() + Number(opt['timeout-s']) * 1000;
  const r = opt.method === 'cli' ? await viaCli(opt.repo) : await viaIsomorphicGit(opt.repo, deadline);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ method: opt.method, ...r, ms: Math.round(ms), rssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else {
  for (const method of ['cli', 'isogit']) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--repo', opt.repo, '--method', method, '--timeout-s', opt['timeout-s']], {
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    process.stdout.write(r.stdout);
  }
}
