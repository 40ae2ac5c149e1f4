/**
 * No output for this long while an answer is awaited counts as a stall. A damaged or crafted
 * object can make git write fewer bytes than the size it announced and then wait for the next
 * request (git 2.39 streams loose objects without checking their size): the read would wait for
 * ever. The reader then closes git's stdin, which turns the stall into an end of output (the
 * object is lost, a new git carries on); when git was merely slow, it answers everything asked
 * before exiting and nothing is lost.
 */
const STALL_MS = 3000;

/**
 * Watches a child's output while an answer is awaited: calls `onStall` once the output has been
 * silent for STALL_MS during a wait (and `active()` still holds). Only waits count: a reader idle
 * between requests is not stalled.
 */
export class StallWatch {
  private awaiting = false;
  private lastData = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onStall: () => void,
    private readonly active: () => boolean,
  ) {}

  /** Awaits the child's output with the watch running. */
  async waitFor<T>(answer: Promise<T>): Promise<T> {
    this.awaiting = true;
    this.lastData = Date.now();
    this.timer ??= setInterval(() => this.check(), 500).unref();
    try {
      return await answer;
    } finally {
      this.awaiting = false;
    }
  }

  /** The child's output, noting when it last wrote. */
  async *timed(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const piece of stream) {
      this.lastData = Date.now();
      yield piece;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (this.awaiting && this.active() && Date.now() - this.lastData >= STALL_MS) this.onStall();
  }
}
