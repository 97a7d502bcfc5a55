import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from './spawn-server';

const ROOT = path.resolve(import.meta.dirname, '..');
const REPORT = {
  category: 'paid_deletion',
  description: '有中介自称可以花钱删除网上关于我们的帖子，报价每条三千元，联系QQ 12345678。',
  reporter: { anonymous: true },
};

const started: SpawnedServer[] = [];

async function startServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const server = await spawnServer({ env });
  started.push(server);
  return server;
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
});

describe('the server process', () => {
  it('generates and keeps a secret in the data folder when none is configured, with a warning', async () => {
    const s = await startServer();
    const secretFile = path.join(s.dataDir, 'secret.key');
    expect(existsSync(secretFile)).toBe(true);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(s.output()).toContain('QINGLANG_SECRET is not set');
    expect(existsSync(path.join(s.dataDir, 'qinglang.sqlite'))).toBe(true);
  });

  it('refuses to start on invalid configuration and names every problem', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/qinglang.js'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', QINGLANG_CHALLENGE: 'maybe', DATABASE_URL: 'mysql://x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited(child)).toBe(2);
    expect(stderr).toContain('PORT must be a whole number');
    expect(stderr).toContain('QINGLANG_CHALLENGE must be "on" or "off"');
    expect(stderr).toContain('DATABASE_URL must start with');
  });

  it('finishes a request in flight when told to stop by SIGTERM, then exits cleanly', async () => {
    const s = await startServer();
    const body = Buffer.from(JSON.stringify(REPORT));
    // Send half the body, signal the server, then send the rest: the report must still be stored.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: s.port,
          method: 'POST',
          path: '/api/v1/reports',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 40));
      setTimeout(() => {
        s.child.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(40)), 300);
      }, 200);
    });
    const answered = await response;
    expect(answered.status).toBe(201);
    expect(JSON.parse(answered.body).trackingCode).toMatch(/^QL/);
    expect(await s.exited()).toBe(0);
    expect(s.output()).toContain('shut down cleanly');
  });
});
