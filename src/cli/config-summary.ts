import { printable } from '../report/describe.js';
import type { ConfigSummary } from '../model/finding.js';
export { configSummary } from '../config/config-summary.js';

/** One short line for stderr: "keyward: config: keyward.toml; packs: built-in; 340 rules active". */
export function configLine(s: ConfigSummary): string {
  const files = s.files.length > 0 ? s.files.map(printable).join(', ') : 'none (defaults)';
  return `keyward: config: ${files}; packs: ${s.packs.map(printable).join(', ') || 'none'}; ${s.rulesActive} rule${s.rulesActive === 1 ? '' : 's'} active\n`;
}
