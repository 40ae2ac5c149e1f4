import type { Command } from 'commander';

/**
 * One line for a command name that does not exist (`keyward hisory`, `keyward rules lst`), with
 * the closest command when one is close; undefined when `args` name known commands (or start
 * with an option: commander parses those). Checked before commander, which would print the
 * whole help after its own error.
 */
export function unknownCommandLine(program: Command, args: readonly string[]): string | undefined {
  let cmd = program;
  let path = program.name();
  for (const word of args) {
    if (word.startsWith('-') || cmd.commands.length === 0 || word === 'help') return undefined;
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) {
      const names = cmd.commands.map((c) => c.name());
      const near = closest(word, names);
      const hint = near ? `; did you mean "${path} ${near}"?` : '';
      return `${program.name()}: unknown command "${word}"${hint} (${path} --help lists the commands)`;
    }
    cmd = next;
    path = `${path} ${word}`;
  }
  return undefined;
}

/** The candidate nearest to `word` (edit distance, a swap counting as one), if it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(w) && w.length >= 2 ? 0.5 : distance(w, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  // A typo changes a few letters: up to a third of the word, at least one.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(Math.max(w.length, best.length) / 3)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
