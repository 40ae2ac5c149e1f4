import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyward, type RunResult } from '../helpers/cli.js';
import { fakeGenericSecret } from '../helpers/fake.js';

export interface Report {
  findings: { ruleId: string; file: string; line: number; fingerprint: string; secret: string; commit?: string }[];
  stats: { baselined?: number; ignored?: number; complete: boolean };
  warnings: string[];
}

/** A keyward command with --format json, parsed. */
export function json(args: string[], cwd: string): RunResult & { report: Report } {
  const r = keyward([...args, '--format', 'json'], { cwd });
  try {
    return { ...r, report: JSON.parse(r.stdout) as Report };
  } catch {
    throw new Error(`keyward ${args.join(' ')} exited ${r.code} without JSON:\n${r.stderr}`);
  }
}

/** A JS line the generic rule reports, and its secret (made now, never committed). */
export function secretLine(): { secret: string; line: string } {
  const secret = fakeGenericSecret(24);
  return { secret, line: `const API_KEY = "${secret}";` };
}

export function filler(n: number, tag = 'line'): string {
  let s = '';
  for (let i = 1; i <= n; i++) s += `export const ${tag}${i} = ${i};\n`;
  return s;
}

/** Whether any of the files keyward wrote in `dir` holds `secret`. */
export function leaks(dir: string, files: string[], secret: string): boolean {
  return files.some((f) => {
    try {
      return readFileSync(join(dir, f), 'utf8').includes(secret);
    } catch {
      return false;
    }
  });
}
