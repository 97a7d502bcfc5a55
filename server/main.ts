import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type Config, loadConfig } from './config';

/**
 * Starts the service: builds the app (which migrates the database), listens, and on SIGTERM or
 * SIGINT stops taking connections, lets in-flight requests finish, then closes the database.
 */
export async function startServer(config: Config = loadConfig()): Promise<FastifyInstance> {
  const app = await buildApp(config);
  if (config.secretGenerated) {
    app.log.warn(
      { file: `${config.dataDir}/secret.key` },
      'QINGLANG_SECRET is not set: generated one and stored it in the data folder. Back it up; encrypted data cannot be read without it.',
    );
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    app.close().then(
      () => {
        app.log.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { database: config.database.dialect, dataDir: config.dataDir },
    `Qinglang is listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  );
  return app;
}
