import { describe, expect, it } from 'vitest';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { keyward } from '../helpers/cli.js';

describe('rules list (text)', () => {
  it('has a header, a line per rule with its revoke link, and a footer that explains the counts', () => {
    const rules = loadPack(BUILTIN_PATTERNS_DIR);
    const r = keyward(['rules', 'list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+PROVIDER\s+KIND\s+RISK\s+EX\/NEG\s+REVOKE$/);
    const rows = lines.slice(1, 1 + rules.length);
    expect(rows).toHaveLength(rules.length);
    // Every rule's line ends with its revoke link (or "-"), from the pack itself.
    rules.forEach((rule, i) => {
      expect(rows[i]!.startsWith(`${rule.id} `)).toBe(true);
      expect(rows[i]!.endsWith(` ${`${rule.examples.length}/${rule.negatives.length}`.padEnd(7)} ${rule.revoke ?? '-'}`), rows[i]).toBe(true);
    });
    const providers = new Set(rules.map((x) => x.provider)).size;
    const withRevoke = rules.filter((x) => x.revoke).length;
    expect(lines.slice(1 + rules.length)).toEqual([
      '',
      `${rules.length} rules for ${providers} providers; ${withRevoke} name where to revoke the credential (REVOKE, "-" when none).`,
      'EX/NEG: the examples a rule must report / the negatives it must not (checked by `keyward rules test`).',
    ]);
  });
});

describe('an unknown command', () => {
  it('prints one line with the closest command, exit 2 (usage error)', () => {
    for (const [args, near] of [
      [['hisory'], 'keyward history'],
      [['histroy', '--full'], 'keyward history'],
      [['scna', '.'], 'keyward scan'],
      [['tickts'], 'keyward tickets'],
      [['rules', 'lst'], 'keyward rules list'],
    ] as const) {
      const r = keyward([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const scope = args[0] === 'rules' ? 'keyward rules' : 'keyward';
      expect(r.stderr).toBe(`keyward: unknown command "${args[0] === 'rules' ? args[1] : args[0]}"; did you mean "${near}"? (${scope} --help lists the commands)\n`);
    }
  });

  it('names no command when none is close, and known commands still run', () => {
    const r = keyward(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('keyward: unknown command "frobnicate" (keyward --help lists the commands)\n');
    expect(keyward(['--version']).code).toBe(0);
    expect(keyward(['help']).code).toBe(0);
    expect(keyward(['scan', '--definitely-not-an-option']).code).toBe(2);
  });
});
