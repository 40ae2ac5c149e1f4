import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The commands sit on top: nothing below src/cli imports it, src/model, at the bottom, imports
// no other folder of src, and no two folders import each other, directly or around a circle
// (issue 17, point 4). A new arrow back up fails here.
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Top folder of src a file belongs to ("cli", "history", ...; "" for src itself). */
const folderOf = (file: string): string => {
  const rel = relative(SRC, file).split(sep);
  return rel.length > 1 ? rel[0]! : '';
};

/** Every relative import of a file, resolved to a path. */
function importedFiles(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g), ...text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]!);
  return specs.map((s) => resolve(dirname(file), s));
}

/** Every relative import of a file, resolved to the folder of src it lands in. */
function importedFolders(file: string): string[] {
  return importedFiles(file).map(folderOf);
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

  it('tickets and history do not reach each other through src/cli (they share src/tickets/open.ts)', () => {
    const cmd = (f: string): string | undefined => /^cli[/\\](tickets|history)-/.exec(relative(SRC, f))?.[1];
    const crossing = files.flatMap((f) => {
      const from = cmd(f);
      if (!from) return [];
      return importedFiles(f)
        .filter((t) => cmd(t) !== undefined && cmd(t) !== from)
        .map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`);
    });
    expect(crossing).toEqual([]);
    expect(files.some((f) => cmd(f) === 'history')).toBe(true); // the check is not vacuous
  });

  it('no circle between folders (rules, detect, config, report, ... import downwards only)', () => {
    const graph = folderGraph(files);
    expect(circles(graph)).toEqual([]);
    // The layers the engine rests on, spelled out: rule definitions know nothing of the engine
    // that runs them, nor of the config that selects them.
    for (const [from, to] of [['rules', 'detect'], ['rules', 'config'], ['rules', 'report'], ['detect', 'config'], ['report', 'config']]) {
      expect(graph.get(from!)?.has(to!) ?? false, `${from} -> ${to}`).toBe(false);
    }
  });

  it('sources know git, nothing below them does; commands do not import each other (issue 17, points 1-3)', () => {
    const graph = folderGraph(files);
    // Sources list and read what to scan and hand it to the engine: they run no detector.
    const below = { sources: ['detect', 'cli'], engine: ['git', 'sources', 'cli'], detect: ['git', 'sources', 'report', 'cli', 'engine'] };
    for (const [from, banned] of Object.entries(below)) {
      for (const to of banned) expect(graph.get(from)?.has(to) ?? false, `${from} -> ${to}`).toBe(false);
    }
    const commands = ['scan', 'staged', 'hooks', 'history'];
    for (const from of commands) {
      for (const to of commands) if (to !== from) expect(graph.get(from)?.has(to) ?? false, `${from} -> ${to}`).toBe(false);
    }
    // Not vacuous: the engine and the sources are there, and the sources do read git.
    expect(graph.get('sources')?.has('git')).toBe(true);
    expect(graph.get('engine')?.has('detect')).toBe(true);
  });

  it('the circle check finds a circle when there is one', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(circles(g)).toEqual(['a -> b -> c -> a']);
  });
});

/** Folder → the other folders of src its files import. */
function folderGraph(files: string[]): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const f of files) {
    const from = folderOf(f) || 'src';
    for (const d of importedFolders(f)) {
      const to = d || 'src';
      if (to === from) continue;
      if (!g.has(from)) g.set(from, new Set());
      g.get(from)!.add(to);
    }
  }
  return g;
}

/** One path per circle of the graph (each reported once, from its smallest folder name). */
function circles(g: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, at: string, path: string[]): void => {
    for (const next of g.get(at) ?? []) {
      if (next === start) found.add([...path, start].join(' -> '));
      else if (next > start && !path.includes(next)) walk(start, next, [...path, next]);
    }
  };
  for (const start of [...g.keys()].sort()) walk(start, start, [start]);
  return [...found].sort();
}
