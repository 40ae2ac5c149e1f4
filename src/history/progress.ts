import cliProgress from 'cli-progress';
import { formatBytes } from '../report/describe.js';

/** What the scan reports as it goes. */
export interface ProgressSink {
  /** `total` grows while the history walk finds more blobs. */
  update(done: number, total: number, bytes: number): void;
  stop(): void;
}

/** A bar only where a person watches: stderr is a terminal and this is not CI. */
export function wantProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI;
}

/** Progress bar on stderr: blobs done / found so far, bytes read, rate and ETA. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const t0 = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'history {bar} {value}/{total} blobs | {read} | {rate} | ETA {eta_formatted}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, bytes) {
      const secs = (performance.now() - t0) / 1000;
      const payload = { read: formatBytes(bytes), rate: `${formatBytes(secs > 0 ? bytes / secs : 0)}/s` };
      if (!started) {
        bar.start(Math.max(total, 1), done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
