/** How a span of a scanned buffer is encoded: what decoders.ts undoes. */
export type Encoding = 'base64' | 'hex' | 'percent' | 'escape' | 'html' | 'joined' | 'array' | 'column';

/** A byte range [start, end) of the scanned buffer holding encoded text. */
export interface EncodedSpan {
  start: number;
  end: number;
  encoding: Encoding;
  /**
   * A 'column' span's column name (find-columns.ts); a 'joined' array's separator, '' for none
   * (find-joined.ts); an 'array' span's characters (find-arrays.ts).
   */
  label?: string;
}
