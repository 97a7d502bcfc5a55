import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A `qinglang serve` process of its own, on a fresh data folder, as an operator would run it. */
export interface SpawnedServer {
  child: ChildProcess;
  port: number;
  base: string;
  dataDir: string;
  /** Everything the process wrote so far (when its output is captured). */
  output(): string;
  /** Resolves when the process has exited, with its exit code. */
  exited(): Promise<number | null>;
  /** Kills the process if it still runs and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * Starts the server with the challenge and rate limits off (unless `env` says otherwise) and waits
 * until `/readyz` answers. Output is captured, or passed through with `inheritOutput`.
 */
export async function spawnServer(
  options: { env?: Record<string, string>; port?: number; inheritOutput?: boolean } = {},
): Promise<SpawnedServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-proc-'));
  const port = options.port ?? 20000 + Math.floor(Math.random() * 20000);
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/qinglang.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      QINGLANG_DATA_DIR: dataDir,
      QINGLANG_CHALLENGE: 'off',
      QINGLANG_RATE_LIMIT: 'off',
      DATABASE_URL: '',
      ...options.env,
    },
    stdio: options.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = () =>
    child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((resolve) => child.once('exit', resolve));
  const server: SpawnedServer = {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => output,
    exited,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await server.dispose();
      throw new Error(`server exited early:\n${output}`);
    }
    try {
      if ((await fetch(`${server.base}/readyz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await server.dispose();
  throw new Error(`server did not become ready:\n${output}`);
}
