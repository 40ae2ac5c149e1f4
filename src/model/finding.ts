import type { Confidence, Risk, RuleKind } from './rule-facts.js';

/** Where else (in history) the same secret was seen. */
export interface FindingLocation {
  commit: string;
  file: string;
  line: number;
  column: number;
}

/** What a finding says about its rule: carried by ticket groups and inventory rows too. */
export type RuleFacts = Pick<Finding, 'ruleId' | 'title' | 'provider' | 'kind' | 'risk'>;

/**
 * What the detector matched: the rule, the place in the scanned text, the redacted secret.
 * `secret` is already redacted unless the user asked for --show-secrets: the raw value never
 * travels further than the detector.
 */
export interface Match {
  ruleId: string;
  title: string;
  provider: string;
  kind: RuleKind;
  risk: Risk;
  /** How sure this is a credential: high (structural token), medium (provider keyword plus shape), low (generic evidence). */
  confidence: Confidence;
  /** Path relative to the scan root with '/' separators; '-' for stdin. */
  file: string;
  /** 1-based line and column (column in UTF-16 code units, as SARIF expects) of the secret's start. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  secret: string;
  /**
   * What helps find the secret without revealing it, when it says more than `secret`: a token's
   * public prefix and up to 4 characters (`ghp_AbCd…`), a URL's host with its credentials masked,
   * a PEM block's key type (report/preview.ts). Never more than 4 characters of the secret.
   */
  preview?: string;
  /** Shannon entropy of the secret, bits per byte, 2 decimals. */
  entropy: number;
  /** Stable hash of rule id and secret (same secret anywhere: same fingerprint; not reversible). */
  fingerprint: string;
  /** Provider page to revoke or rotate the credential. */
  revoke?: string;
  /**
   * How the secret was encoded where it was found (`base64`, nested: `base64>hex`); line and
   * columns are then those of the encoded text. Absent for a secret found as it is.
   */
  decoded?: string;
}

/**
 * Where in a repository's history a match was found, kept apart from the match itself (as Nosey
 * Parker does): set by `keyward history` and the push hooks, absent for a scan of files.
 */
export interface Provenance {
  commit?: string;
  author?: string;
  email?: string;
  /** ISO 8601 author date. */
  date?: string;
  pushed?: boolean;
  /** Remotes whose remote-tracking refs reach the introducing commit. */
  remotes?: string[];
  /** Other commits/paths carrying the same secret. */
  locations?: FindingLocation[];
  /**
   * Where the secret sits when it is not in a file of a commit's tree: a commit or annotated-tag
   * message (`file` is then "<commit message>" / "<tag message>", line and column inside the
   * message), a note (refs/notes/*), or the blob or tree a ref names directly.
   */
  source?: FindingSource;
  /** The ref that reaches the content (tag messages, notes, refs naming a blob or tree). */
  ref?: string;
  /** The annotated tag object whose message holds the secret. */
  tag?: string;
}

/** One reported secret: a match, and its provenance when it came from history. */
export type Finding = Match & Provenance;

export type FindingSource = 'commit-message' | 'tag-message' | 'note' | 'ref-target';

/** `file` of a finding in a commit or tag message. */
export const COMMIT_MESSAGE = '<commit message>';
export const TAG_MESSAGE = '<tag message>';

export interface ScanStats {
  files: number;
  bytes: number;
  skippedBinary: number;
  skippedTooLarge: number;
  /** Files or objects that could not be read (listed in warnings). */
  unreadable: number;
  rules: number;
  workers: number;
  durationMs: number;
  /** History scans: blobs scanned / reused from cache / missing from the object store. */
  blobs?: number;
  blobsCached?: number;
  blobsMissing?: number;
  commits?: number;
  /** Findings dropped because the baseline holds them / an ignore entry covers them (src/baseline). */
  baselined?: number;
  ignored?: number;
  /** False when something could not be read: the scan is incomplete. */
  complete: boolean;
  /** Config files read, rule packs loaded and how many rules ran (set by the CLI). */
  config?: ConfigSummary;
}

export interface ConfigSummary {
  files: string[];
  packs: string[];
  rulesActive: number;
}

export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
  warnings: string[];
}

/** Deterministic order: output must not depend on worker scheduling. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.commit ?? '', b.commit ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
