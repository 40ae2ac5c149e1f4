/** Shannon entropy in bits per byte of `data[start, end)`. */
export function shannonEntropy(data: Uint8Array, start = 0, end = data.length): number {
  const len = end - start;
  if (len <= 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = start; i < end; i++) counts[data[i]!]!++;
  let h = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const p = c / len;
    h -= p * Math.log2(p);
  }
  return h;
}
