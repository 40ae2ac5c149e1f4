import { readFileSync } from 'node:fs';

/**
 * KEYWARD_DEBUG=1: the time since `t0`, memory and the main thread's own CPU time at a phase of a
 * history scan, on stderr, to see where a slow scan goes.
 */
export function debugPhase(t0: number, name: string): void {
  if (!process.env.KEYWARD_DEBUG) return;
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  const m = process.memoryUsage();
  const mem = `peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB (heap ${mb(m.heapUsed)}, buffers ${mb(m.arrayBuffers)})`;
  process.stderr.write(`keyward: debug: ${(performance.now() - t0).toFixed(0)} ms, ${mem}${threadCpu()}: ${name}\n`);
}

/** CPU time of this thread alone so far (Linux: /proc/thread-self/stat). */
function threadCpu(): string {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `, main thread CPU ${((Number(f[11]) + Number(f[12])) * 10).toFixed(0)} ms`;
  } catch {
    return '';
  }
}
