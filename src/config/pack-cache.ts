import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readCacheFile, writeCacheFile } from '../model/cache.js';
import { ALL_VALIDATORS } from '../rules/all-validators.js';
import { assertUniqueIds, packFiles, parsePackText } from '../rules/load.js';
import { RuleError, type RuleDef } from '../rules/types.js';
import { maxLineBreaks } from '../detect/line-span.js';
import { verifyExamples } from './verify-examples.js';

/** Bumped whenever the meaning of a cached, verified pack changes. */
const CACHE_FORMAT = 'keyward-packs-v3';

/**
 * Loads rule packs, validated and with every rule's examples verified. Validation and
 * verification compile every regex (hundreds of milliseconds for a full catalogue), so their
 * result is cached under a hash of the packs' exact contents: any edit to a pack, or a new
 * keyward version, misses the cache and verifies again. The cache holds rules without their
 * examples (fake credentials are test data, not something to leave in a cache directory), and is
 * read only when trusted (src/model/cache.ts).
 */
export function loadVerifiedPacks(sources: string[]): RuleDef[] {
  const files = sources.flatMap((s) => packFiles(s));
  const texts = files.map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch (e) {
      throw new RuleError(f, undefined, `cannot read rule pack: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
  const hash = createHash('sha256').update(CACHE_FORMAT).update(Object.keys(ALL_VALIDATORS).sort().join(','));
  files.forEach((f, i) => hash.update(`\0${f}\0${texts[i]!.length}\0`).update(texts[i]!));
  const cacheFile = `packs-${hash.digest('hex').slice(0, 32)}.json`;
  const cached = readCacheFile(cacheFile);
  if (cached) {
    try {
      return JSON.parse(cached.toString('utf8')) as RuleDef[];
    } catch {
      // written by an older build under the same name: verify below
    }
  }

  const rules = files.flatMap((f, i) => {
    const out = parsePackText(f, texts[i]!);
    const err = out.find((r): r is RuleError => r instanceof RuleError);
    if (err) throw err;
    return out as RuleDef[];
  });
  assertUniqueIds(rules);
  const failures = verifyExamples(rules);
  const f = failures[0];
  if (f) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more failures: run "keyward rules test")` : '';
    throw new RuleError(f.file, f.ruleId, `${f.which} ${f.index + 1} ${f.reason}${more}`);
  }
  writeCacheFile(
    cacheFile,
    JSON.stringify(
      rules.map((r) => {
        const n = maxLineBreaks(r.regex);
        return { ...r, examples: [], negatives: [], lineBreaks: Number.isFinite(n) ? n : null };
      }),
    ),
  );
  return rules;
}
