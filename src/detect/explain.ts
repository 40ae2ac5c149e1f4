import type { CompiledRule } from './compiled-rule.js';
import type { Detector } from './detector.js';
import { shannonEntropy } from './entropy.js';
import { namesAnId, namesAnInvalidValue, namesAnotherFormat } from './filters.js';
import { isWorkedExample } from './overlaps.js';
import { inSealedBlock } from './sealed.js';
import { isSuppressed } from './suppress.js';
import { unlessNearby } from './unless.js';

/**
 * Why rule `id` reports nothing in `data` (a rule example that is not reported): the filter
 * that drops each candidate, in the order a scan applies them, or the rule that takes the value
 * over. For `rules test` and `rules lint`; never on a scan's path.
 */
export function explainMiss(detector: Detector, id: string, data: Buffer, path: string): string {
  const rule = detector.rules.find((r) => r.def.id === id);
  if (!rule) return 'the rule is not active';
  if (!rule.appliesTo(path)) return `path filter: the rule applies only to ${rule.def.paths.join(', ')}, and the example is checked as ${path}`;
  const text = data.toString('utf8').toLowerCase();
  const { keywords } = rule.def;
  if (keywords.length > 0 && !keywords.some((k) => text.includes(k.toLowerCase()))) return `keyword filter: none of the rule's keywords (${keywords.join(', ')}) occurs, so the rule never runs`;
  const missing = (rule.def.requires ?? []).find((k) => !text.includes(k.toLowerCase()));
  if (missing !== undefined) return `keyword filter: the required literal "${missing}" does not occur, so the rule never runs`;
  const { re, def } = rule;
  // Every match first, then the verdicts: a verdict runs detection, which moves re.lastIndex
  // (the same regex object), and judging inside the exec loop never ended.
  const matches: NonNullable<ReturnType<typeof re.exec>>[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(data); m !== null; m = re.exec(data)) {
    if (m[0].length === 0) re.lastIndex++;
    matches.push(m);
  }
  const reasons = new Set(matches.map((m) => candidateVerdict(detector, rule, data, m.index, m.index + m[0].length, m.indices?.[def.secretGroup], path)));
  if (reasons.size === 0) return `the regex does not match (${def.regex.length > 80 ? `${def.regex.slice(0, 80)}...` : def.regex})`;
  return [...reasons].join('; ');
}

/** One regex match of explainMiss: the step of Detector.runRule that drops it, or the rule that wins it. */
function candidateVerdict(detector: Detector, rule: CompiledRule, data: Buffer, matchStart: number, matchEnd: number, span: [number, number] | undefined, path: string): string {
  const { def } = rule;
  if (rule.accel?.boundaryOk && !rule.accel.boundaryOk(data, matchStart)) return 'the regex does not match (a candidate lacks the boundary the regex requires before it)';
  if (!span || span[1] <= span[0]) return `the regex matches, but its secret group ${def.secretGroup} is empty`;
  const [start, end] = span;
  const entropy = shannonEntropy(data, start, end);
  if (def.entropy !== undefined && entropy < def.entropy) return `entropy filter: the value has ${entropy.toFixed(2)} bits per byte, under the rule's ${def.entropy}`;
  const secret = data.toString('utf8', start, end);
  if (rule.validator && !rule.validator(secret)) return `format check: the value fails the rule's "${def.validate}" check (checksum or structure)`;
  const rejected = detector.rejection(rule, secret, { data, matchStart, matchEnd, path });
  if (rejected !== undefined) return rejected;
  const near = def.unless?.find((k) => unlessNearby(data, matchStart, matchEnd, [k]));
  if (near !== undefined) return `context filter: "${near}" occurs near the match (the rule's unless), where a value of its shape is no secret`;
  const name = data.toString('latin1', Math.max(0, start - 120), start);
  if (rule.priority === 0 && namesAnId(name)) return 'id-name filter: the name before the value is an id (NextToken, csrf_token...), not a credential';
  if (rule.priority === 0 && namesAnInvalidValue(name)) return 'name filter: the name says the value is no working credential (invalidToken, fakeApiKey, mock_secret...)';
  if (rule.priority === 0 && namesAnotherFormat(name, secret)) return "format-name filter: the name is a provider credential's (aws_secret_access_key...) and the value does not have its format";
  if (isSuppressed(data, matchStart, matchEnd)) return 'inline marker: keyward:allow, gitleaks:allow or "pragma: allowlist secret" is on the line';
  if (isWorkedExample(data, { rule, matchStart, matchEnd, start, end, secret, entropy }, path)) {
    return 'example-context filter: documentation shows the value as an example (example prose or an EXAMPLE id around it, a line that introduces it as one, a JWT beside its signing key)';
  }
  if (inSealedBlock(data, start)) return 'sealed filter: the value sits under a SealedSecret\'s encryptedData:, ciphertext meant to be committed';
  const winner = detector.detect(data, path).find((f) => f.rule !== rule && f.start < end && start < f.end);
  if (winner) return `overlap: ${winner.rule.def.id} reports the same value and takes precedence`;
  return 'reported when scanned alone; not in this scan';
}
