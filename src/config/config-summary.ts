import { relative } from 'node:path';
import type { ConfigSummary } from '../model/finding.js';
import type { RuleSet } from '../rules/types.js';

/** Which config files and packs a run used and how many rules it ran: stats.config of every report. */
export function configSummary(ruleSet: RuleSet): ConfigSummary {
  const src = ruleSet.source ?? { files: [], packs: [] };
  return summarize(src.files, src.packs, ruleSet.rules.length);
}

/** The same from its parts: paths shown relative to the working directory when inside it. */
export function summarize(files: string[], packs: string[], rulesActive: number): ConfigSummary {
  return { files: files.map(shown), packs: packs.map((p) => (p === 'built-in' ? p : shown(p))), rulesActive };
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
