import { MAX_HEADER, messageStart, parseHeader, type ObjectHeader } from '../git/object-header.js';
import type { Finding } from '../model/finding.js';
import type { ScanItem } from '../engine/items.js';
import type { ObjectText } from '../engine/objects.js';
import type { StoredObject } from '../model/stored-object.js';

export type PresentObject = Extract<StoredObject, { missing: false }>;

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
 * The message of a raw commit or annotated-tag object as an item for the engine, with what its
 * header says (author or tagger, a tag's target); the caller sets its provenance from them.
 */
export async function messageItem(obj: PresentObject, file: string): Promise<{ header: ObjectHeader; item: ScanItem }> {
  const { header, text } = await splitMessage(obj);
  return { header, item: { ...text, oid: obj.oid, kind: 'message', size: obj.size, path: file, provenance: {} } };
}

/** A person of a header as the fields of a finding. */
export function personFields(header: ObjectHeader): Partial<Finding> {
  const p = header.person;
  return p ? { author: p.name, email: p.email, date: p.date } : {};
}
