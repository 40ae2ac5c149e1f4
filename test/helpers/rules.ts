import type { RuleDef } from '../../src/rules/types.js';

/** A RuleDef for engine tests, independent of the shipped packs. */
export function makeRule(over: Partial<RuleDef> & Pick<RuleDef, 'id' | 'regex'>): RuleDef {
  return {
    title: over.id,
    provider: 'Test',
    kind: 'api-token',
    risk: 'high',
    secretGroup: 1,
    keywords: [],
    allow: [],
    stopwords: [],
    paths: [],
    examples: [],
    negatives: [],
    file: 'test.toml',
    ...over,
  };
}

/** A "tkn_" + 32 alnum token rule: a stand-in provider format for engine tests. */
export const TKN_RULE = makeRule({
  id: 'test-tkn',
  regex: '\\b(tkn_[A-Za-z0-9]{32})\\b',
  keywords: ['tkn_'],
});
