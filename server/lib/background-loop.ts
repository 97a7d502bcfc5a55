/**
 * The loop under each background worker (outbox, search indexer): run a step, wait the delay the step
 * answers, run it again; stop waits for the step in flight. A step that throws is the worker's to
 * log; the loop goes on after `retryMs`. The timer never keeps the process alive on its own.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  /**
   * @param step one round of work; answers how long to wait before the next one (ms)
   * @param onError what to do with a round that failed (log it)
   * @param retryMs how long to wait after a failed round
   */
  constructor(
    private readonly step: () => Promise<number>,
    private readonly onError: (error: unknown) => void,
    private readonly retryMs: number,
  ) {}

  /** Starts the loop with a round at once; a second start while running does nothing. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the loop; the round in flight finishes (commits or rolls back) first. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    let next = this.retryMs;
    try {
      next = await this.step();
    } catch (error) {
      this.onError(error);
    }
    this.schedule(next);
  }
}
