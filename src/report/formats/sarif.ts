import type { Location, Log, PropertyBag, ReportingDescriptor, Result } from 'sarif';
import type { Finding, ScanResult } from '../../model/finding.js';
import type { Risk } from '../../rules/types.js';
import type { RenderOptions } from '../render.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where people learn about the tool (driver.informationUri). */
export const INFORMATION_URI = 'https://github.com/keyward/keyward';
/** Key of our partialFingerprints entry; bump the version if the fingerprint scheme changes. */
export const FINGERPRINT_KEY = 'keyward/v1';

const LEVEL: Record<Risk, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** GitHub code scanning maps this 0-10 score to its critical/high/medium/low severity. */
const SECURITY_SEVERITY: Record<Risk, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/**
 * SARIF 2.1.0 log with one run. Rules are the distinct rule ids of the findings, sorted so output
 * is stable; partialFingerprints let code-scanning dashboards follow a secret across runs.
 */
export function renderSarif(result: ScanResult, opts: RenderOptions): string {
  const ruleIds = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => ruleDescriptor(result.findings.find((f) => f.ruleId === id)!));

  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyward',
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [
          {
            // An incomplete scan (unreadable files/objects) did not fully succeed.
            executionSuccessful: result.stats.complete,
            toolExecutionNotifications: result.warnings.map((text) => ({ level: 'warning', message: { text } })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId)!)),
        properties: { mode: opts.mode, stats: { ...result.stats } },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleDescriptor(f: Finding): ReportingDescriptor {
  const rule: ReportingDescriptor = {
    id: f.ruleId,
    name: pascalCase(f.ruleId),
    shortDescription: { text: f.title },
    defaultConfiguration: { level: LEVEL[f.risk] },
    properties: {
      provider: f.provider,
      kind: f.kind,
      risk: f.risk,
      tags: ['security', 'secret', f.kind],
      'security-severity': SECURITY_SEVERITY[f.risk],
    },
  };
  if (f.revoke && URL.canParse(f.revoke)) {
    rule.helpUri = f.revoke;
    rule.help = { text: `Revoke or rotate this ${f.provider} credential: ${f.revoke}` };
  }
  return rule;
}

function sarifResult(f: Finding, ruleIndex: number): Result {
  const res: Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.risk],
    message: { text: `${f.title} (${f.ruleId}): ${f.secret}` },
    locations: [physical(f.file, f)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: resultProperties(f),
  };
  if (f.locations && f.locations.length > 0) {
    res.relatedLocations = f.locations.map((l, i) => ({
      id: i + 1,
      ...physical(l.file, { line: l.line, column: l.column }),
      message: { text: `same secret in commit ${l.commit.slice(0, 12)}` },
      properties: { commit: l.commit },
    }));
  }
  return res;
}

interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

function physical(file: string, p: Position): Location {
  return {
    physicalLocation: {
      artifactLocation: {
        uri: pathToUri(file),
        // Relative paths resolve against the scanned root (GitHub's convention for checkouts).
        ...(isRelativePath(file) ? { uriBaseId: '%SRCROOT%' } : {}),
      },
      region: {
        startLine: p.line,
        startColumn: p.column,
        ...(p.endLine !== undefined ? { endLine: p.endLine } : {}),
        ...(p.endColumn !== undefined ? { endColumn: p.endColumn } : {}),
      },
    },
  };
}

function resultProperties(f: Finding): PropertyBag {
  const props: PropertyBag = { provider: f.provider, kind: f.kind, risk: f.risk, confidence: f.confidence, entropy: f.entropy };
  if (f.decoded !== undefined) props.decoded = f.decoded;
  if (f.commit !== undefined) props.commit = f.commit;
  if (f.author !== undefined) props.author = f.author;
  if (f.email !== undefined) props.email = f.email;
  if (f.date !== undefined) props.date = f.date;
  if (f.pushed !== undefined) props.pushed = f.pushed;
  if (f.remotes !== undefined) props.remotes = f.remotes;
  if (f.source !== undefined) props.source = f.source;
  if (f.ref !== undefined) props.ref = f.ref;
  if (f.tag !== undefined) props.tag = f.tag;
  return props;
}

/**
 * A '/'-separated path as a URI: relative paths stay relative references (resolved against
 * %SRCROOT%), absolute ones become file: URIs. Every segment is percent-encoded (UTF-8) so spaces,
 * quotes, '#', '?', ':' and control characters cannot change how the URI parses.
 */
export function pathToUri(path: string): string {
  if (path.startsWith('//')) return `file:${encodeSegments(path)}`; // UNC: //host/share/...
  if (path.startsWith('/')) return `file://${encodeSegments(path)}`;
  const drive = /^[A-Za-z]:\//.exec(path);
  if (drive) return `file:///${drive[0]}${encodeSegments(path.slice(drive[0].length))}`;
  return encodeSegments(path);
}

function isRelativePath(path: string): boolean {
  return !path.startsWith('/') && !/^[A-Za-z]:\//.test(path);
}

function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
