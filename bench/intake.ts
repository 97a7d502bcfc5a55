/**
 * Intake throughput: reports per second through HTTP at 50 concurrent connections against a fresh
 * SQLite data folder, beside the same server's bare route that only validates the same body.
 * Prints both rates and their ratio (target: intake at least half the bare route), and on SQLite how
 * far the background search indexer was behind when the load stopped and how long it took to catch up.
 *
 *   npm run bench:intake -- [--seconds 10] [--connections 50] [--database postgres://…]
 *
 * The server runs as its own process, as in production; the load generator shares the machine. For
 * each route it also prints the server's CPU time per request, in all its threads and in its main
 * thread (the event loop, which bounds the rate when another core is free), and how much CPU the
 * server and the load generator used and the machine left idle over the load, and how long a reporter
 * following a report (its tracking page, one request at a time) waited for an answer meanwhile.
 * Then a 3 s burst of intake 1.5 s after the load, while the background workers catch up, and how
 * long the search indexer took to catch up with all of it.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawnServer } from '../test/spawn-server';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    database: { type: 'string' },
    port: { type: 'string', default: '3917' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const port = Number(values.port);

// About 1 KB: a realistic report with indicators to extract.
const body = JSON.stringify({
  category: 'online_extortion',
  description:
    '某自媒体账号“财经内幕观察”于11月初连续发布关于我公司产品质量的不实文章，随后其工作人员通过微信 wxid_kz8812 和电话 138 1234 5678 联系我公司公关部，' +
    '声称只要支付“合作费”5万元即可删除全部文章，并承诺今后不再发布负面内容；若不付款，将在多个平台继续转发。对方提供的收款账户为支付宝 pay-kz@example.com，' +
    '并发来了“合作协议”。相关文章链接见下。我们已保存聊天记录截图和通话录音。',
  targetUrls: ['https://www.example.com/article/20261105/123456.html?utm_source=wechat&from=timeline', 'https://m.example.cn/p/998877'],
  platform: '某资讯客户端',
  occurredAt: '2026-11-05T09:30:00+08:00',
  money: { amount: 50000, currency: 'CNY', channel: 'alipay' },
  reporter: { anonymous: true },
});

function load(url: string, title: string, duration = seconds): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', connections, duration, headers: { 'content-type': 'application/json' }, body, title },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function line(name: string, r: autocannon.Result, cpu: Cpu): string {
  const non2xx = r.non2xx + r.errors + r.timeouts;
  const micros = (ms: number | null) => ((ms! * 1000) / r.requests.total).toFixed(0);
  const perRequest =
    cpu.server === null ? '' : `   server CPU ${micros(cpu.server)} µs/request (its main thread ${micros(cpu.mainThread)})`;
  const share = (ms: number | null) => (ms === null ? '?' : `${Math.round((ms / cpu.wallMs) * 100)} %`);
  const cores =
    `   CPU over the load (100 % = one core): server ${share(cpu.server)}, load generator ${share(cpu.bench)}` +
    (cpu.idle === null ? '' : `, machine idle ${share(cpu.idle)} of ${cpu.cores}`);
  return `${name.padEnd(26)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(5)} ms   ok ${String(r['2xx']).padStart(7)}   failed ${non2xx}${perRequest}\n${''.padEnd(26)}${cores}`;
}

/** CPU time spent over one load, in ms: by the server process, by this process (the load generator), and left idle on the machine. */
interface Cpu {
  server: number | null;
  /** The server's main thread alone (the event loop), without its worker threads. */
  mainThread: number | null;
  bench: number;
  idle: number | null;
  cores: number;
  wallMs: number;
}

/** The machine's idle time so far in ms, summed over its cores (from /proc/stat; null elsewhere). */
function machineIdleMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    return (Number(fields[4]) + Number(fields[5])) * 10;
  } catch {
    return null;
  }
}

/**
 * The server process's CPU time so far in milliseconds (user + system, from /proc; null elsewhere):
 * CPU per request is disturbed less than req/s by other work on a shared machine.
 */
function serverCpuMs(pid: number | undefined, thread?: 'main thread'): number | null {
  try {
    const fields = readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** A report filed before the loads, whose reporter follows it during them. */
interface Tracked {
  url: string;
  accessKey: string;
}

/**
 * Meanwhile, one reporter looks at a report's tracking page (a read through the database) again and
 * again, one request at a time: how long other requests wait while the route is under load. It runs
 * on a thread of its own, so the load generator's busy event loop does not delay its requests.
 */
const FOLLOWER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const times = [];
  let done = false;
  parentPort.once('message', () => (done = true));
  (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(workerData.url, { headers: { 'x-access-key': workerData.accessKey } });
      await response.arrayBuffer();
      if (response.ok) times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 10));
    }
    parentPort.postMessage(times);
  })();
`;

function follow(tracked: Tracked): { stop: () => Promise<number[]> } {
  const worker = new Worker(FOLLOWER, { eval: true, workerData: tracked });
  return {
    stop: async () => {
      const answered = once(worker, 'message');
      worker.postMessage('stop');
      const [times] = (await answered) as [number[]];
      await worker.terminate();
      return times.sort((a, b) => a - b);
    },
  };
}

function followed(times: number[]): string {
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  return times.length === 0
    ? 'a reporter following a report meanwhile: no answer'
    : `a reporter following a report meanwhile: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (${times.length} looks)`;
}

/** Loads a route and measures the server's CPU time over the load, and a reporter's wait meanwhile. */
async function measure(
  url: string,
  title: string,
  pid: number | undefined,
  tracked: Tracked,
): Promise<{ result: autocannon.Result; cpu: Cpu; tracking: number[] }> {
  const [before, mainBefore, idleBefore, benchBefore, started] = [
    serverCpuMs(pid),
    serverCpuMs(pid, 'main thread'),
    machineIdleMs(),
    process.cpuUsage(),
    performance.now(),
  ];
  const following = follow(tracked);
  const result = await load(url, title);
  const tracking = await following.stop();
  const [after, mainAfter, idleAfter, bench, wallMs] = [
    serverCpuMs(pid),
    serverCpuMs(pid, 'main thread'),
    machineIdleMs(),
    process.cpuUsage(benchBefore),
    performance.now() - started,
  ];
  return {
    result,
    tracking,
    cpu: {
      server: before === null || after === null ? null : after - before,
      mainThread: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
      bench: (bench.user + bench.system) / 1000,
      idle: idleBefore === null || idleAfter === null ? null : idleAfter - idleBefore,
      cores: availableParallelism(),
      wallMs,
    },
  };
}

const server = await spawnServer({
  port,
  inheritOutput: true,
  env: { LOG_LEVEL: 'warn', ...(values.database ? { DATABASE_URL: values.database } : {}) },
});
const dataDir = server.dataDir;

try {
  const base = server.base;
  console.log(
    `Qinglang intake benchmark: ${connections} connections, ${seconds} s per route, ${Buffer.byteLength(body)} byte body, ${values.database ? 'PostgreSQL' : 'SQLite (fresh data folder)'}`,
  );
  // Warm up both routes (JIT, statement caches) before measuring.
  await new Promise<void>((resolve, reject) =>
    autocannon(
      {
        url: `${base}/api/v1/reports/validate`,
        method: 'POST',
        connections: 10,
        amount: 2000,
        headers: { 'content-type': 'application/json' },
        body,
      },
      (e) => (e ? reject(e) : resolve()),
    ),
  );
  const filed = await fetch(`${base}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const receipt = (await filed.json()) as { trackingCode: string; accessKey: string };
  const tracked = { url: `${base}/api/v1/reports/${receipt.trackingCode}`, accessKey: receipt.accessKey };
  const measuredBare = await measure(`${base}/api/v1/reports/validate`, 'validate only', server.child.pid, tracked);
  const measuredIntake = await measure(`${base}/api/v1/reports`, 'intake', server.child.pid, tracked);
  const [bare, intake] = [measuredBare.result, measuredIntake.result];
  console.log(line('bare route (validate only)', bare, measuredBare.cpu));
  console.log(`${''.padEnd(29)}${followed(measuredBare.tracking)}`);
  console.log(line('intake (store report)', intake, measuredIntake.cpu));
  console.log(`${''.padEnd(29)}${followed(measuredIntake.tracking)}`);
  const ratio = intake.requests.average / bare.requests.average;
  console.log(`ratio intake / bare: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`);
  // Reports come in bursts: the load stops, the background workers (search index, near-duplicate
  // bands, occurrence merger) start on their backlog, and the next burst's writes wait for the batches
  // they have in flight.
  await new Promise((r) => setTimeout(r, 1500));
  const burst = await load(`${base}/api/v1/reports`, 'intake burst', 3);
  console.log(
    `${'a burst 1.5 s later'.padEnd(26)} ${burst.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(burst.latency.p50).padStart(4)} ms   p99 ${String(burst.latency.p99).padStart(5)} ms   ` +
      `max ${burst.latency.max} ms   ok ${burst['2xx']}   (3 s, while the background workers catch up)`,
  );
  if (!values.database) {
    const db = new Database(path.join(dataDir, 'qinglang.sqlite'), { readonly: true });
    const stored = (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
    const countOf = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    // Intake appends occurrences to the recent table; the occurrence merger moves them after commit.
    const recent = countOf('recent_indicator_occurrences');
    const indicators = countOf('indicator_occurrences') + recent;
    console.log(
      `stored reports: ${stored} (answered 201: ${intake['2xx'] + burst['2xx']}), indicator rows: ${indicators} (${recent} not merged yet)`,
    );
    // Reports are indexed for search after commit, by the background indexer: how far behind it was
    // when the load stopped, and how long it took to catch up.
    const queued = () => (db.prepare('select count(*) as n from search_index_queue').get() as { n: number }).n;
    const backlog = queued();
    const started = Date.now();
    // Gives up when the queue stops shrinking for 10 s (an instance with QINGLANG_WORKERS=off never drains it).
    let last = backlog;
    let progressAt = started;
    for (let now = queued(); now > 0 && Date.now() - progressAt < 10_000; now = queued()) {
      if (now < last) [last, progressAt] = [now, Date.now()];
      await new Promise((r) => setTimeout(r, 50));
    }
    const indexed = (db.prepare("select count(*) as n from search_documents where doc_type = 'report'").get() as { n: number }).n;
    const storedNow = (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
    const left = queued();
    const waited = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    console.log(
      `search index: ${backlog} reports queued when the load stopped, ${left === 0 ? `caught up in ${waited}` : `${left} still queued after ${waited}`}; ` +
        `reports indexed: ${indexed} of ${storedNow}`,
    );
    db.close();
  }
} finally {
  server.child.kill('SIGTERM');
  await server.exited();
  await server.dispose();
}
