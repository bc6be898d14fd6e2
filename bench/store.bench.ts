/**
 * History store benchmark: write throughput, bytes per 10k results, and read times on a
 * store of DAYS x CONNECTIONS at 1-minute resolution (default 30 x 100 = 4.32M results).
 *   npx tsx bench/store.bench.ts            (env: STORE_BENCH_DAYS, STORE_BENCH_CONNECTIONS, STORE_BENCH_DIR)
 * The store is built in a temp dir (or STORE_BENCH_DIR, reused when it already holds a build).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../src/server/store';
import type { ProbeResult } from '../src/shared/probe';
import { seededRandom as rng } from '../test/support/random';

const DAYS = Number(process.env.STORE_BENCH_DAYS ?? 30);
const CONNS = Number(process.env.STORE_BENCH_CONNECTIONS ?? 100);
const DAY = 86_400_000;
const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);

const rand = rng(42);

function result(conn: number, t: number): ProbeResult {
  const down = rand() < 0.01;
  const total = 4 + rand() * 20;
  const r: ProbeResult = {
    connectionId: `conn-${String(conn).padStart(3, '0')}`,
    provider: (['postgres', 'mysql', 'mongodb', 'supabase', 'firebase'] as const)[conn % 5],
    startedAt: t + Math.floor(rand() * 1000),
    state: down ? 'down' : rand() < 0.02 ? 'degraded' : 'up',
    timings: {
      dnsMs: +(rand() * 0.5).toFixed(3),
      connectMs: +(total * 0.3).toFixed(3),
      tlsMs: +(total * 0.3).toFixed(3),
      authMs: +(total * 0.2).toFixed(3),
      firstQueryMs: +(total * 0.2).toFixed(3),
      totalMs: +total.toFixed(3),
    },
    serverVersion: 'PostgreSQL 16.4',
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true },
    metrics: {
      activeConnections: Math.floor(rand() * 80),
      maxConnections: 100,
      cacheHitRatio: +(0.95 + rand() * 0.05).toFixed(4),
      dbSizeBytes: 1e9 + Math.floor(rand() * 1e6),
      replicationLagMs: Math.floor(rand() * 20),
    },
  };
  if (down)
    r.error = {
      message: 'connect ECONNREFUSED 10.0.0.5:5432',
      code: 'ECONNREFUSED',
      category: 'conn_refused',
      fields: { errno: -111, syscall: 'connect' },
    };
  return r;
}

function dirSize(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return n;
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rows: Array<[string, string, string, string]> = [];
function row(name: string, value: string, target = '', ratio = ''): void {
  rows.push([name, value, target, ratio]);
  console.log(`${name.padEnd(52)} ${value.padStart(16)} ${target.padStart(12)} ${ratio.padStart(10)}`);
}

async function writeBench(): Promise<void> {
  for (const compress of [true, false]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-bench-w-'));
    const clock = { now: () => T0 + 12 * 3600_000 };
    const s = await HistoryStore.open({ dir, clock, compress });
    // A scheduler tick: 100 results at once (group commit), 100 ticks = 10k results.
    const t0 = process.hrtime.bigint();
    for (let tick = 0; tick < 100; tick++)
      await Promise.all(Array.from({ length: 100 }, (_, c) => s.appendProbe(result(c, T0 + tick * MIN))));
    const burst = ms(t0);
    const bytes = fs.statSync(path.join(dir, 'raw', fs.readdirSync(path.join(dir, 'raw'))[0])).size;
    // One at a time: every append waits for its own fdatasync.
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < 300; i++) await s.appendProbe(result(i % 100, T0 + 200 * MIN + i));
    const single = ms(t1);
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const tag = compress ? 'compressed' : 'plain JSON';
    row(`write: 10k results in ticks of 100 (${tag})`, `${Math.round(10000 / (burst / 1000))} /s`);
    row(`write: one at a time, awaited (${tag})`, `${Math.round(300 / (single / 1000))} /s`);
    row(`bytes per 10k results (${tag})`, `${(bytes / 1024).toFixed(0)} KiB`, '', `${(bytes / 10000).toFixed(0)} B/rec`);
  }
}

async function build(dir: string): Promise<void> {
  let day = 0;
  const clock = { now: () => T0 + day * DAY + 23 * 3600_000 };
  const s = await HistoryStore.open({ dir, clock });
  const t0 = process.hrtime.bigint();
  for (day = 0; day < DAYS; day++) {
    for (let m0 = 0; m0 < 1440; m0 += 60) {
      const writes: Array<Promise<void>> = [];
      for (let m = m0; m < m0 + 60; m++) for (let c = 0; c < CONNS; c++) writes.push(s.appendProbe(result(c, T0 + day * DAY + m * MIN)));
      await Promise.all(writes);
    }
  }
  // One more day so the last built day is sealed like the others (the live day is in memory).
  day = DAYS;
  await s.appendProbe(result(0, T0 + DAYS * DAY));
  await s.close();
  const secs = ms(t0) / 1000;
  row(
    `build: ${DAYS}d x ${CONNS} conns x 1 min (${((DAYS * CONNS * 1440) / 1e6).toFixed(2)}M results)`,
    `${secs.toFixed(1)} s`,
    '',
    `${Math.round((DAYS * CONNS * 1440) / secs)} /s`,
  );
  fs.writeFileSync(path.join(dir, 'bench-built.json'), JSON.stringify({ DAYS, CONNS }));
}

async function readBench(dir: string): Promise<void> {
  const now = T0 + DAYS * DAY + 3600_000;
  const rss0 = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const s = await HistoryStore.open({ dir, clock: { now: () => now }, role: 'reader' });
  row('open (reader: index tables only)', `${ms(t0).toFixed(1)} ms`);
  const last: number[] = [];
  const raw: number[] = [];
  const hourly: number[] = [];
  const uptime: number[] = [];
  let points = 0;
  let buckets = 0;
  for (let i = 0; i < 21; i++) {
    const id = `conn-${String((i * 37) % CONNS).padStart(3, '0')}`;
    let t = process.hrtime.bigint();
    const r = await s.lastResults(id, 100);
    last.push(ms(t));
    if (r.length !== 100) throw new Error(`expected 100 results, got ${r.length}`);
    t = process.hrtime.bigint();
    const sr = await s.series(id, now - 30 * DAY, now, 'raw');
    raw.push(ms(t));
    if (sr.resolution === 'raw') points = sr.points.length;
    t = process.hrtime.bigint();
    const sh = await s.series(id, now - 30 * DAY, now, 'auto');
    hourly.push(ms(t));
    if (sh.resolution === 'hour') buckets = sh.buckets.length;
    t = process.hrtime.bigint();
    await s.uptime(id);
    uptime.push(ms(t));
  }
  const target = 50;
  row(
    'read: last 100 results of one connection (median)',
    `${median(last).toFixed(2)} ms`,
    `< ${target} ms`,
    `${(median(last) / target).toFixed(3)}x`,
  );
  row(
    `read: 30-day raw series, one connection (${points} points)`,
    `${median(raw).toFixed(2)} ms`,
    `< ${target} ms`,
    `${(median(raw) / target).toFixed(3)}x`,
  );
  row(
    `read: 30-day series, auto = hourly (${buckets} buckets)`,
    `${median(hourly).toFixed(2)} ms`,
    `< ${target} ms`,
    `${(median(hourly) / target).toFixed(3)}x`,
  );
  row('read: uptime 24h/7d/30d, one connection (median)', `${median(uptime).toFixed(2)} ms`);
  row('memory: RSS added by the open store', `${((process.memoryUsage().rss - rss0) / 1048576).toFixed(1)} MiB`);
  row('disk: whole store', `${(dirSize(dir) / 1048576).toFixed(0)} MiB`, '', `${(dirSize(dir) / (DAYS * CONNS * 1440)).toFixed(0)} B/rec`);
  await s.close();
}

async function main(): Promise<void> {
  console.log(`${'figure'.padEnd(52)} ${'value'.padStart(16)} ${'target'.padStart(12)} ${'ratio'.padStart(10)}`);
  await writeBench();
  const given = process.env.STORE_BENCH_DIR;
  const dir = given ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-bench-r-'));
  try {
    fs.mkdirSync(dir, { recursive: true });
    const marker = path.join(dir, 'bench-built.json');
    const built = fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === JSON.stringify({ DAYS, CONNS });
    if (!built) await build(dir);
    await readBench(dir);
  } finally {
    if (!given) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
