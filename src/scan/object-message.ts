import type { Detector } from '../detect/detector.js';
import type { BatchObject } from '../git/cat-file.js';
import { MAX_HEADER, messageStart, parseHeader, type ObjectHeader } from '../git/object-header.js';
import type { Finding } from '../report/finding.js';
import { scanBuffer, scanStream, type FindingOptions } from './scan-data.js';

export type PresentObject = Extract<BatchObject, { missing: false }>;

export interface MessageScan {
  header: ObjectHeader;
  /** Findings with `file` as given, line and column inside the message (line 1: its first line). */
  findings: Finding[];
  /** Bytes of message scanned. */
  bytes: number;
}

/**
 * Secrets in the message of a raw commit or annotated-tag object (`git cat-file --batch`), with
 * what its header says (author or tagger, a tag's target). A message is text whatever bytes it
 * holds: no binary check, a NUL must not hide what follows it. A large object is scanned as a
 * stream; its header is read up to MAX_HEADER bytes.
 */
export async function scanObjectMessage(obj: PresentObject, file: string, detector: Detector, opts: FindingOptions): Promise<MessageScan> {
  if (obj.data) {
    const start = messageStart(obj.data.subarray(0, MAX_HEADER));
    if (start < 0) return { header: parseHeader(obj.data.subarray(0, MAX_HEADER)), findings: [], bytes: 0 };
    const message = obj.data.subarray(start);
    return { header: parseHeader(obj.data.subarray(0, start)), findings: scanBuffer(detector, message, file, opts), bytes: message.length };
  }
  const it = obj.chunks![Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let start = -1;
  while (start < 0 && head.length < MAX_HEADER) {
    const r = await it.next();
    if (r.done) break;
    head = Buffer.concat([head, r.value]);
    start = messageStart(head.subarray(0, MAX_HEADER));
  }
  // A header without end within MAX_HEADER: a crafted object; all of it is scanned as message.
  const header = parseHeader(head.subarray(0, start < 0 ? MAX_HEADER : start));
  const first = head.subarray(start < 0 ? 0 : start);
  const rest = (async function* () {
    yield first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  const r = await scanStream(detector, rest, file, opts, { text: true });
  return { header, findings: r.findings, bytes: r.bytes };
}
