/** What a `-U0` patch says about one file. */
export interface FilePatch {
  /** Lines the new side adds or changes: 1-based inclusive [first, last] ranges, in order. */
  added: Array<[number, number]>;
  /** git showed no text hunks ("Binary files ... differ"): which lines changed is unknown. */
  binary: boolean;
  /** New blob id from the "index <old>..<new>" line (full with --full-index), when git printed one. */
  newOid?: string;
}

/** The file patches of one diff; `commit` is set for `git diff-tree --stdin` output. */
export interface PatchSection {
  commit?: string;
  files: FilePatch[];
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;
const INDEX = /^index ([0-9a-f]+)\.\.([0-9a-f]+)/;
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})(?: |$)/;
/** Bytes of a line kept for parsing: headers are short; content lines are never kept. */
const HEAD_MAX = 1024;

/**
 * Streaming parser for `git diff -p -U0` output: keeps only hunk headers, so a patch of any size
 * (a new 1 GB file) is parsed in constant memory. File names are not parsed (they are C-quoted
 * in patches); sections come in the same order as the `--raw` entries of the same diff.
 */
export class PatchParser {
  readonly sections: PatchSection[];
  private head: Buffer[] = [];
  private headLen = 0;
  /** The current line is content (+, -, space, backslash): skipped to its end. */
  private skipping = false;
  private lineStart = true;

  constructor(private readonly commitHeaders: boolean) {
    this.sections = commitHeaders ? [] : [{ files: [] }];
  }

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.lineStart) {
        const c = chunk[i]!;
        // '+' '-' ' ' '\\': content (or ---/+++ header lines, which are not needed either)
        this.skipping = c === 0x2b || c === 0x2d || c === 0x20 || c === 0x5c;
        this.lineStart = false;
      }
      const nl = chunk.indexOf(10, i);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.skipping && this.headLen < HEAD_MAX) {
        const piece = chunk.subarray(i, Math.min(end, i + HEAD_MAX - this.headLen));
        this.head.push(Buffer.from(piece));
        this.headLen += piece.length;
      }
      if (nl === -1) return;
      this.finishLine();
      i = nl + 1;
    }
  }

  /** Call after the last chunk. */
  end(): PatchSection[] {
    if (!this.lineStart) this.finishLine();
    return this.sections;
  }

  private finishLine(): void {
    if (!this.skipping) this.line(Buffer.concat(this.head, this.headLen).toString('utf8'));
    this.head = [];
    this.headLen = 0;
    this.skipping = false;
    this.lineStart = true;
  }

  private line(text: string): void {
    if (text.startsWith('diff --git ')) {
      this.currentSection().files.push({ added: [], binary: false });
      return;
    }
    const file = this.currentFile();
    if (file) {
      const h = HUNK.exec(text);
      if (h) {
        const start = Number(h[1]);
        const count = h[2] === undefined ? 1 : Number(h[2]);
        if (count > 0) file.added.push([start, start + count - 1]);
        return;
      }
      if (text.startsWith('Binary files ') || text.startsWith('GIT binary patch')) {
        file.binary = true;
        return;
      }
      const idx = INDEX.exec(text);
      if (idx) {
        file.newOid = idx[2];
        return;
      }
    }
    const c = this.commitHeaders ? COMMIT.exec(text) : null;
    if (c) this.sections.push({ commit: c[1]!, files: [] });
  }

  private currentSection(): PatchSection {
    const s = this.sections[this.sections.length - 1];
    if (!s) throw new Error('patch output before any commit header');
    return s;
  }

  private currentFile(): FilePatch | undefined {
    const s = this.sections[this.sections.length - 1];
    return s?.files[s.files.length - 1];
  }
}

/** Parses a whole patch stream (e.g. a git child's stdout). */
export async function parsePatchStream(stream: AsyncIterable<Buffer>, commitHeaders: boolean): Promise<PatchSection[]> {
  const p = new PatchParser(commitHeaders);
  for await (const chunk of stream) p.push(chunk);
  return p.end();
}
