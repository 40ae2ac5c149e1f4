import { commitsTouching, configChange, watchedPaths, watchedSpecs } from '../config/config-watch.js';
import { gitAsync, splitZ } from '../git/run.js';
import type { PushUpdate } from '../hooks/pre-push.js';
import { printable } from '../report/describe.js';
import type { RuleSet } from '../rules/resolve.js';

/**
 * Notes on changes to keyward's own config that weaken it ("this change to keyward.toml disables
 * 3 rules"). They never block by themselves, but they are never silent either; a comparison that
 * fails is itself a note, never a crash of the hook.
 */
type Notes = Promise<string[]>;

/** `keyward staged`: the index against HEAD (the defaults before the first commit). */
export async function stagedConfigNotes(cwd: string, ruleSet: RuleSet): Notes {
  return guarded(async () => {
    // The usual commit does not touch the config: one git process says so.
    const quick = gitAsync(['diff-index', '--cached', '--name-only', '-z', '--no-renames', 'HEAD', '--', ...watchedSpecs(ruleSet)], { cwd });
    if ((await quick.then(splitZ, () => undefined))?.length === 0) return [];
    const top = (await gitAsync(['rev-parse', '--show-toplevel'], { cwd })).toString('utf8').trim();
    const paths = watchedPaths(top, ruleSet);
    let note: string | undefined;
    try {
      note = await configChange(top, { tree: 'HEAD' }, 'index', paths);
    } catch (e) {
      if (await hasCommit(top, 'HEAD')) throw e;
      note = await configChange(top, 'none', 'index', paths); // the first commit: against the defaults
    }
    return note ? [note] : [];
  });
}

/** `keyward pre-push`: each pushed tip against what the remote had (or where the new commits start). */
export async function pushConfigNotes(top: string, remote: string | undefined, updates: PushUpdate[], ruleSet: RuleSet): Notes {
  return guarded(async () => {
    const paths = watchedPaths(top, ruleSet);
    const notes: string[] = [];
    for (const u of updates.filter((x) => !/^0+$/.test(x.local))) {
      const base = await pushBase(top, remote, u);
      if (base === undefined) continue;
      const note = await configChange(top, base === 'none' ? 'none' : { tree: base }, { tree: u.local }, paths);
      if (note) notes.push(`${printable(u.remoteRef || u.localRef)}: ${note}`);
    }
    return notes;
  });
}

/** `keyward history`: every commit of the scanned range that changed the config (newest 50). */
export async function historyConfigNotes(top: string, revs: string[], ruleSet: RuleSet): Notes {
  return guarded(async () => {
    const paths = watchedPaths(top, ruleSet);
    const notes: string[] = [];
    for (const c of await commitsTouching(top, revs, paths)) {
      const note = await configChange(top, c.parent ? { tree: c.parent } : 'none', { tree: c.commit }, paths);
      if (note) notes.push(`commit ${c.commit.slice(0, 12)}: ${note}`);
    }
    return notes;
  });
}

/** The remote's old tip when this repository has it; else the parent of the oldest new commit. */
async function pushBase(top: string, remote: string | undefined, u: PushUpdate): Promise<string | 'none' | undefined> {
  if (u.remote !== '' && !/^0+$/.test(u.remote) && (await hasCommit(top, u.remote))) return u.remote;
  const tracking = remote && /^[\w.-]+$/.test(remote) ? [`--remotes=${remote}`] : [];
  const out = (await gitAsync(['rev-list', '--topo-order', '--reverse', '--parents', u.local, '--not', ...tracking, '--'], { cwd: top })).toString('utf8');
  const oldest = out.split('\n')[0];
  if (!oldest) return undefined; // nothing new
  return oldest.split(' ')[1] ?? 'none';
}

async function hasCommit(top: string, rev: string): Promise<boolean> {
  const out = await gitAsync(['rev-parse', '--verify', '-q', `${rev}^{commit}`], { cwd: top, okCodes: [1, 128] });
  return out.length > 0;
}

async function guarded(f: () => Notes): Notes {
  try {
    return await f();
  } catch (e) {
    return [`could not compare the config before and after this change: ${printable((e as Error).message.split('\n')[0] ?? '')}`];
  }
}
