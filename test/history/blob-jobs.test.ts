import { describe, expect, it } from 'vitest';
import { packJobs, packOutcomes, unpackJobs, unpackOutcomes, type BlobJob, type BlobOutcome } from '../../src/engine/blob-jobs.js';
import type { Finding } from '../../src/model/finding.js';

const oid = (n: number, length = 40) => n.toString(16).padStart(length, '0');

describe('jobs and outcomes crossing to worker threads', () => {
  it('packs jobs into flat values and back, paths of every kind and any number per job', () => {
    for (const length of [40, 64]) {
      const jobs: BlobJob[] = [
        { oid: oid(1, length), paths: ['a.txt'] },
        { oid: oid(2, length), paths: ['dir/with space.env', 'new\nline.txt', 'ünï/ç.md', ':colon'] },
        { oid: oid(3, length), paths: [''] },
        { oid: oid(4, length), paths: ['x'.repeat(5000)] },
      ];
      const packed = packJobs(jobs);
      expect(typeof packed.oids).toBe('string');
      expect(typeof packed.paths).toBe('string');
      expect(unpackJobs(structuredClone(packed))).toEqual(jobs);
    }
    expect(unpackJobs(packJobs([]))).toEqual([]);
  });

  it('marks nothing as sent by packing (the scanner does)', () => {
    const job: BlobJob = { oid: oid(9), paths: ['a'] };
    packJobs([job]);
    expect(job.sent).toBeUndefined();
  });

  it('sends whole outcomes only for blobs with findings or problems, in job order', () => {
    const finding = { ruleId: 'r', secret: 's' } as Finding;
    const jobs: BlobJob[] = [0, 1, 2, 3].map((i) => ({ oid: oid(i), paths: ['p', 'q'] }));
    const outcomes: BlobOutcome[] = [
      { oid: oid(0), size: 10, binary: false, findings: [[], []] },
      { oid: oid(1), size: 20, binary: false, findings: [[], [finding]] },
      { oid: oid(2), size: 0, binary: false, missing: 'gone', findings: [[], []] },
      { oid: oid(3), size: 30, binary: true, findings: [[], []] },
    ];
    const packed = structuredClone(packOutcomes(outcomes));
    expect(packed.full.map(([i]) => i)).toEqual([1, 2]);
    const back = unpackOutcomes(packed, jobs);
    expect(back[1]).toEqual(outcomes[1]);
    expect(back[2]).toEqual(outcomes[2]);
    expect(back[0]).toMatchObject({ oid: oid(0), size: 10, binary: false });
    expect(back[3]).toMatchObject({ oid: oid(3), size: 30, binary: true });
    // No findings: no entry for any path.
    for (const i of [0, 3]) expect(back[i]!.findings.flat()).toEqual([]);
  });
});
