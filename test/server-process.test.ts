import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const REPORT = {
  category: 'paid_deletion',
  description: '有中介自称可以花钱删除网上关于我们的帖子，报价每条三千元，联系QQ 12345678。',
  reporter: { anonymous: true },
};

interface Running {
  child: ChildProcess;
  port: number;
  dataDir: string;
  output: () => string;
}

const started: Running[] = [];

async function startServer(env: Record<string, string> = {}): Promise<Running> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-proc-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
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
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const running = { child, port, dataDir, output: () => output };
  started.push(running);
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return running;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not start:\n${output}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

afterEach(async () => {
  for (const s of started.splice(0)) {
    if (s.child.exitCode === null) {
      s.child.kill('SIGKILL');
      await exited(s.child);
    }
    rmSync(s.dataDir, { recursive: true, force: true });
  }
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
    expect(await exited(s.child)).toBe(0);
    expect(s.output()).toContain('shut down cleanly');
  });
});
