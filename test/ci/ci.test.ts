import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { runAsync } from '../hooks/helpers.js';
import { commit, git, initRepo, secretLine, type HistoryFinding } from '../history/helpers.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const SCRIPT = join(ROOT, 'ci', 'keyward-ci.sh');
const BIN = `${process.execPath} ${CLI}`;
const ZERO = '0'.repeat(40);

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const gitlab = parse(readFileSync(join(ROOT, 'ci', 'gitlab', 'keyward.gitlab-ci.yml'), 'utf8')) as Record<
  string,
  { extends?: string; variables?: Record<string, string>; before_script?: string[]; script?: string[]; artifacts?: { paths?: string[]; reports?: { junit?: string } } }
>;
const scriptText = readFileSync(SCRIPT, 'utf8');

let validateSarif: ValidateFunction;
beforeAll(() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  validateSarif = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')));
});

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-ci-')));
afterEach(() => cleanup());

/**
 * `${{ ... }}` as GitHub evaluates a property path: a missing property is ''. Anything else
 * (functions, operators) fails the test: the action would use something this test cannot check.
 */
function expand(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    if (!/^[a-z_][\w.-]*$/i.test(expr)) throw new Error(`expression this test cannot evaluate: ${expr}`);
    let v: unknown = context;
    for (const part of expr.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v === undefined || v === null ? '' : String(v);
  });
}

/** The inputs as a workflow gives them: the defaults, overridden by `with`. */
function inputsWith(given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) out[k] = v.default ?? '';
  return { ...out, ...given };
}

/** Runs one `run:` step of action.yml in `cwd` as the runner would: bash, its env expanded, the runner's files. */
async function runStep(step: ActionStep, cwd: string, context: Record<string, unknown>, extraEnv: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string; outputs: Record<string, string> }> {
  const outputFile = join(dir, `github-output-${step.id ?? 'step'}`);
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: cwd, ...extraEnv };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, context);
  const r = await runAsync(step.shell ?? 'bash', ['-e', '-c', expand(step.run!, context)], cwd, { env });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: r.code, out: r.stdout, err: r.stderr, outputs };
}

const stepNamed = (name: string): ActionStep => action.runs.steps.find((s) => s.name === name)!;

/**
 * The action as GitHub runs it, minus what needs GitHub (setup-node, npm ci of the action, the
 * SARIF upload): the "Run keyward" and "Verdict" steps of action.yml, with keyward already built.
 */
async function runAction(cwd: string, given: Record<string, string>, event: Record<string, unknown>): Promise<{ code: number; log: string; exitCode: string; sarif?: SarifLog }> {
  const inputs = inputsWith({ install: 'false', ...given });
  const context: Record<string, unknown> = { inputs, github: { event } };
  const extra = { KEYWARD_CI_BIN: BIN };
  const run = await runStep(stepNamed('Run keyward'), cwd, context, extra);
  expect(run.code, run.err).toBe(0); // the step itself never fails: the verdict does
  const verdict = await runStep(stepNamed('Verdict'), cwd, { ...context, steps: { keyward: { outputs: run.outputs } } }, extra);
  const sarifPath = join(cwd, inputs['sarif-file']!);
  return {
    code: verdict.code,
    log: run.out + run.err + verdict.out + verdict.err,
    exitCode: run.outputs['exit-code'] ?? '',
    sarif: existsSync(sarifPath) ? (JSON.parse(readFileSync(sarifPath, 'utf8')) as SarifLog) : undefined,
  };
}

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; partialFingerprints?: Record<string, string> }> }>;
}

function expectValidSarif(log: SarifLog | undefined): SarifLog {
  expect(log).toBeDefined();
  validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  return log!;
}

const files = (log: SarifLog) => log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).sort();

/** A server, a developer's clone that pushed an old secret, then the CI's fresh clone of a later push. */
function pushedRange(): { dev: string; server: string; before: string; oldSecret: string } {
  const server = join(dir, 'server.git');
  git(dir, ['init', '-q', '--bare', '-b', 'main', server]);
  const dev = initRepo(join(dir, 'dev'));
  git(dev, ['remote', 'add', 'origin', server]);
  const old = secretLine();
  commit(dev, { 'old.js': `${old.line}\n` }, 'an old secret, pushed long ago');
  commit(dev, { 'README.md': '# app\n' }, 'readme');
  git(dev, ['push', '-q', 'origin', 'main']);
  return { dev, server, before: git(dev, ['rev-parse', 'HEAD']), oldSecret: old.secret };
}

/** What actions/checkout with fetch-depth: 0 gives: a full clone, HEAD detached at the pushed commit. */
function ciClone(server: string, name: string, sha: string): string {
  const clone = join(dir, name);
  git(dir, ['clone', '-q', server, clone]);
  git(clone, ['checkout', '-q', '--detach', sha]);
  return clone;
}

describe('action.yml', () => {
  it('is a composite action whose every input is used by its steps, and whose outputs name real steps', async () => {
    expect(action.runs.using).toBe('composite');
    const steps = JSON.stringify(action.runs.steps);
    for (const name of Object.keys(action.inputs)) {
      expect(action.inputs[name]!.description.length, name).toBeGreaterThan(10);
      expect(steps, `input ${name} is not used by any step`).toContain(`inputs.${name}`);
    }
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const [name, o] of Object.entries(action.outputs)) {
      for (const m of o.value.matchAll(/steps\.([\w-]+)\./g)) expect(ids.has(m[1]), `output ${name}`).toBe(true);
    }
    // Every setting the Run step passes is one the script reads.
    for (const k of Object.keys(stepNamed('Run keyward').env ?? {})) expect(scriptText, k).toContain(`\${${k}`);
    expect(stepNamed('Run keyward').run).toContain('$GITHUB_ACTION_PATH/ci/keyward-ci.sh');
    expect(stepNamed('Upload SARIF to code scanning').uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(stepNamed('Upload SARIF to code scanning').with?.sarif_file).toBe('${{ inputs.sarif-file }}');
  });

  it('on a push: scans only the pushed commits, writes valid SARIF, fails on the new secret; the baseline accepts it', { timeout: 300_000 }, async () => {
    const { dev, server, before, oldSecret } = pushedRange();
    const s = secretLine();
    commit(dev, { 'src/config.js': `${s.line}\n` }, 'a new secret');
    commit(dev, { 'notes.txt': 'more\n' }, 'after it');
    git(dev, ['push', '-q', 'origin', 'main']);
    const after = git(dev, ['rev-parse', 'HEAD']);
    const event = { before, after, repository: { default_branch: 'main' } };

    const first = await runAction(ciClone(server, 'ci1', after), {}, event);
    expect(first.exitCode).toBe('1');
    expect(first.code).toBe(1);
    expect(first.log).toMatch(new RegExp(`scanning the commits of HEAD after ${before}`));
    expect(first.log).toMatch(/::error::keyward: new findings/);
    // The findings are in the log, redacted; the old secret, outside the range, is not reported.
    expect(first.log).toMatch(/src\/config\.js/);
    expect(first.log).not.toContain(s.secret);
    const sarif = expectValidSarif(first.sarif);
    expect(files(sarif)).toEqual(['src/config.js']);
    expect(sarif.runs[0]!.results[0]!.partialFingerprints).toBeDefined();
    expect(JSON.stringify(sarif)).not.toContain(s.secret);
    expect(JSON.stringify(sarif)).not.toContain(oldSecret);

    // The team accepts it: `keyward baseline`, committed and pushed to main.
    const b = await runAsync(process.execPath, [CLI, 'baseline', '--history'], dev);
    expect(b.code, b.stderr).toBe(0);
    commit(dev, { 'docs.txt': 'baselined\n' }, 'baseline');
    git(dev, ['push', '-q', 'origin', 'main']);
    const baselined = git(dev, ['rev-parse', 'HEAD']);
    // The next push edits the file above the secret: a new blob holding the same secret, in range.
    commit(dev, { 'src/config.js': `// configuration\n${s.line}\n` }, 'edit above the secret');
    git(dev, ['push', '-q', 'origin', 'main']);
    const next = { before: baselined, repository: { default_branch: 'main' } };
    const head = git(dev, ['rev-parse', 'HEAD']);
    const second = await runAction(ciClone(server, 'ci2', head), {}, next);
    expect(second.log).toMatch(/baseline: \.keyward-baseline\.json as of [0-9a-f]{40}/);
    expect(second.log).toMatch(/not reported: 1 finding in the baseline/);
    expect(second.exitCode).toBe('0');
    expect(second.code).toBe(0);
    expect(files(expectValidSarif(second.sarif))).toEqual([]);
    // --no-baseline through args: the secret is reported again (the baseline did the accepting).
    const ignored = await runAction(ciClone(server, 'ci3', head), { args: '--no-baseline' }, next);
    expect(ignored.code).toBe(1);
  });

  it('a pull request cannot accept its own secret by adding it to the baseline', { timeout: 300_000 }, async () => {
    const { dev, server, before } = pushedRange();
    git(dev, ['checkout', '-q', '-b', 'sneaky']);
    const s = secretLine();
    commit(dev, { 'sneaky.js': `${s.line}\n` }, 'a secret');
    const b = await runAsync(process.execPath, [CLI, 'baseline', '--history'], dev);
    expect(b.code, b.stderr).toBe(0);
    commit(dev, {}, 'and its baseline entry');
    git(dev, ['push', '-q', 'origin', 'sneaky']);
    const event = { pull_request: { base: { sha: before } }, repository: { default_branch: 'main' } };
    const r = await runAction(ciClone(server, 'ci', git(dev, ['rev-parse', 'HEAD'])), {}, event);
    expect(r.log).toMatch(new RegExp(`no \\.keyward-baseline\\.json at ${before}: no baseline`));
    expect(r.code).toBe(1);
    expect(files(expectValidSarif(r.sarif))).toEqual(['sneaky.js']);
  });

  it('a pull request cannot ignore its own secret in .keywardignore or .gitleaksignore; an ignore already on the base applies', { timeout: 300_000 }, async () => {
    const { dev, server, before } = pushedRange();
    const event = (base: string) => ({ pull_request: { base: { sha: base } }, repository: { default_branch: 'main' } });
    const s = secretLine();
    const findingOf = async (branch: string): Promise<HistoryFinding> => {
      const r = await runAsync(process.execPath, [CLI, 'history', '--branch', branch, '--since', before, '--no-cache', '--format', 'json'], dev);
      expect(r.code, r.stderr).toBe(1);
      return (JSON.parse(r.stdout) as { findings: HistoryFinding[] }).findings[0]!;
    };
    /** The PR's own ignore works where the PR's checkout is trusted (locally): exit 0. */
    const expectIgnoredLocally = async () => {
      const r = await runAsync(process.execPath, [CLI, 'history', '--branch', 'HEAD', '--since', before, '--no-cache'], dev);
      expect(r.stderr).toMatch(/1 finding ignored/);
      expect(r.code, r.stderr).toBe(0);
    };

    // .keywardignore: `keyward ignore` in the pull request itself.
    git(dev, ['checkout', '-q', '-b', 'sneaky']);
    commit(dev, { 'sneaky.js': `${s.line}\n` }, 'a secret');
    const f = await findingOf('sneaky');
    const ig = await runAsync(process.execPath, [CLI, 'ignore', f.fingerprint, '--reason', 'trust me'], dev);
    expect(ig.code, ig.stderr).toBe(0);
    const ignoreLine = readFileSync(join(dev, '.keywardignore'), 'utf8');
    commit(dev, { '.keywardignore': ignoreLine }, 'and its ignore entry');
    await expectIgnoredLocally();
    git(dev, ['push', '-q', 'origin', 'sneaky']);
    const viaIgnore = await runAction(ciClone(server, 'ci1', git(dev, ['rev-parse', 'HEAD'])), {}, event(before));
    expect(viaIgnore.log).not.toMatch(/finding ignored/);
    expect(viaIgnore.code).toBe(1);
    expect(files(expectValidSarif(viaIgnore.sarif))).toEqual(['sneaky.js']);

    // .gitleaksignore: gitleaks' commit:file:rule:line for the same secret, on another branch.
    git(dev, ['checkout', '-q', 'main']);
    git(dev, ['checkout', '-q', '-b', 'sneaky2']);
    const intro = commit(dev, { 'sneaky2.js': `${s.line}\n` }, 'a secret again');
    commit(dev, { '.gitleaksignore': `${intro}:sneaky2.js:${f.ruleId}:1\n` }, 'and its gitleaks ignore');
    await expectIgnoredLocally();
    git(dev, ['push', '-q', 'origin', 'sneaky2']);
    const viaGitleaks = await runAction(ciClone(server, 'ci2', git(dev, ['rev-parse', 'HEAD'])), {}, event(before));
    expect(viaGitleaks.code).toBe(1);
    expect(files(expectValidSarif(viaGitleaks.sarif))).toEqual(['sneaky2.js']);

    // The same ignore reviewed and merged first: it is on the base, and it applies.
    git(dev, ['checkout', '-q', 'main']);
    commit(dev, { '.keywardignore': ignoreLine }, 'accept that secret');
    git(dev, ['push', '-q', 'origin', 'main']);
    const base = git(dev, ['rev-parse', 'HEAD']);
    git(dev, ['checkout', '-q', '-b', 'fair']);
    commit(dev, { 'fair.js': `${s.line}\n` }, 'the accepted secret');
    git(dev, ['push', '-q', 'origin', 'fair']);
    const fair = await runAction(ciClone(server, 'ci3', git(dev, ['rev-parse', 'HEAD'])), {}, event(base));
    expect(fair.log).toMatch(new RegExp(`\\.keywardignore as of ${base}`));
    expect(fair.log).toMatch(/1 finding ignored/);
    expect(fair.code).toBe(0);
  });

  it('on a pull request: scans what the branch adds to its base; fail-on-findings false reports without failing', { timeout: 300_000 }, async () => {
    const { dev, server, before } = pushedRange();
    git(dev, ['checkout', '-q', '-b', 'feature']);
    const s = secretLine();
    commit(dev, { 'feature.env': `${s.line}\n` }, 'feature with a secret');
    git(dev, ['push', '-q', 'origin', 'feature']);
    const head = git(dev, ['rev-parse', 'HEAD']);
    const event = { pull_request: { base: { sha: before } }, repository: { default_branch: 'main' } };
    const pr = await runAction(ciClone(server, 'ci', head), { 'fail-on-findings': 'false', 'sarif-file': 'reports/k.sarif' }, event);
    // The reports directory does not exist: keyward says so (exit 2), the verdict fails.
    expect(pr.exitCode).toBe('2');
    expect(pr.code).toBe(2);
    expect(pr.log).toMatch(/cannot write --output reports\/k\.sarif: no such directory/);

    const ok = await runAction(ciClone(server, 'ci-b', head), { 'fail-on-findings': 'false' }, event);
    expect(ok.exitCode).toBe('0');
    expect(ok.code).toBe(0);
    expect(ok.log).toMatch(/new findings, not failing/);
    expect(files(expectValidSarif(ok.sarif))).toEqual(['feature.env']);
  });

  it('a new branch scans what the default branch does not have; a shallow clone falls back to the whole history and says so', { timeout: 300_000 }, async () => {
    const { dev, server } = pushedRange();
    git(dev, ['checkout', '-q', '-b', 'topic']);
    const s = secretLine();
    commit(dev, { 'topic.js': `${s.line}\n` }, 'topic');
    git(dev, ['push', '-q', 'origin', 'topic']);
    const head = git(dev, ['rev-parse', 'HEAD']);
    const newBranch = { before: ZERO, repository: { default_branch: 'main' } };
    const r = await runAction(ciClone(server, 'ci', head), {}, newBranch);
    expect(r.code).toBe(1);
    expect(r.log).toMatch(/scanning the commits of HEAD after origin\/main/);
    expect(files(expectValidSarif(r.sarif))).toEqual(['topic.js']);

    // fetch-depth 1: the range's start is not there; never a clean pass for what was not scanned.
    git(dir, ['clone', '-q', '--depth', '1', '--branch', 'topic', `file://${server}`, 'shallow']);
    const shallow = await runAction(join(dir, 'shallow'), {}, { before: git(dev, ['rev-parse', 'HEAD~1']) });
    expect(shallow.log).toMatch(/is not in this clone .* scanning the whole history/);
    expect(shallow.code).not.toBe(0);
  });

  it('mode scan: the checked-out files, the same SARIF and verdict', { timeout: 300_000 }, async () => {
    const { dev, server, oldSecret } = pushedRange();
    const r = await runAction(ciClone(server, 'ci', git(dev, ['rev-parse', 'HEAD'])), { mode: 'scan', paths: '.' }, {});
    expect(r.code).toBe(1);
    expect(files(expectValidSarif(r.sarif))).toEqual(['old.js']);
    expect(r.log).not.toContain(oldSecret);
  });
});

describe('GitLab CI template', () => {
  const job = gitlab['.keyward']!;

  it('defines the keyward job on the hidden .keyward template, with a full clone and the reports kept', async () => {
    expect(gitlab.keyward!.extends).toBe('.keyward');
    expect(job.variables!.GIT_DEPTH).toBe('0');
    expect(job.artifacts!.reports!.junit).toBe(job.variables!.KEYWARD_CI_JUNIT);
    expect(job.artifacts!.paths).toContain(job.variables!.KEYWARD_CI_SARIF);
    for (const k of Object.keys(job.variables!).filter((v) => v.startsWith('KEYWARD_CI_'))) expect(scriptText, k).toContain(`\${${k}`);
  });

  it('without a keyward to use, the job stops with what to set (exit 2)', async () => {
    const r = await runAsync('sh', ['-c', job.before_script!.join('\n')], dir, { env: { ...process.env, ...job.variables, KEYWARD_CI_BIN: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/set KEYWARD_GIT_URL \(where to clone keyward from\) or KEYWARD_CI_BIN/);
  });

  it('runs its script lines on a merge request: the commits after the base, JUnit and SARIF written, exit 1', { timeout: 300_000 }, async () => {
    const { dev, server, before } = pushedRange();
    git(dev, ['checkout', '-q', '-b', 'mr']);
    const s = secretLine();
    commit(dev, { 'mr.js': `${s.line}\n` }, 'mr');
    git(dev, ['push', '-q', 'origin', 'mr']);
    const clone = ciClone(server, 'ci', git(dev, ['rev-parse', 'HEAD']));
    // What before_script sets after cloning keyward to /opt/keyward: here, this checkout.
    const env = {
      ...process.env,
      NO_COLOR: '1',
      ...job.variables,
      KEYWARD_CI_BIN: BIN,
      KEYWARD_CI_SCRIPT: SCRIPT,
      CI_COMMIT_BEFORE_SHA: ZERO, // GitLab's value in merge request pipelines
      CI_MERGE_REQUEST_DIFF_BASE_SHA: before,
      CI_DEFAULT_BRANCH: 'main',
    };
    const r = await runAsync('sh', ['-e', '-c', job.script!.join('\n')], clone, { env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`after ${before}`));
    expect(files(expectValidSarif(JSON.parse(readFileSync(join(clone, 'keyward.sarif'), 'utf8')) as SarifLog))).toEqual(['mr.js']);
    const junit = readFileSync(join(clone, 'keyward-junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites[\s>]/);
    expect(junit).toContain('mr.js');
    expect(junit).not.toContain(s.secret);
  });
});
