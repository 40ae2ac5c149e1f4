/** Bytes either side of a match in which a rule's `unless` literals are looked for. */
export const UNLESS_REACH = 2048;

/**
 * Whether one of `literals` (lower-case) occurs within UNLESS_REACH bytes of [start, end) of
 * `data`, case-insensitively: the context in which a value of the rule's shape is no secret.
 */
export function unlessNearby(data: Uint8Array, start: number, end: number, literals: readonly string[]): boolean {
  const from = Math.max(0, start - UNLESS_REACH);
  const to = Math.min(data.length, end + UNLESS_REACH);
  const text = Buffer.from(data.buffer, data.byteOffset + from, to - from).toString('latin1').toLowerCase();
  return literals.some((k) => text.includes(k));
}
