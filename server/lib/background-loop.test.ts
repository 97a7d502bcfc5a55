import { describe, expect, it } from 'vitest';
import { BackgroundLoop } from './background-loop';

describe('BackgroundLoop', () => {
  it('logs a failed round and runs again after the retry delay', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    let done!: () => void;
    const third = new Promise<void>((resolve) => (done = resolve));
    const loop = new BackgroundLoop(
      () => {
        rounds += 1;
        if (rounds === 3) done();
        return rounds === 1 ? Promise.reject(new Error('first round fails')) : Promise.resolve(0);
      },
      (error) => errors.push(error),
      5,
    );
    loop.start();
    await third;
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('first round fails');
    expect(rounds).toBeGreaterThanOrEqual(3);
  });

  it('waits at stop for the round in flight, and runs no round after it', async () => {
    let release!: () => void;
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    let finished = false;
    let rounds = 0;
    const loop = new BackgroundLoop(
      async () => {
        rounds += 1;
        started();
        await new Promise<void>((resolve) => (release = resolve));
        finished = true;
        return 0;
      },
      () => undefined,
      5,
    );
    loop.start();
    await inFlight;
    const stopping = loop.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(1);
  });
});
