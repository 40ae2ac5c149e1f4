import { relative } from 'node:path';
import { printable } from '../report/describe.js';
import type { ConfigSummary } from '../report/finding.js';
import type { RuleSet } from '../rules/resolve.js';

/** Which config files and packs a run used and how many rules it ran: stats.config of every report. */
export function configSummary(ruleSet: RuleSet): ConfigSummary {
  const src = ruleSet.source ?? { files: [], packs: [] };
  return { files: src.files.map(shown), packs: src.packs.map((p) => (p === 'built-in' ? p : shown(p))), rulesActive: ruleSet.rules.length };
}

/** One short line for stderr: "keyward: config: keyward.toml; packs: built-in; 340 rules active". */
export function configLine(s: ConfigSummary): string {
  const files = s.files.length > 0 ? s.files.map(printable).join(', ') : 'none (defaults)';
  return `keyward: config: ${files}; packs: ${s.packs.map(printable).join(', ') || 'none'}; ${s.rulesActive} rule${s.rulesActive === 1 ? '' : 's'} active\n`;
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
