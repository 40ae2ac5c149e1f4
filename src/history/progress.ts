import cliProgress from 'cli-progress';
import { formatBytes } from '../report/describe.js';

/** What the scan reports as it goes. */
export interface ProgressSink {
  /** `total` grows while the history walk finds more blobs. */
  update(done: number, total: number, bytes: number): void;
  /** The walk is over: `total` no longer grows, so an ETA can be given. */
  walkDone(): void;
  /** Ends the bar; `final` is the count the summary gives (the bar's last frame shows it). */
  stop(final?: { blobs: number; bytes: number }): void;
}

/** A bar only where a person watches: stderr is a terminal and this is not CI. */
export function wantProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI;
}

/** Bytes per second as people read a rate: always MB/s, one decimal ("0.4 MB/s", "212.0 MB/s"). */
export function formatRate(bytes: number, ms: number): string {
  return `${(ms > 0 ? bytes / 1e6 / (ms / 1000) : 0).toFixed(1)} MB/s`;
}

/** Seconds left at the rate so far, or undefined while it cannot be known (total still growing, too early). */
export function estimateMs(done: number, total: number, elapsedMs: number, totalKnown: boolean): number | undefined {
  // Under a second or a few blobs in, a rate says little; before the walk ends, total is a floor.
  if (!totalKnown || done < 1 || elapsedMs < 1000 || done >= total) return undefined;
  return ((total - done) * elapsedMs) / done;
}

/** An ETA in whole seconds: "ETA 42s", "ETA 3m 05s". */
function etaText(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? ` | ETA ${s}s` : ` | ETA ${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** Progress bar on stderr: blobs done / found so far, bytes read, rate and (once known) ETA. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const t0 = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'history {bar} {value}/{total} blobs | {read} | {rate}{eta}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let totalKnown = false;
  const show = (done: number, total: number, bytes: number) => {
    const ms = performance.now() - t0;
    const eta = estimateMs(done, total, ms, totalKnown);
    const payload = { read: formatBytes(bytes), rate: formatRate(bytes, ms), eta: eta === undefined ? '' : etaText(eta) };
    if (!started) {
      bar.start(Math.max(total, 1), done, payload);
      started = true;
    } else {
      bar.setTotal(Math.max(total, 1));
      bar.update(done, payload);
    }
  };
  return {
    update: show,
    walkDone() {
      totalKnown = true;
    },
    stop(final) {
      if (final && started) show(final.blobs, final.blobs, final.bytes);
      if (started) bar.stop();
    },
  };
}
