import type { Detector, RawMatch } from '../detect/detector.js';
import type { Finding } from '../model/finding.js';
import { columnAfter, countLines, Locator } from './locate.js';
import { secretId } from './secret-id.js';
import { previewSecret } from '../report/preview.js';

export interface FindingOptions {
  /** Put the raw secret in findings instead of the redacted form. */
  showSecrets: boolean;
  /**
   * false: no `preview` (history keeps only what its cache stores, which has none): spares a
   * decode of the match and two regexes per match on content dense with secrets.
   */
  preview?: boolean;
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

/** 'utf-16le' or 'utf-16be' when `data` starts with that byte-order mark (not UTF-32's). */
function utf16Encoding(data: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (data.length < 2) return undefined;
  if (data[0] === 0xff && data[1] === 0xfe) return data[2] === 0 && data[3] === 0 ? undefined : 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * The bytes to scan: `data` itself, UTF-16 text (with its byte-order mark, as Windows tools
 * write .ps1, .reg and config files) as UTF-8, or undefined for binary content. UTF-16 holds a
 * NUL in every ASCII character, so the binary check alone would skip it. Lines stay the same;
 * columns count UTF-8 bytes of the converted text.
 */
export function textOf(data: Buffer): Buffer | undefined {
  const enc = utf16Encoding(data);
  const text = enc ? Buffer.from(new TextDecoder(enc).decode(data)) : data;
  return looksBinary(text) ? undefined : text;
}

/**
 * A stream whose first piece starts with a UTF-16 byte-order mark, as UTF-8 pieces; `read.bytes`
 * counts the bytes taken from the source (what a scan reports).
 */
async function* utf16Stream(enc: 'utf-16le' | 'utf-16be', first: Buffer, rest: AsyncIterator<Buffer | string>, read: { bytes: number }): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(enc);
  read.bytes += first.length;
  yield Buffer.from(decoder.decode(first, { stream: true }));
  for (let r = await rest.next(); !r.done; r = await rest.next()) {
    const piece = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    read.bytes += piece.length;
    yield Buffer.from(decoder.decode(piece, { stream: true }));
  }
  yield Buffer.from(decoder.decode());
}

/** Findings in a whole in-memory buffer. */
export function scanBuffer(detector: Detector, data: Buffer, path: string, opts: FindingOptions): Finding[] {
  return toFindings(detector.detect(data, path), data, path, 1, opts);
}

/**
 * Findings in a stream of any size, in bounded memory: windows of CHUNK_SIZE bytes with OVERLAP
 * context on each side. Returns bytes read and whether the stream looked binary (then nothing
 * is scanned, unless `kind.text`).
 */
export async function scanStream(
  detector: Detector,
  source: AsyncIterable<Buffer | string>,
  path: string,
  opts: FindingOptions,
  /** text: scan whatever the bytes (a commit message), no binary check. */
  kind: { text?: boolean } = {},
): Promise<{ findings: Finding[]; bytes: number; binary: boolean }> {
  const windows = new Windows(detector, path, opts);
  // UTF-16 text is scanned as UTF-8 (see textOf): the first piece decides.
  const it = source[Symbol.asyncIterator]();
  const head = await it.next();
  const headBuf = head.done ? undefined : typeof head.value === 'string' ? Buffer.from(head.value) : head.value;
  const enc = headBuf && utf16Encoding(headBuf);
  const source16 = { bytes: 0 };
  const pieces: AsyncIterable<Buffer | string> = enc
    ? utf16Stream(enc, headBuf!, it, source16)
    : (async function* () {
        if (headBuf) yield headBuf;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      })();
  let first = true;
  try {
    for await (const piece of pieces) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      if (first && chunk.length > 0) {
        first = false;
        if (!kind.text && looksBinary(chunk)) return { findings: windows.findings, bytes: chunk.length, binary: true };
      }
      windows.push(chunk);
    }
  } finally {
    // Stopping early (binary content) must still end the source: a file stream closes its
    // descriptor, a cat-file reader skips the rest of the object.
    await it.return?.();
  }
  windows.end();
  return { findings: windows.findings, bytes: enc ? source16.bytes : windows.bytes, binary: false };
}

/**
 * The windows of a stream. One buffer for the whole stream: pieces are copied in, the kept tail
 * is moved to the front after each window. No per-piece allocation, so memory is this buffer
 * plus one piece. A match that starts in a window's own range is reported by that window only.
 */
class Windows {
  readonly findings: Finding[] = [];
  private readonly buf = Buffer.allocUnsafe(CHUNK_SIZE + 2 * OVERLAP);
  private len = 0; // bytes held in buf
  private base = 0; // absolute offset of buf[0]
  private baseLine = 1; // line number of buf[0]
  private baseColumn = 0; // UTF-16 units of buf[0]'s line before buf[0] (a window can start mid-line)
  private ownStart = 0; // absolute start of the range the next window owns
  bytes = 0;

  constructor(
    private readonly detector: Detector,
    private readonly path: string,
    private readonly opts: FindingOptions,
  ) {}

  push(chunk: Buffer): void {
    const { buf } = this;
    this.bytes += chunk.length;
    for (let off = 0; off < chunk.length; ) {
      const n = Math.min(buf.length - this.len, chunk.length - off);
      chunk.copy(buf, this.len, off, off + n);
      this.len += n;
      off += n;
      // A full buffer always completes a window, so the copy above never runs out of room.
      while (this.base + this.len - this.ownStart >= CHUNK_SIZE + OVERLAP) this.slide();
    }
  }

  /** The last window: whatever is held (and an empty stream's one empty window). */
  end(): void {
    if (this.len > 0 || this.bytes === 0) this.emit(this.base + this.len, true);
  }

  private slide(): void {
    const { buf } = this;
    const ownEnd = this.ownStart + CHUNK_SIZE;
    this.emit(ownEnd, false);
    const keepFrom = ownEnd - OVERLAP - this.base;
    this.baseLine += countLines(buf, 0, keepFrom);
    this.baseColumn = columnAfter(buf, this.baseColumn, 0, keepFrom);
    buf.copy(buf, 0, keepFrom, this.len);
    this.len -= keepFrom;
    this.base += keepFrom;
    this.ownStart = ownEnd;
  }

  private emit(ownEnd: number, last: boolean): void {
    const window = this.buf.subarray(0, last ? this.len : ownEnd + OVERLAP - this.base);
    const owned = this.detector.detect(window, this.path).filter((m) => {
      const abs = this.base + m.matchStart;
      return abs >= this.ownStart && (last || abs < ownEnd);
    });
    for (const f of toFindings(owned, window, this.path, this.baseLine, this.opts, this.baseColumn)) this.findings.push(f);
  }
}

/** Raw matches → findings: locate, redact, fingerprint. */
export function toFindings(matches: RawMatch[], data: Buffer, path: string, firstLine: number, opts: FindingOptions, firstColumn = 0): Finding[] {
  if (matches.length === 0) return [];
  const sorted = [...matches].sort((a, b) => a.start - b.start || a.end - b.end);
  const at = locateAll(sorted, data, firstLine, firstColumn);
  return sorted.map((m, i) => {
    const { def } = m.rule;
    const id = secretId(def.id, m.secret);
    const finding: Finding = {
      ruleId: def.id,
      title: def.title,
      provider: def.provider,
      kind: def.kind,
      risk: def.risk,
      confidence: m.rule.confidence,
      file: path,
      line: at[4 * i]!,
      column: at[4 * i + 1]!,
      endLine: at[4 * i + 2]!,
      endColumn: at[4 * i + 3]!,
      secret: opts.showSecrets ? m.secret : id.redacted,
      entropy: Math.round(m.entropy * 100) / 100,
      fingerprint: id.fingerprint,
      ...(def.revoke ? { revoke: def.revoke } : {}),
      ...(m.decoded ? { decoded: m.decoded } : {}),
    };
    if (opts.preview !== false) {
      const preview = previewOf(m, data);
      if (preview !== id.redacted) finding.preview = preview;
    }
    return finding;
  });
}

/**
 * Line and column of each match's start and end (4 numbers per match, in `matches` order), in
 * one pass over the buffer: every offset, starts and ends together, in increasing order.
 */
function locateAll(matches: readonly RawMatch[], data: Buffer, firstLine: number, firstColumn: number): Float64Array {
  const n = matches.length;
  const order = Array.from({ length: 2 * n }, (_, k) => k);
  const offset = (k: number): number => (k < n ? matches[k]!.start : matches[k - n]!.end);
  order.sort((a, b) => offset(a) - offset(b));
  const loc = new Locator(data, firstLine, firstColumn);
  const out = new Float64Array(4 * n);
  for (const k of order) {
    const { line, column } = loc.locate(offset(k));
    const slot = k < n ? 4 * k : 4 * (k - n) + 2;
    out[slot] = line;
    out[slot + 1] = column;
  }
  return out;
}

/** The public parts of a match (token prefix, URL host, PEM key type): see report/preview.ts. */
function previewOf(m: RawMatch, data: Buffer): string {
  // A decoded finding's span is the encoded text: its context says nothing about the secret.
  const match = m.decoded ? undefined : data.toString('utf8', m.matchStart, Math.min(m.matchEnd, m.matchStart + 4096));
  return previewSecret(m.secret, { ...(match !== undefined ? { match } : {}), keywords: m.rule.def.keywords, structural: m.rule.confidence === 'high' });
}
