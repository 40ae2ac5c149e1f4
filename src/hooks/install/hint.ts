import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The package manager a project uses, from its lockfile: the command that restores node_modules. */
function installCommand(top: string): string {
  if (existsSync(join(top, 'pnpm-lock.yaml'))) return 'pnpm install';
  if (existsSync(join(top, 'yarn.lock'))) return 'yarn install';
  if (existsSync(join(top, 'bun.lockb')) || existsSync(join(top, 'bun.lock'))) return 'bun install';
  return 'npm install';
}

/** Whether the project's package.json lists keyward among its dependencies. */
export function isProjectDependency(top: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8')) as Record<string, unknown>;
    return ['devDependencies', 'dependencies', 'optionalDependencies'].some((k) => {
      const deps = pkg[k];
      return typeof deps === 'object' && deps !== null && 'keyward' in deps;
    });
  } catch {
    return false;
  }
}

/**
 * What a hook that cannot find keyward tells the user to run, for the way keyward was installed:
 * a dependency of the project comes back with the project's install command; a keyward installed
 * from a checkout or globally (an absolute path, recorded when the hook was installed) is named by
 * that path. Never a package name: keyward may not be published where `npm install keyward` looks.
 */
export function missingKeywardFix(top: string, cli: string, packageRoot: string): string {
  if (isProjectDependency(top)) {
    const cmd = installCommand(top);
    return `run ${cmd} (keyward is a dependency in package.json; it puts node_modules/.bin/keyward back, and npx keyward works again)`;
  }
  if (relative(top, cli).split(sep)[0] === 'node_modules') {
    return "keyward was in node_modules without being in package.json, so an install removed it: add it to package.json's devDependencies, then run the project's install";
  }
  return `keyward was installed from ${packageRoot} (CLI ${cli}): rebuild it there (cd ${packageRoot} && npm ci), or set KEYWARD_BIN to keyward's CLI, or put keyward on PATH (npm link in a keyward checkout)`;
}
