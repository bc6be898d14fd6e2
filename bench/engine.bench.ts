/**
 * Monitoring engine figures, printed side by side with their targets:
 *
 *  A. Load: N connections (default 1,000) at a 5 s interval for T seconds
 *     (default 120) through the real probe path (runProbe + node-postgres) into
 *     the real history store, against a local PostgreSQL (trust auth on
 *     loopback, so the server's auth cost does not dominate) or, without
 *     PostgreSQL, a refused loopback port. CPU % of this process, memory,
 *     probes achieved vs scheduled, store write throughput, bytes per 10k results.
 *  B. Scheduler overhead at 100 connections every 5 minutes (target < 2% CPU):
 *     (1) 7 simulated days on a fake clock with instant probes: CPU time spent
 *     by the engine per wall-clock time it schedules; (2) the same on the real
 *     clock for a short window with the real probe.
 *
 *   npx tsx bench/engine.bench.ts
 *   BENCH_CONNECTIONS=200 BENCH_SECONDS=30 BENCH_IDLE_SECONDS=20 npx tsx bench/engine.bench.ts
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MonitorEngine } from '../src/server/engine/engine';
import type { ResultSink } from '../src/server/engine/events';
import { runProbe } from '../src/server/probes/runProbe';
import { HistoryStore } from '../src/server/store';
import type { ConnectionConfig } from '../src/shared/connection';
import { postgresUnavailable, startPostgres, type PgServer } from '../test/servers/postgres';
import { FakeClock } from '../test/unit/engine/support/fakeClock';
import { closedPort } from '../test/servers/ports';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const INTERVAL_MS = 5_000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
const pct = (n: number): string => `${n.toFixed(2)} %`;

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await dirBytes(p);
    else total += (await fsp.stat(p)).size;
  }
  return total;
}

function configs(n: number, port: number, prefix: string, extra: Partial<ConnectionConfig> = {}): ConnectionConfig[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    name: `${prefix}${i}`,
    provider: 'postgres' as const,
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    tls: { mode: 'disable' as const },
    connectTimeoutMs: 5_000,
    statementTimeoutMs: 5_000,
    ...extra,
  }));
}

/** Samples RSS and heap every second while `run` runs. */
async function sampled<T>(run: () => Promise<T>): Promise<{ value: T; peakRss: number; peakHeap: number; endRss: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const t = setInterval(sample, 1000);
  try {
    const value = await run();
    sample();
    return { value, peakRss, peakHeap, endRss: process.memoryUsage().rss };
  } finally {
    clearInterval(t);
  }
}

async function loadBench(pg: PgServer | undefined): Promise<void> {
  const port = pg ? pg.port : await closedPort();
  const target = pg
    ? `PostgreSQL 15 on 127.0.0.1:${port} (trust auth, TLS off)`
    : `refused loopback port ${port} (PostgreSQL unavailable: ${postgresUnavailable()})`;
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dbpulse-engine-bench-'));
  const store = await HistoryStore.open({ dir, role: 'writer' });
  const engine = new MonitorEngine({
    probe: (req) => runProbe(req),
    sink: store,
    settings: { intervalMs: INTERVAL_MS, maxConcurrentProbes: CONCURRENCY, maxStartJitterMs: INTERVAL_MS },
  });
  let downs = 0;
  const categories = new Map<string, number>();
  engine.on((e) => {
    if (e.type === 'result' && e.result.state === 'down') {
      downs++;
      const c = e.result.error?.category ?? 'unknown';
      categories.set(c, (categories.get(c) ?? 0) + 1);
    }
  });
  console.log(`\nA. ${CONNECTIONS} connections every ${INTERVAL_MS / 1000} s for ${SECONDS} s, bulkhead ${CONCURRENCY}, against ${target}`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let stopMs = 0;
  const { peakRss, peakHeap, endRss } = await sampled(async () => {
    engine.setConnections(configs(CONNECTIONS, port, 'load'));
    await engine.enable();
    for (let t = 0; t < SECONDS; t += 10) {
      await new Promise((r) => setTimeout(r, Math.min(10, SECONDS - t) * 1000));
      const p = engine.stats();
      if (process.env.BENCH_VERBOSE)
        console.log(
          `    t=${t + 10}s completed ${p.completed} stored ${p.stored} inFlight ${p.inFlight} queued ${p.queued} overrun ${p.skipped.overrun}`,
        );
    }
    const stopAt = performance.now();
    await engine.stop();
    stopMs = performance.now() - stopAt;
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const s = engine.stats();
  await store.close();
  const bytes = await dirBytes(dir);
  await fsp.rm(dir, { recursive: true, force: true });
  const scheduled = Math.floor((CONNECTIONS * SECONDS * 1000) / INTERVAL_MS);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rows: [string, string, string][] = [
    [
      'CPU (this process, all cores)',
      pct((cpuMs / wallMs) * 100),
      `${(cpuMs / 1000).toFixed(1)} s CPU in ${(wallMs / 1000).toFixed(1)} s; ${os.cpus().length} cores`,
    ],
    ['memory: peak RSS / peak heap', `${mb(peakRss)} / ${mb(peakHeap)}`, `end RSS ${mb(endRss)}`],
    [
      'probes achieved vs scheduled',
      `${s.completed} / ${scheduled}`,
      `ratio ${(s.completed / scheduled).toFixed(3)}; ticks ${s.ticks}, skipped overrun ${s.skipped.overrun}, bulkhead_full ${s.skipped.bulkhead_full}, circuit_open ${s.skipped.circuit_open}`,
    ],
    ['results down', String(downs), [...categories].map(([k, v]) => `${k} ${v}`).join(', ') || '-'],
    [
      'store write throughput',
      `${(s.stored / (wallMs / 1000)).toFixed(0)} results/s`,
      `${s.stored} stored, ${s.storeErrors} errors (offered load ${(CONNECTIONS / (INTERVAL_MS / 1000)).toFixed(0)}/s)`,
    ],
    [
      'store bytes per 10k results',
      `${(((bytes / Math.max(1, s.stored)) * 10_000) / 1024).toFixed(0)} KB`,
      `${mb(bytes)} on disk incl. index and transitions`,
    ],
    ['abandoned at deadline', String(s.abandoned), ''],
    ['stop (drain in-flight, flush)', `${stopMs.toFixed(0)} ms`, ''],
  ];
  for (const [k, v, note] of rows) console.log(`  ${k.padEnd(32)} ${v.padStart(18)}   ${note}`);
}

async function overheadSimulated(): Promise<void> {
  const clock = new FakeClock();
  const quietSink: ResultSink = { appendProbe: async () => undefined, appendTransition: async () => undefined };
  let n = 0;
  const engine = new MonitorEngine({
    clock,
    sink: quietSink,
    probe: async (req) => {
      n++;
      return {
        connectionId: req.config.id,
        provider: req.config.provider,
        startedAt: clock.now(),
        state: 'up',
        timings: { totalMs: 2 },
        metrics: {},
      };
    },
    settings: { intervalMs: 5 * 60_000 },
  });
  engine.setConnections(configs(100, 5432, 'idle'));
  await engine.enable();
  const days = 7;
  const simulatedMs = days * 24 * 3600_000;
  const cpu0 = process.cpuUsage();
  // One-minute steps: the fake clock fires every due timer inside each step at its own time.
  for (let t = 0; t < simulatedMs; t += 60_000) await clock.advance(60_000);
  const cpu = process.cpuUsage(cpu0);
  await engine.stop(0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const expected = (100 * simulatedMs) / (5 * 60_000);
  console.log(`\nB1. Scheduler overhead, 100 connections every 5 min, ${days} simulated days (fake clock, instant probes)`);
  console.log(`  ${'probes run vs scheduled'.padEnd(32)} ${`${n} / ${expected}`.padStart(18)}`);
  console.log(
    `  ${'CPU per probe (engine only)'.padEnd(32)} ${`${((cpuMs / n) * 1000).toFixed(1)} µs`.padStart(18)}   includes the fake clock's own bookkeeping`,
  );
  console.log(
    `  ${'CPU % of wall time scheduled'.padEnd(32)} ${pct((cpuMs / simulatedMs) * 100).padStart(18)}   target < 2 % (ratio to target ${(((cpuMs / simulatedMs) * 100) / 2).toExponential(1)})`,
  );
}

async function overheadReal(pg: PgServer | undefined): Promise<void> {
  const port = pg ? pg.port : await closedPort();
  const quietSink: ResultSink = { appendProbe: async () => undefined, appendTransition: async () => undefined };
  const engine = new MonitorEngine({
    probe: (req) => runProbe(req),
    sink: quietSink,
    settings: { intervalMs: 5 * 60_000, maxStartJitterMs: 30_000 },
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  engine.setConnections(configs(100, port, 'real'));
  await engine.enable();
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  const s = engine.stats();
  await engine.stop();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `\nB2. 100 connections every 5 min on the real clock for ${IDLE_SECONDS} s, real probes (${pg ? 'PostgreSQL' : 'refused port'})`,
  );
  console.log(
    `  ${'probes in the window'.padEnd(32)} ${String(s.completed).padStart(18)}   (start jitter spreads the first round over 30 s; the next round is 5 min later)`,
  );
  console.log(
    `  ${'CPU % (engine + probes)'.padEnd(32)} ${pct((cpuMs / wallMs) * 100).padStart(18)}   target < 2 %; a full 5-min cycle averages lower (one round per 300 s)`,
  );
}

async function main(): Promise<void> {
  console.log(`engine bench: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
  let pg: PgServer | undefined;
  if (!postgresUnavailable()) {
    pg = await startPostgres({
      ssl: false,
      maxConnections: Math.max(100, CONCURRENCY * 2 + 10),
      hbaLines: ['host all all 127.0.0.1/32 trust'],
    });
  }
  try {
    await overheadSimulated();
    await loadBench(pg);
    await overheadReal(pg);
  } finally {
    await pg?.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
