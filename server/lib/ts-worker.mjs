// A worker thread's entry for TypeScript modules: registers tsx in this thread (loader hooks are
// per thread), then loads the module named in workerData, as `bin/qinglang.js` does for the CLI.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
