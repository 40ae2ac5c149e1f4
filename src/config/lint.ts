import RE2 from 're2';
import { Detector } from '../detect/detector.js';
import { loadPackFiles } from '../rules/load.js';
import { RuleError, type RuleDef } from '../rules/types.js';
import { examplePath } from '../rules/verify.js';

const SLOW_COMPILE_MS = 20;

export interface LintProblem {
  file: string;
  ruleId?: string;
  /** error: the pack cannot load or a rule cannot work as written; warning: it works, but poorly. */
  severity: 'error' | 'warning';
  check: 'invalid' | 'duplicate-id' | 'no-keywords' | 'keyword-not-in-match' | 'match-without-keyword' | 'shared-example' | 'example-not-reported' | 'slow-compile';
  message: string;
}

/**
 * Checks pack files (and the rules a config defines itself, `own`, which replace pack rules of
 * the same id) for what `rules test` cannot see: rules that do not load, ids used twice,
 * keywords that defeat the prefilter, and examples that more than one rule claims.
 */
export function lintPacks(paths: string[], own: readonly RuleDef[] = []): { problems: LintProblem[]; rules: RuleDef[] } {
  const problems: LintProblem[] = [];
  const rules: RuleDef[] = [];
  const ownIds = new Set(own.map((r) => r.id));
  for (const r of [...loadPackFiles(paths).filter((r) => r instanceof RuleError || !ownIds.has(r.id)), ...own]) {
    if (r instanceof RuleError) problems.push({ file: r.file, ruleId: r.ruleId, severity: 'error', check: 'invalid', message: r.reason });
    else rules.push(r);
  }
  const seen = new Map<string, RuleDef>();
  for (const r of rules) {
    const prev = seen.get(r.id);
    if (prev) problems.push({ file: r.file, ruleId: r.id, severity: 'error', check: 'duplicate-id', message: `id also used in ${prev.file}` });
    else seen.set(r.id, r);
  }
  for (const r of rules) problems.push(...lintRegex(r));
  problems.push(...lintExamples([...seen.values()]));
  return { problems, rules };
}

/** One rule on its own: compile time, and keywords against what the regex matches on its examples. */
function lintRegex(r: RuleDef): LintProblem[] {
  const out: LintProblem[] = [];
  const problem = (severity: LintProblem['severity'], check: LintProblem['check'], message: string): void => void out.push({ file: r.file, ruleId: r.id, severity, check, message });
  if (r.pathOnly) return out; // no regex: its paths select the files
  // Counted repetitions ({64,1000}) unroll into thousands of RE2 states; RE2 is linear-time,
  // so an unbounded repeat is just as safe and compiles in microseconds.
  const t0 = performance.now();
  new RE2(r.regex, 'u');
  const ms = performance.now() - t0;
  if (ms > SLOW_COMPILE_MS) problem('warning', 'slow-compile', `regex takes ${ms.toFixed(0)} ms to compile: replace large counted repetitions with + or *`);
  if (r.keywords.length === 0) {
    // A path-scoped rule without keywords (a file that is a key: config/master.key) runs only there.
    if (r.paths.length === 0) problem('warning', 'no-keywords', 'no keywords: the rule runs on every chunk and defeats the prefilter');
    return out;
  }
  const matches = r.examples.flatMap((e) => allMatches(r.regex, e));
  for (const k of r.keywords) {
    if (matches.length > 0 && !matches.some((m) => m.includes(k))) {
      problem('warning', 'keyword-not-in-match', `keyword "${k}" occurs in no match of the regex on the examples: it selects the rule where it cannot match`);
    }
  }
  for (const m of matches) {
    const missing = (r.requires ?? []).find((k) => !m.includes(k));
    if (missing) {
      problem('error', 'match-without-keyword', `a match lacks the required literal "${missing}", so the prefilter can skip a real secret: ${JSON.stringify(m.slice(0, 60))}`);
      break;
    }
    if (!r.keywords.some((k) => m.includes(k))) {
      problem('error', 'match-without-keyword', `a match holds none of the keywords, so the prefilter can skip a real secret: ${JSON.stringify(m.slice(0, 60))}`);
      break;
    }
  }
  return out;
}

/** All rules together: each example reported by its own rule (else which filter dropped it), and by no other provider rule. */
function lintExamples(unique: RuleDef[]): LintProblem[] {
  const out: LintProblem[] = [];
  if (unique.length === 0) return out;
  const detector = new Detector(unique);
  for (const r of unique) {
    if (r.pathOnly) {
      out.push(...lintPathExamples(r, detector));
      continue;
    }
    for (const [i, ex] of r.examples.entries()) {
      const found = detector.detect(Buffer.from(ex), examplePath(r));
      if (!found.some((m) => m.rule.def.id === r.id)) {
        const why = detector.explainMiss(r.id, Buffer.from(ex), examplePath(r));
        out.push({ file: r.file, ruleId: r.id, severity: 'error', check: 'example-not-reported', message: `example ${i + 1} is not reported (${why})` });
      }
      const others = new Set(found.map((m) => m.rule.def).filter((d) => d.id !== r.id && d.kind !== 'generic').map((d) => d.id));
      if (others.size > 0) {
        out.push({ file: r.file, ruleId: r.id, severity: 'warning', check: 'shared-example', message: `an example is also reported by ${[...others].join(', ')}` });
      }
    }
  }
  return out;
}

/** A path-only rule: each example path reported by it, and by no other path-only rule. */
function lintPathExamples(r: RuleDef, detector: Detector): LintProblem[] {
  const out: LintProblem[] = [];
  for (const [i, ex] of r.examples.entries()) {
    const ids = detector.pathMatches(ex).map((m) => m.def.id);
    if (!ids.includes(r.id)) {
      out.push({ file: r.file, ruleId: r.id, severity: 'error', check: 'example-not-reported', message: `example ${i + 1} is not reported (the path matches none of ${r.paths.join(', ')}, or an allow pattern takes it)` });
    }
    const others = ids.filter((id) => id !== r.id);
    if (others.length > 0) out.push({ file: r.file, ruleId: r.id, severity: 'warning', check: 'shared-example', message: `an example is also reported by ${others.join(', ')}` });
  }
  return out;
}

/** Every match of `regex` in `text`, lower-cased (keywords match case-insensitively). */
function allMatches(regex: string, text: string): string[] {
  const re = new RE2(regex, 'gu');
  const out: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m[0].toLowerCase());
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
