const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * keyward's one duration syntax: "500ms", "20s", "2m", "24h", "7d", "2w" → milliseconds, or
 * undefined when `v` is not a positive duration. `bareSeconds` also takes a unitless number
 * ("20", 20) as seconds, as `[hooks] timeout` always has.
 */
export function parseDuration(v: unknown, opts: { bareSeconds?: boolean } = {}): number | undefined {
  if (typeof v === 'number') return opts.bareSeconds && Number.isFinite(v) && v > 0 ? Math.round(v * 1000) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/i.exec(v);
  if (!m || (m[2] === undefined && !opts.bareSeconds)) return undefined;
  const ms = Math.round(Number(m[1]) * UNIT_MS[(m[2] ?? 's').toLowerCase()]!);
  return ms > 0 ? ms : undefined;
}
