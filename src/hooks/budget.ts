/**
 * A time budget counted from process start (node start-up and rule loading included: the
 * server's clock starts when it runs the hook). When it runs out, `onExpire` decides the
 * outcome and ends the process, whatever git or scanning work is still pending.
 */
export class TimeBudget {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly ms: number,
    private readonly onExpire: () => never,
  ) {}

  start(): void {
    const left = Math.max(0, this.ms - performance.now());
    this.timer = setTimeout(() => this.onExpire(), left);
  }

  /** For loops between objects: expire promptly even when the event loop is busy. */
  check(): void {
    if (this.timer !== undefined && performance.now() >= this.ms) this.onExpire();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
