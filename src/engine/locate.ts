/**
 * Turns byte offsets into 1-based line and column (UTF-16 code units, as SARIF counts them).
 * Matches are located in increasing offset order so each byte is counted once.
 */
export class Locator {
  private pos = 0;
  private line: number;
  private lineStart = 0;
  /** The first "\n" at or after `pos` (-1: none): found once per line, not once per match on it. */
  private nextBreak: number | undefined;
  /** UTF-16 units of the current line counted up to byte `colPos` (offsets only grow). */
  private colPos = 0;
  private colUnits = 0;

  constructor(
    private readonly data: Buffer,
    /** Line number of data[0] (1-based). */
    private readonly firstLine = 1,
    /** UTF-16 units of data[0]'s line that come before data[0] (a window that starts mid-line). */
    private readonly firstColumn = 0,
  ) {
    this.line = firstLine;
  }

  locate(offset: number): { line: number; column: number } {
    if (offset < this.pos) this.reset();
    const { data } = this;
    let nl = this.nextBreak ?? data.indexOf(10, this.pos);
    while (nl !== -1 && nl < offset) {
      this.line++;
      this.lineStart = nl + 1;
      nl = data.indexOf(10, nl + 1);
    }
    this.nextBreak = nl;
    this.pos = offset;
    if (this.colPos < this.lineStart) {
      this.colPos = this.lineStart;
      this.colUnits = 0;
    }
    this.colUnits += utf16Units(data, this.colPos, offset);
    this.colPos = offset;
    const column = this.colUnits + 1 + (this.line === this.firstLine ? this.firstColumn : 0);
    return { line: this.line, column };
  }

  private reset(): void {
    this.pos = 0;
    this.line = this.firstLine;
    this.lineStart = 0;
    this.nextBreak = undefined;
    this.colPos = 0;
    this.colUnits = 0;
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

/**
 * UTF-16 code units of the UTF-8 bytes data[start, end), counted from the bytes: exact even when
 * the range cuts a character (a window boundary), which decoding the range would not be.
 */
export function utf16Units(data: Uint8Array, start = 0, end = data.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = data[i]!;
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/**
 * The column offset of the byte after data[start, end) given that of data[start]: units since
 * the last line break in the range, or `before` plus the whole range when it has none.
 */
export function columnAfter(data: Uint8Array, before: number, start: number, end: number): number {
  const nl = data.lastIndexOf(10, end - 1);
  return nl >= start ? utf16Units(data, nl + 1, end) : before + utf16Units(data, start, end);
}
