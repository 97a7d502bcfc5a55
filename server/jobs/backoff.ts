/** The retry schedule of outbox deliveries. */
export interface BackoffOptions {
  /** The delay after the first failed attempt; 30 s by default. */
  baseMs?: number;
  /** The longest delay; 1 hour by default. */
  capMs?: number;
  /** Spread of the delay either side, as a fraction; 0.2 by default. */
  jitter?: number;
}

/**
 * How long to wait after the `attempt`-th failed attempt (1-based): 30 s, 1 min, 2 min, 4 min …
 * doubling up to 1 hour, each ±20 % at random, so receivers that failed together are not all
 * retried in the same second. `random` is injectable for tests.
 */
export function retryDelayMs(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 30_000;
  const cap = options.capMs ?? 3_600_000;
  const jitter = options.jitter ?? 0.2;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const delay = Math.min(cap, base * 2 ** exponent);
  return Math.round(delay * (1 - jitter + 2 * jitter * random()));
}
