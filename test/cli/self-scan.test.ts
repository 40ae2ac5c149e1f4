import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';

// Eat your own cooking: keyward's own repository scans clean with its own config (keyward.toml
// allows patterns/ by path; tests generate their tokens at run time). A rule that starts to fire on
// keyward's source (an identifier read as a value, say) fails here before it fails a user.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe("keyward's own repository", () => {
  it('keyward scan . finds nothing', () => {
    const r = keyward(['scan', '.', '--format', 'json'], { cwd: ROOT });
    const found = (JSON.parse(r.stdout) as { findings: Array<{ file: string; line: number; ruleId: string }> }).findings;
    expect(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
  });
});
