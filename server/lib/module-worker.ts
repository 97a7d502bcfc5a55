import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running `module`. A TypeScript module (the checkout run through tsx) goes
 * through `ts-worker.mjs`, which registers tsx in the new thread first; `data` reaches the module as
 * `workerData` either way.
 */
export function startModuleWorker(module: URL, data: Record<string, unknown> = {}): Worker {
  return module.pathname.endsWith('.ts')
    ? new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { ...data, module: module.href } })
    : new Worker(module, { workerData: data });
}
