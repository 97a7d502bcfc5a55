import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app';
import { type Config, loadConfig } from '../server/config';
import type { DatabaseDialect } from '../server/config';
import { type TestDatabase, createTestDatabase } from './dialects';

/** An app on a database of its own, with the challenge and rate limits off unless asked for. */
export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(dialect: DatabaseDialect, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig({
    QINGLANG_DATA_DIR: database.dataDir,
    QINGLANG_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    QINGLANG_CHALLENGE: 'off',
    QINGLANG_RATE_LIMIT: 'off',
    // The outbox worker runs only in the tests about it, which turn it on.
    QINGLANG_WORKERS: 'off',
    QINGLANG_WEB_DIST: `${database.dataDir}/no-web`,
    ...env,
  });
  const app = await buildApp(config, { database, skipMigrations: true, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.cleanup();
    },
  };
}
