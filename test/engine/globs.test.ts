import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/detect/globs.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { resolveRules } from '../../src/config/resolve.js';

const SEGMENTS = ['a', 'src', 'config', 'credentials', '.kube', '.m2', 'settings', 'DBeaverData', '.dbeaver', '.config', 'fish', '.', '..', '', 'x y', 'mysql'];
const NAMES = ['.pgpass', 'pgpass.conf', 'master.key', 'a.key', 'config', 'kubeconfig-prod.yaml', 'x.kubeconfig', 'settings.xml', 'x.xml', 'data-sources-2.json', '.env', '.env.local', 'prod.env', 'b.yml', 'c.yaml', 'd.properties', 'application-dev.properties', 'NuGet.Config', 'nuget.CONFIG', 'Dockerfile.dev', 'docker-compose.yml', 'config.fish', 'my_settings.py', 'settings.py', 'newrelic.js', 'sftp.json', '.npmrc', 'auth.json', 'index.js', 'my.cnf', 'x.my.cnf',
  // Names at the edges of a head and tail around one `*`, and of an expanded brace.
  'redis-cli-2.txt', 'redis-cli.txt', 'redis-cli', 'x.tf.json', 'tf.json', '.tf.json', 'Dockerfile', 'dockerfile', '.bashrc', 'rc', 'x.rc', 'a.sls', 'x.log.1', 'app.creds', 'credentials', 'aws-credentials', 'wpa_supplicant.conf', 'wpa.conf', '.yml', 'yml', 'Caddyfile.prod', 'env', '.env.', 'a.yaml.j2', '.kubeconfig', 'kubeconfig.yml', '1.txt', '2.txt', '1..3.txt', 'x', 'xyz', 'abc', 'a-b-c', 'ac', 'a.', 'a.txt.'];

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
    const globs = [...new Set(resolveRules(DEFAULT_CONFIG).rules.flatMap((r) => r.paths)), '**/a/{b,c/d}.txt', 'src/**/*.js', '*.md',
      // Basename globs at the edges of the literal head-and-tail index (globs.ts BasenameIndex).
      '**/*', '**/x*', '**/*.{txt,}', '**/{1..3}.txt', '**/a*b*c', '**/{.env,env}', '**/*.{yml,yaml}.j2'];
    expect(globs.length).toBeGreaterThan(30);
    const paths = randomPaths(1500);
    // Seven basename globs that match no path: with them a glob is answered by the basename index
    // (globs.ts INDEX_MIN), alone by a regex; both must answer as micromatch does.
    const decoys = Array.from({ length: 7 }, (_, i) => `**/never-${i}.none`);
    for (const g of globs) {
      const slow = micromatch.matcher(g, { dot: true });
      for (const fast of [globMatcher([g])!, globMatcher([g, ...decoys])!]) {
        const differ = paths.filter((p) => fast(p) !== slow(p));
        expect(differ, g).toEqual([]);
      }
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
