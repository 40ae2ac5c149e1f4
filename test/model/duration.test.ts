import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/model/duration.js';

describe('parseDuration (the one duration syntax of config files and flags)', () => {
  it('reads every unit, case-insensitively, with decimals', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('20s')).toBe(20_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('24H')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration(' 2w ')).toBe(14 * 86_400_000);
  });

  it('a bare number is seconds only where the caller says so ([hooks] timeout)', () => {
    expect(parseDuration('20')).toBeUndefined();
    expect(parseDuration(20)).toBeUndefined();
    expect(parseDuration('20', { bareSeconds: true })).toBe(20_000);
    expect(parseDuration(2.5, { bareSeconds: true })).toBe(2500);
  });

  it('refuses what is not a positive duration', () => {
    for (const bad of ['', 'soon', '-1d', '0h', '0', '1y', '5 parsecs', '1e3s']) expect(parseDuration(bad, { bareSeconds: true }), bad).toBeUndefined();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true, {}]) expect(parseDuration(bad, { bareSeconds: true }), String(bad)).toBeUndefined();
  });
});
