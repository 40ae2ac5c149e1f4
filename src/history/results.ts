import type { SourceScan } from '../engine/items.js';
import type { remoteTrackingRefs } from '../git/refs.js';
import { COMMIT_MESSAGE, compareFindings, type Finding } from '../model/finding.js';
import type { ScopeState, StoredCommit, StoredLocation } from './cache.js';
import { CommitGraph, gitAncestry } from './commit-graph.js';
import { buildFindings, type Occurrence } from './provenance.js';
import { HistoryRecords } from './records.js';
import { labelNotes } from './ref-sources.js';

const RANK_SPAN = 2 ** 31;

/** The occurrences of what a run found, where they are in history, and what the cache keeps of them. */
export abstract class HistoryResults extends HistoryRecords {
  /** The findings with their provenance (introducing commit, author, pushed), ref targets' included, sorted. */
  protected async provenance(
    state: ScopeState | undefined,
    remotes: ReturnType<typeof remoteTrackingRefs>,
    refScan: SourceScan | undefined,
  ): Promise<{ findings: Finding[]; commits: Map<string, StoredCommit> }> {
    const occurrences = this.occurrences(state);
    this.phase(`${occurrences.length} occurrences gathered`);
    const commits = this.commitMap(state);
    const findings = await buildFindings({
      cwd: this.cwd,
      occurrences,
      rules: new Map(this.ruleSet.rules.map((r) => [r.id, r])),
      commits,
      remotes: await remotes,
      // This walk's commits answer in memory; those only an earlier run saw, through git.
      ancestry: new CommitGraph(this.index.commitOids, this.index.parentOids, this.index.parentEnd, gitAncestry(this.cwd)),
    });
    for (const f of findings) if (f.file === COMMIT_MESSAGE) f.source = 'commit-message';
    await labelNotes(this.cwd, findings);
    findings.push(...(refScan?.findings ?? []));
    findings.sort(compareFindings);
    this.rememberIntros(occurrences);
    this.phase(`provenance of ${occurrences.length} occurrences`);
    return { findings, commits };
  }

  /** Every secret occurrence: this walk's (blob, path) pairs with findings, and those remembered from earlier walks. */
  protected occurrences(state: ScopeState | undefined): Occurrence[] {
    const firstSeen = new Map<string, StoredLocation>(); // "<blob>\0<path>" → earliest location
    const consider = (loc: StoredLocation) => {
      const k = `${loc.blob}\0${loc.path}`;
      const had = firstSeen.get(k);
      if (!had || loc.rank < had.rank) firstSeen.set(k, loc);
    };
    for (const loc of state?.locations ?? []) consider(loc);
    for (const loc of state?.missing ?? []) consider(loc);
    // Only the pairs of blobs with findings or missing: marked by blob index, no string per pair.
    const interesting = new Uint8Array(this.index.blobOids.length);
    const mark = (oid: string) => {
      const b = this.index.find(oid);
      if (b !== undefined) interesting[b] = 1;
    };
    for (const oid of this.missing) mark(oid);
    for (const key of this.results.keys()) mark(key.slice(0, key.indexOf(':')));
    for (const [blob, path, c] of this.index.pairs(interesting)) {
      consider({ blob, path, commit: this.index.commitOids[c]!, rank: this.rankOf(c) });
    }
    const out: Occurrence[] = [];
    for (const loc of firstSeen.values()) {
      if (this.missing.has(loc.blob)) {
        this.missingLocations.push(loc);
        continue;
      }
      const cls = this.classes.of(loc.path);
      if (cls === undefined) continue;
      const classId = this.cache.classId(cls);
      const key = `${loc.blob}:${classId}`;
      const found = this.results.get(key) ?? this.cache.lookup(loc.blob, classId);
      if (!found || found.length === 0) continue;
      this.locations.push(loc);
      const raw = this.rawSecrets.get(key);
      found.forEach((f, j) => {
        const intro = loc.intros?.[f.fingerprint];
        out.push({ ...f, secret: raw?.[j] ?? f.secret, blob: loc.blob, commit: loc.commit, rank: loc.rank, path: loc.path, ...(intro ? { intro } : {}) });
      });
    }
    return out;
  }

  /** Keeps each location's introductions (per secret) so the next run need not work them out again. */
  protected rememberIntros(occurrences: Occurrence[]): void {
    const byLocation = new Map(this.locations.map((l) => [`${l.blob}\0${l.path}`, l]));
    for (const o of occurrences) {
      const loc = byLocation.get(`${o.blob}\0${o.path}`);
      if (loc && o.intro) (loc.intros ??= {})[o.fingerprint] = o.intro;
    }
  }

  /** History order: a later walk generation comes after an earlier one; within a walk, git lists children first. */
  protected rankOf(commitIndex: number): number {
    return this.gen * RANK_SPAN + (RANK_SPAN - 1 - commitIndex);
  }

  /** Author and date of every commit a location names (from this walk or the cache). */
  protected commitMap(state: ScopeState | undefined): Map<string, StoredCommit> {
    const needed = new Set([...this.locations, ...this.missingLocations].map((l) => l.commit));
    const map = new Map<string, StoredCommit>();
    for (const [oid, info] of Object.entries(state?.commitInfo ?? {})) if (needed.has(oid)) map.set(oid, info);
    this.index.commitOids.forEach((oid, i) => {
      if (needed.has(oid)) map.set(oid, this.index.commitInfo(i));
    });
    return map;
  }

  protected scopeState(tips: string[], shallow: string[], blobs: number, commits: number, info: Map<string, StoredCommit>): ScopeState {
    return {
      tips,
      shallow,
      gen: this.gen,
      commits,
      blobs,
      locations: this.locations,
      missing: this.missingLocations,
      commitInfo: Object.fromEntries(info),
    };
  }
}
