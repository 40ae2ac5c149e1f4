import type { StoredObject } from '../model/stored-object.js';

/**
 * Parses the output stream of `git cat-file --batch` ("<oid> <type> <size>\n<content>\n" or
 * "<name> missing\n") into objects, reading each byte once. Objects larger than `inlineLimit`
 * are handed out as a chunk stream instead of one Buffer.
 */
export async function* parseBatch(stream: AsyncIterable<Buffer>, inlineLimit = 16 * 1024 * 1024): AsyncGenerator<StoredObject> {
  const reader = new ByteReader(stream);
  for (;;) {
    const header = await reader.readLine();
    if (header === undefined) return;
    const text = header.toString('utf8');
    if (text.endsWith(' missing') || text.endsWith(' ambiguous')) {
      yield { oid: text.slice(0, text.lastIndexOf(' ')), missing: true };
      continue;
    }
    const [oid, type, sizeText] = text.split(' ');
    const size = Number(sizeText);
    // Never echo the line: after a framing error it could be object content (a secret).
    if (!oid || !type || !Number.isFinite(size)) throw new Error(`unexpected cat-file output (a ${header.length}-byte line that is not an object header)`);
    if (size <= inlineLimit) {
      const data = await reader.readExactly(size);
      await reader.expectLf();
      yield { oid, missing: false, type, size, data };
    } else {
      let left = size;
      const chunks = (async function* () {
        for await (const piece of reader.readPieces(size)) {
          left -= piece.length;
          yield piece;
        }
      })();
      yield { oid, missing: false, type, size, chunks };
      // Whatever the consumer did not read (it may stop early, e.g. on binary content) is
      // skipped here, so the next header is read from the right place.
      if (left > 0) for await (const piece of reader.readPieces(left)) left -= piece.length;
      await reader.expectLf();
    }
  }
}

/** Pull-based byte reader over a Readable: each byte is copied at most once. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly iter: AsyncIterator<Buffer>;

  constructor(stream: AsyncIterable<Buffer>) {
    this.iter = stream[Symbol.asyncIterator]();
  }

  /**
   * The LF git writes after an object's content. Anything else: git wrote fewer bytes than the
   * size it announced (a damaged or crafted object), and what follows cannot be framed.
   */
  async expectLf(): Promise<void> {
    const b = await this.readExactly(1);
    if (b[0] !== 10) throw new Error('cat-file output out of step (an object shorter than its declared size)');
  }

  private async pull(): Promise<Buffer | undefined> {
    const r = await this.iter.next();
    return r.done ? undefined : r.value;
  }

  async readLine(): Promise<Buffer | undefined> {
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl !== -1) {
        const line = this.buf.subarray(0, nl);
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      const next = await this.pull();
      if (next === undefined) {
        if (this.buf.length === 0) return undefined;
        throw new Error('truncated cat-file output');
      }
      this.buf = this.buf.length === 0 ? next : Buffer.concat([this.buf, next]); // headers are short
    }
  }

  async readExactly(n: number): Promise<Buffer> {
    if (this.buf.length >= n) {
      const out = this.buf.subarray(0, n);
      this.buf = this.buf.subarray(n);
      return out;
    }
    const parts: Buffer[] = [];
    let have = 0;
    for await (const piece of this.readPieces(n)) {
      parts.push(piece);
      have += piece.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
  }

  async *readPieces(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0) {
        const next = await this.pull();
        if (next === undefined) throw new Error('truncated cat-file output');
        this.buf = next;
      }
      const take = Math.min(left, this.buf.length);
      const piece = this.buf.subarray(0, take);
      this.buf = this.buf.subarray(take);
      left -= take;
      yield piece;
    }
  }
}
