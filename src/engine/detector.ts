import { Detector } from '../detect/detector.js';
import { pathScoped } from '../detect/compiled-rule.js';
import { keywordLiterals } from '../detect/keyword-index.js';
import { KeywordLocator, keywordSpec, Prefilter, prefilterSpec, type PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';

/**
 * A Detector for the rule set; with a prefilter spec (worker threads), one that uses it. Without
 * one (the main thread: a hook's scan), the keyword database alone, cached like the prefilter:
 * loading it takes ~3 ms where building the keyword index's RE2.Set takes ~18 ms
 * (bench/micro/detector-start.mjs).
 */
export function newDetector(ruleSet: RuleSet, opts: { profile: boolean }, prefilter?: PrefilterSpec): Detector {
  const d = new Detector(ruleSet.rules, ruleSet.global, { profile: opts.profile, decode: ruleSet.decode !== false });
  const p = Prefilter.from(prefilter);
  d.usePrefilter(p);
  if (!p) d.useKeywords(KeywordLocator.forLiterals(d.keywordLiterals));
  return d;
}

/**
 * The prefilter to hand to worker threads, or undefined without the native addon (prefilter.ts).
 * The path-scoped rules get a database of their own, which the Detector scans only where one of
 * them applies (prefilter.ts, PrefilterPart); the keyword index's literals get one that finds
 * them block by block (prefilter.ts, keywordSpec).
 */
export function prefilterFor(ruleSet: RuleSet): PrefilterSpec | undefined {
  const spec = prefilterParts(ruleSet);
  const keywords = spec && keywordSpec(keywordLiterals(ruleSet.rules));
  return spec && keywords ? { ...spec, keywords } : spec;
}

function prefilterParts(ruleSet: RuleSet): PrefilterSpec | undefined {
  if (ruleSet.rules.some(pathScoped)) {
    const main = prefilterSpec(ruleSet.rules, 'unscoped');
    const scoped = prefilterSpec(ruleSet.rules, 'scoped');
    if (main && scoped) return { ...main, scoped };
  }
  return prefilterSpec(ruleSet.rules);
}

/** Reads and resets the detector's per-rule counters. */
export function takeProfile(detector: Detector): Array<[string, number, number, number]> {
  const rows: Array<[string, number, number, number]> = [];
  for (const [id, p] of detector.profile ?? []) {
    if (p.runs > 0) rows.push([id, Number(p.nanos), p.runs, p.matches]);
    p.nanos = 0n;
    p.runs = 0;
    p.matches = 0;
  }
  return rows;
}
