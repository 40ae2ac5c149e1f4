import RE2 from 're2';
import type { AllowList } from '../rules/types.js';
import { lineBounds } from './suppress.js';

export type { GlobalAllow } from '../rules/types.js';

/** An allowlist with its regexes compiled once. */
export interface CompiledAllowList {
  list: AllowList;
  regexes: RE2[];
  paths: RE2[];
}

/** Where a candidate secret sits: what allowlists may test besides the secret itself. */
export interface MatchContext {
  data: Buffer;
  matchStart: number;
  matchEnd: number;
  path: string;
}

/** An allowlist with its regexes compiled (once per rule or per scan). */
export function compileAllowList(list: AllowList): CompiledAllowList {
  return { list, regexes: list.regexes.map((r) => new RE2(r, 'u')), paths: list.paths.map((r) => new RE2(r, 'u')) };
}

/** gitleaks semantics: OR = any given criterion matches; AND = every given criterion matches. */
export function allowedBy(a: CompiledAllowList, secret: string, lowerSecret: string, ctx: MatchContext): boolean {
  const results: boolean[] = [];
  if (a.regexes.length > 0) {
    const target =
      a.list.regexTarget === 'match'
        ? ctx.data.toString('utf8', ctx.matchStart, ctx.matchEnd)
        : a.list.regexTarget === 'line'
          ? ctx.data.toString('utf8', ...lineSpan(ctx))
          : secret;
    results.push(a.regexes.some((re) => re.test(target)));
  }
  if (a.list.stopwords.length > 0) results.push(a.list.stopwords.some((w) => lowerSecret.includes(w.toLowerCase())));
  if (a.paths.length > 0) results.push(a.paths.some((re) => re.test(ctx.path)));
  if (results.length === 0) return false;
  return a.list.condition === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

function lineSpan(ctx: MatchContext): [number, number] {
  const [start] = lineBounds(ctx.data, ctx.matchStart);
  const [, end] = lineBounds(ctx.data, Math.max(ctx.matchStart, ctx.matchEnd - 1));
  return [start, end];
}
