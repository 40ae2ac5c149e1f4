import { describe, expect, it } from 'vitest';
import { verifyExamples } from '../../src/config/verify-examples.js';
import { parsePackText } from '../../src/rules/load.js';
import type { RuleDef } from '../../src/rules/types.js';

// `keyward rules test` runs each example as a file holds it too: with a line break after it. A
// rule anchored on the text's end (`$` without multi-line mode) passes an example written as one
// line and misses the same line in every real file.
const rule = (regex: string): RuleDef =>
  parsePackText('p.toml', `[[rules]]\nid = "x-pass"\ntitle = "t"\nprovider = "P"\nkind = "password"\nrisk = "high"\nregex = '''${regex}'''\nkeywords = ["pass="]\nexamples = ['''pass=Vq3harborMint''']\n`)[0] as RuleDef;

describe('rules test: examples as a line of a file', () => {
  it('fails a rule whose end anchor only matches at the end of the text', () => {
    const failures = verifyExamples([rule('pass=([A-Za-z0-9]{8,})(?:[ \\t]|\\r?$)')]);
    expect(failures.map((f) => [f.which, f.text])).toEqual([['example', 'pass=Vq3harborMint\n']]);
  });

  it('passes the same rule anchored on the line break as well', () => {
    expect(verifyExamples([rule('pass=([A-Za-z0-9]{8,})(?:[ \\t]|\\r?\\n|$)')])).toEqual([]);
  });
});
