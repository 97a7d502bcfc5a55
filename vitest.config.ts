import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          // Which dialects a browser test may run on (testDialects()), as for the unit project.
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A page waited for by expect.poll may take seconds to load its chunks on a busy 2-core
          // machine; the default of 1 s made the first poll of a file fail under load.
          expect: { poll: { timeout: 15_000 } },
          // On CI a browser test that fails is run once more: a click that lands during an animation
          // on a loaded 2-core machine should not refuse a landing; one that fails twice still does.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
