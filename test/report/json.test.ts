import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/formats/json.js';
import { COMMIT, emptyResult, incompleteResult, ODD_PATH, OPTS, sampleResult } from './fixtures.js';

describe('json format', () => {
  it('holds findings, stats and warnings exactly as given, pretty-printed', () => {
    const result = incompleteResult();
    const out = renderJson(result, OPTS);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['findings', 'stats', 'warnings']);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(result)));
    expect(out).toContain('\n  "findings": [\n');
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('keeps history provenance and odd paths intact', () => {
    const parsed = JSON.parse(renderJson(sampleResult(), OPTS));
    const history = parsed.findings.find((f: { commit?: string }) => f.commit);
    expect(history).toMatchObject({
      commit: COMMIT,
      email: 'zoe@example.com',
      pushed: true,
      remotes: ['origin'],
      locations: [{ file: 'old/aws.env' }, { file: 'old dir/aws 2.env' }],
    });
    expect(parsed.findings.map((f: { file: string }) => f.file)).toContain(ODD_PATH);
    // Provenance keys are absent, not null, on working-tree findings.
    expect(parsed.findings[0]).not.toHaveProperty('commit');
  });

  it('renders an empty result', () => {
    const parsed = JSON.parse(renderJson(emptyResult(), OPTS));
    expect(parsed.findings).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.stats.files).toBe(120);
  });
});
