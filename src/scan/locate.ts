/**
 * Turns byte offsets into 1-based line and column (UTF-16 code units, as SARIF counts them).
 * Matches are located in increasing offset order so each byte is counted once.
 */
export class Locator {
  private pos = 0;
  private line: number;
  private lineStart = 0;

  constructor(
    private readonly data: Buffer,
    /** Line number of data[0] (1-based). */
    private readonly firstLine = 1,
  ) {
    this.line = firstLine;
  }

  locate(offset: number): { line: number; column: number } {
    if (offset < this.pos) this.reset();
    const { data } = this;
    let nl = data.indexOf(10, this.pos);
    while (nl !== -1 && nl < offset) {
      this.line++;
      this.lineStart = nl + 1;
      nl = data.indexOf(10, nl + 1);
    }
    this.pos = offset;
    const column = data.toString('utf8', this.lineStart, offset).length + 1;
    return { line: this.line, column };
  }

  private reset(): void {
    this.pos = 0;
    this.line = this.firstLine;
    this.lineStart = 0;
  }
}

/** Number of "\n" bytes in data[start, end). */
export function countLines(data: Buffer, start = 0, end = data.length): number {
  let n = 0;
  let i = data.indexOf(10, start);
  while (i !== -1 && i < end) {
    n++;
    i = data.indexOf(10, i + 1);
  }
  return n;
}
