import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, pathToUri, renderSarif } from '../../src/report/formats/sarif.js';
import { COMMIT, CONTROL_PATH, emptyResult, FORMULA_PATH, incompleteResult, ODD_PATH, OPTS, sampleResult } from './fixtures.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The official OASIS SARIF 2.1.0 schema (draft-07), stored verbatim. */
const SCHEMA = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

let validate: ValidateFunction;

beforeAll(() => {
  // strict: false: the third-party schema uses keywords ajv's strict mode warns about.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  validate = ajv.compile(SCHEMA);
});

function sarif(result = sampleResult(), opts = OPTS): Log {
  return JSON.parse(renderSarif(result, opts)) as Log;
}

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('sarif format', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    expectValid(sarif());
    expectValid(sarif(incompleteResult()));
    expectValid(sarif(emptyResult(), { ...OPTS, mode: 'history' }));
  });

  it('uses a validator that does reject invalid SARIF', () => {
    const log = sarif();
    (log.runs[0]!.results![0] as { level: string }).level = 'fatal';
    expect(validate(log)).toBe(false);
    const noUri = sarif();
    noUri.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri = 'a b\n';
    expect(validate(noUri)).toBe(false);
  });

  it('describes the tool and one rule per distinct rule id', () => {
    const log = sarif();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/^https:\/\//);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'keyward', version: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules!.map((r) => r.id)).toEqual(['aws-access-key-id', 'generic-password', 'github-pat', 'slack-webhook']);
    const gh = driver.rules!.find((r) => r.id === 'github-pat')!;
    expect(gh).toMatchObject({
      name: 'GithubPat',
      shortDescription: { text: 'GitHub Personal Access Token' },
      helpUri: 'https://github.com/settings/tokens',
      properties: { provider: 'GitHub', kind: 'api-token', risk: 'critical' },
    });
    // No revoke URL: no helpUri.
    expect(driver.rules!.find((r) => r.id === 'generic-password')).not.toHaveProperty('helpUri');
  });

  it('maps each finding to a result with rule index, level, message, region and fingerprint', () => {
    const log = sarif();
    const run = log.runs[0]!;
    const input = sampleResult().findings;
    expect(run.results).toHaveLength(input.length);
    run.results!.forEach((r, i) => {
      const f = input[i]!;
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(f.ruleId);
      expect(r.ruleId).toBe(f.ruleId);
      expect(r.message.text).toContain(f.ruleId);
      expect(r.message.text).toContain(f.secret);
      expect(r.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: f.fingerprint });
      const loc = r.locations![0]!.physicalLocation!;
      expect(loc.region).toEqual({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
      expect(decodeUri(loc.artifactLocation!.uri!)).toBe(f.file);
    });
    expect(run.results!.map((r) => r.level)).toEqual(['error', 'note', 'warning', 'error', 'error']);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('URI-escapes odd paths into relative references', () => {
    for (const path of [ODD_PATH, CONTROL_PATH, FORMULA_PATH, 'a b/#frag?q.txt', 'c:drive.txt']) {
      const uri = pathToUri(path);
      expect(uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=@%/]+$/);
      expect(uri.split('/')[0]).not.toContain(':');
      expect(decodeUri(uri)).toBe(path);
    }
    expect(pathToUri('dir/my file.txt')).toBe('dir/my%20file.txt');
  });

  it('turns absolute paths into file: URIs and roots relative ones at %SRCROOT%', () => {
    expect(pathToUri('/tmp/odd dir/a#1.env')).toBe('file:///tmp/odd%20dir/a%231.env');
    expect(pathToUri('C:/Users/me/a b.txt')).toBe('file:///C:/Users/me/a%20b.txt');
    expect(pathToUri('//server/share/x.env')).toBe('file://server/share/x.env');
    const result = sampleResult();
    result.findings[1] = { ...result.findings[1]!, file: '/home/zoë/.aws/credentials' };
    const log = sarif(result);
    expectValid(log);
    const [rel, abs] = log.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!);
    expect(rel).toEqual({ uri: 'src/config.ts', uriBaseId: '%SRCROOT%' });
    expect(abs).toEqual({ uri: 'file:///home/zo%C3%AB/.aws/credentials' });
  });

  it('keeps history provenance in result properties and other locations as related locations', () => {
    const history = sarif().runs[0]!.results!.find((r) => r.ruleId === 'aws-access-key-id')!;
    expect(history.properties).toMatchObject({
      commit: COMMIT,
      email: 'zoe@example.com',
      date: '2024-05-01T10:20:30+02:00',
      pushed: true,
      remotes: ['origin'],
    });
    expect(history.relatedLocations).toHaveLength(2);
    expect(history.relatedLocations![1]!.physicalLocation!.artifactLocation!.uri).toBe('old%20dir/aws%202.env');
    const plain = sarif().runs[0]!.results![0]!;
    expect(plain.properties).not.toHaveProperty('commit');
    expect(plain).not.toHaveProperty('relatedLocations');
  });

  it('reports warnings and incompleteness in the invocation', () => {
    const inv = sarif(incompleteResult()).runs[0]!.invocations![0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications!.map((n) => n.message.text)).toEqual(incompleteResult().warnings);
    expect(sarif().runs[0]!.invocations![0]!.executionSuccessful).toBe(true);
  });

  it('renders an empty result as a run with no rules and no results', () => {
    const run = sarif(emptyResult()).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toEqual([]);
  });
});

function decodeUri(uri: string): string {
  return uri.split('/').map(decodeURIComponent).join('/');
}
