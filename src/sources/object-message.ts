import type { Detector } from '../detect/detector.js';
import type { BatchObject } from '../git/cat-file.js';
import { MAX_HEADER, messageStart, parseHeader, type ObjectHeader } from '../git/object-header.js';
import type { Finding } from '../model/finding.js';
import type { ObjectText } from '../engine/objects.js';
import { scanBuffer, scanStream, type FindingOptions } from '../engine/scan-data.js';

export type PresentObject = Extract<BatchObject, { missing: false }>;

export interface MessageScan {
  header: ObjectHeader;
  /** Findings with `file` as given, line and column inside the message (line 1: its first line). */
  findings: Finding[];
  /** Bytes of message scanned. */
  bytes: number;
}

/**
 * The header and message of a raw commit or annotated-tag object (`git cat-file --batch`). A
 * large object's message comes as a stream; its header is read up to MAX_HEADER bytes. A header
 * without end within MAX_HEADER is a crafted object: all of it is then the message of a streamed
 * object, and a held object has none.
 */
export async function splitMessage(obj: Pick<PresentObject, 'data' | 'chunks'>): Promise<{ header: ObjectHeader; text: ObjectText }> {
  if (obj.data) {
    const start = messageStart(obj.data.subarray(0, MAX_HEADER));
    if (start < 0) return { header: parseHeader(obj.data.subarray(0, MAX_HEADER)), text: { data: Buffer.alloc(0) } };
    return { header: parseHeader(obj.data.subarray(0, start)), text: { data: obj.data.subarray(start) } };
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
  const header = parseHeader(head.subarray(0, start < 0 ? MAX_HEADER : start));
  const first = head.subarray(start < 0 ? 0 : start);
  const chunks = (async function* () {
    yield first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  return { header, text: { chunks } };
}

/**
 * Secrets in the message of a raw commit or annotated-tag object, with what its header says
 * (author or tagger, a tag's target). A message is text whatever bytes it holds: no binary
 * check, a NUL must not hide what follows it.
 */
export async function scanObjectMessage(obj: PresentObject, file: string, detector: Detector, opts: FindingOptions): Promise<MessageScan> {
  const { header, text } = await splitMessage(obj);
  if (text.data) return { header, findings: scanBuffer(detector, text.data, file, opts), bytes: text.data.length };
  const r = await scanStream(detector, text.chunks, file, opts, { text: true });
  return { header, findings: r.findings, bytes: r.bytes };
}
