import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The commands sit on top: nothing below src/cli imports it, and src/model, at the bottom,
// imports no other folder of src (issue 17, point 4). A new arrow back up fails here.
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Top folder of src a file belongs to ("cli", "history", ...; "" for src itself). */
const folderOf = (file: string): string => {
  const rel = relative(SRC, file).split(sep);
  return rel.length > 1 ? rel[0]! : '';
};

/** Every relative import of a file, resolved to the folder of src it lands in. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g), ...text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]!);
  return specs.map((s) => folderOf(resolve(dirname(file), s)));
}

describe('import rules of src/', () => {
  const files = sources(SRC);

  it('finds the sources (the check is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => importedFolders(f).includes('cli'))).toBe(true); // cli imports itself
  });

  it('nothing outside src/cli imports it', () => {
    const up = files.filter((f) => folderOf(f) !== 'cli' && importedFolders(f).includes('cli')).map((f) => relative(SRC, f));
    expect(up).toEqual([]);
  });

  it('src/model imports no other folder of src', () => {
    const bad = files
      .filter((f) => folderOf(f) === 'model')
      .flatMap((f) => importedFolders(f).filter((d) => d !== 'model').map((d) => `${relative(SRC, f)} -> ${d || 'src'}`));
    expect(bad).toEqual([]);
  });
});
