import { availableParallelism } from 'node:os';

/**
 * `--workers N` above the number of cores buys no speed, only memory (each thread holds its own
 * compiled rules and buffers: `-w 64` took 942 MB on 2 cores), so it is capped at the core count
 * with a one-line note. 0 (one per core) and 1 (no pool) pass unchanged.
 */
export function capWorkers(requested: number, note: (line: string) => void, cores = availableParallelism()): number {
  if (requested <= cores) return requested;
  note(`keyward: note: --workers ${requested} is more than the ${cores} cores here; using ${cores}\n`);
  return cores;
}
