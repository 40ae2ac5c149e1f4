/**
 * Option parsing shared by every command. Kept free of heavy imports: `src/cli/main.ts` loads it
 * at start-up for every command, so it must cost next to nothing (the hook's budget is start-up).
 */
import { UsageError } from '../model/errors.js';

export { UsageError, VERSION } from '../model/errors.js';

/** "10MB", "512k", "1048576" → bytes. */
export function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`invalid size "${v}" (e.g. 10MB, 512KB, 1048576)`);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * mult);
}

export function parseIntOption(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} takes a whole number, got "${v}"`);
    return n;
  };
}

/** Levels of --min-confidence, lowest first (rules/types.ts CONFIDENCES; kept here so start-up imports nothing). */
export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export const MIN_CONFIDENCE_HELP = 'report only findings at least this sure: low (every finding, the default), medium (provider keyword plus shape), high (structural token or checksum)';

export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}
