import type { Detector, RawMatch } from '../detect/detector.js';
import type { Finding } from '../report/finding.js';
import { countLines, Locator } from './locate.js';
import { fingerprint, redact } from './secret-id.js';

export interface FindingOptions {
  /** Put the raw secret in findings instead of the redacted form. */
  showSecrets: boolean;
}

/** Bytes scanned per window of a streamed input. */
export const CHUNK_SIZE = 4 * 1024 * 1024;
/**
 * Context kept on both sides of a window. A match that starts in a window's own range is
 * reported by that window only; the context lets it see matches that cross the boundary whole.
 * The longest secret a rule can find across a boundary is this long.
 */
export const OVERLAP = 64 * 1024;

/** git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(data: Buffer): boolean {
  return data.subarray(0, 8000).includes(0);
}

/** Findings in a whole in-memory buffer. */
export function scanBuffer(detector: Detector, data: Buffer, path: string, opts: FindingOptions): Finding[] {
  return toFindings(detector.detect(data, path), data, path, 1, opts);
}

/**
 * Findings in a stream of any size, in bounded memory: windows of CHUNK_SIZE bytes with OVERLAP
 * context on each side. Returns bytes read and whether the stream looked binary (then nothing
 * is scanned).
 */
export async function scanStream(
  detector: Detector,
  source: AsyncIterable<Buffer | string>,
  path: string,
  opts: FindingOptions,
): Promise<{ findings: Finding[]; bytes: number; binary: boolean }> {
  const findings: Finding[] = [];
  // One window buffer for the whole stream: pieces are copied in, the kept tail is moved to the
  // front after each window. No per-piece allocation, so memory is this buffer plus one piece.
  const buf = Buffer.allocUnsafe(CHUNK_SIZE + 2 * OVERLAP);
  let len = 0; // bytes held in buf
  let base = 0; // absolute offset of buf[0]
  let baseLine = 1; // line number of buf[0]
  let ownStart = 0; // absolute start of the range the next window owns
  let bytes = 0;
  let first = true;

  const emit = (ownEnd: number, last: boolean): void => {
    const window = buf.subarray(0, last ? len : ownEnd + OVERLAP - base);
    const owned = detector.detect(window, path).filter((m) => {
      const abs = base + m.matchStart;
      return abs >= ownStart && (last || abs < ownEnd);
    });
    findings.push(...toFindings(owned, window, path, baseLine, opts));
  };

  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (first) {
      first = false;
      if (looksBinary(chunk)) return { findings, bytes: chunk.length, binary: true };
    }
    bytes += chunk.length;
    for (let off = 0; off < chunk.length; ) {
      const n = Math.min(buf.length - len, chunk.length - off);
      chunk.copy(buf, len, off, off + n);
      len += n;
      off += n;
      // A full buffer always completes a window, so the copy above never runs out of room.
      while (base + len - ownStart >= CHUNK_SIZE + OVERLAP) {
        const ownEnd = ownStart + CHUNK_SIZE;
        emit(ownEnd, false);
        const keepFrom = ownEnd - OVERLAP - base;
        baseLine += countLines(buf, 0, keepFrom);
        buf.copy(buf, 0, keepFrom, len);
        len -= keepFrom;
        base += keepFrom;
        ownStart = ownEnd;
      }
    }
  }
  if (len > 0 || bytes === 0) emit(base + len, true);
  return { findings, bytes, binary: false };
}

/** A finding with the byte span of its whole match in the scanned buffer. */
export interface LocatedFinding {
  finding: Finding;
  matchStart: number;
  matchEnd: number;
}

/** Raw matches → findings: locate, redact, fingerprint. */
export function toFindings(matches: RawMatch[], data: Buffer, path: string, firstLine: number, opts: FindingOptions): Finding[] {
  return toLocatedFindings(matches, data, path, firstLine, opts).map((l) => l.finding);
}

/** toFindings, keeping each match's byte span (a history scan carries findings into later versions). */
export function toLocatedFindings(matches: RawMatch[], data: Buffer, path: string, firstLine: number, opts: FindingOptions): LocatedFinding[] {
  if (matches.length === 0) return [];
  const sorted = [...matches].sort((a, b) => a.start - b.start || a.end - b.end);
  const loc = new Locator(data, firstLine);
  const endLoc = new Locator(data, firstLine);
  const ends = [...sorted].sort((a, b) => a.end - b.end).map((m) => [m, endLoc.locate(m.end)] as const);
  const endOf = new Map(ends);
  return sorted.map((m) => {
    const { def } = m.rule;
    const start = loc.locate(m.start);
    const end = endOf.get(m)!;
    const finding: Finding = {
      ruleId: def.id,
      title: def.title,
      provider: def.provider,
      kind: def.kind,
      risk: def.risk,
      file: path,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      secret: opts.showSecrets ? m.secret : redact(m.secret),
      entropy: Math.round(m.entropy * 100) / 100,
      fingerprint: fingerprint(def.id, m.secret),
      ...(def.revoke ? { revoke: def.revoke } : {}),
    };
    return { finding, matchStart: m.matchStart, matchEnd: m.matchEnd };
  });
}
