// Summary statistics. MB means 2^20 bytes throughout the benchmarks.
export const MB = 1024 * 1024;

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * { name, runs, times (ms, run order), median, min, max (ms), rssMedianMB, rssMaxMB (null
 * without GNU time), bytes, mbps (MB/s at the median time, null without bytes) }.
 */
export function summarize(name, samples, bytes) {
  const times = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.rssKB).filter((k) => k != null);
  const med = median(times);
  return {
    name,
    runs: samples.length,
    times,
    median: med,
    min: Math.min(...times),
    max: Math.max(...times),
    rssMedianMB: rss.length ? median(rss) / 1024 : null,
    rssMaxMB: rss.length ? Math.max(...rss) / 1024 : null,
    bytes: bytes ?? null,
    mbps: bytes ? bytes / MB / (med / 1000) : null,
  };
}
