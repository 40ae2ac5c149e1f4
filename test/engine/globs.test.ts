import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/detect/globs.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { resolveRules } from '../../src/config/resolve.js';

const SEGMENTS = ['a', 'src', 'config', 'credentials', '.kube', '.m2', 'settings', 'DBeaverData', '.dbeaver', '.config', 'fish', '.', '..', '', 'x y', 'mysql'];
const NAMES = ['.pgpass', 'pgpass.conf', 'master.key', 'a.key', 'config', 'kubeconfig-prod.yaml', 'x.kubeconfig', 'settings.xml', 'x.xml', 'data-sources-2.json', '.env', '.env.local', 'prod.env', 'b.yml', 'c.yaml', 'd.properties', 'application-dev.properties', 'NuGet.Config', 'nuget.CONFIG', 'Dockerfile.dev', 'docker-compose.yml', 'config.fish', 'my_settings.py', 'settings.py', 'newrelic.js', 'sftp.json', '.npmrc', 'auth.json', 'index.js', 'my.cnf', 'x.my.cnf'];

/** Random paths: relative and absolute, with dot segments, empty segments and backslashes now and then. */
function randomPaths(n: number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const dirs = Array.from({ length: Math.floor(Math.random() * 5) }, () => pick(SEGMENTS));
    const sep = Math.random() < 0.05 ? '\\' : '/';
    out.push((Math.random() < 0.4 ? sep : '') + [...dirs, pick(NAMES)].join(sep));
  }
  return out;
}

describe('globMatcher', () => {
  it('answers as micromatch does for every glob of the built-in path-scoped rules, on random paths', () => {
    const globs = [...new Set(resolveRules(DEFAULT_CONFIG).rules.flatMap((r) => r.paths)), '**/a/{b,c/d}.txt', 'src/**/*.js', '*.md'];
    expect(globs.length).toBeGreaterThan(30);
    const paths = randomPaths(1500);
    for (const g of globs) {
      const fast = globMatcher([g])!;
      const slow = micromatch.matcher(g, { dot: true });
      const differ = paths.filter((p) => fast(p) !== slow(p));
      expect(differ, g).toEqual([]);
    }
    const all = globMatcher(globs)!;
    expect(paths.filter((p) => all(p) !== micromatch.isMatch(p, globs, { dot: true }))).toEqual([]);
  });

  it('matches a **/ glob on the last segments only', () => {
    const m = globMatcher(['**/config/master.key', '**/.pgpass'])!;
    expect(m('/home/u/app/config/master.key')).toBe(true);
    expect(m('config/master.key')).toBe(true);
    expect(m('master.key')).toBe(false);
    expect(m('/x/config/master.key.bak')).toBe(false);
    expect(m('.pgpass')).toBe(true);
    expect(m('/root/.pgpass')).toBe(true);
    expect(m('/root/.pgpass/x')).toBe(false);
  });
});
