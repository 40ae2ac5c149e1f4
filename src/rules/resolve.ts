// The rule set is resolved in src/config/resolve.ts (above the engine); its types live in
// rules/types.ts. This file keeps `import type { RuleSet } from '../rules/resolve.js'` working.
export type { RuleSet, RuleSource } from './types.js';
