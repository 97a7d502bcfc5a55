// A worker for worker-pool.test.ts: squares numbers; -1 throws, -2 ends the thread.
import { threadId } from 'node:worker_threads';
import { serveTasks } from './worker-pool';

serveTasks((n: number) => {
  if (n === -1) throw new Error('minus one');
  if (n === -2) process.exit(3);
  return { square: n * n, threadId };
});
