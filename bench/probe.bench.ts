/**
 * Probe figures against real local servers (PostgreSQL 15 and MariaDB from
 * test/servers), printed side by side in one run:
 *   1. overhead: runProbe vs the bare driver doing connect + SELECT 1 + end to
 *      the same server, interleaved, sequential; median / p95 and the ratios
 *      (target ≤ 1.15×), plain TCP and TLS. Two probe modes side by side: with
 *      metrics (what a probe does when its metrics are due: the first one, and
 *      then at most once per MetricsCadence interval, 60 s by default) and
 *      liveness only (`collectMetrics: false`: what every other probe within the
 *      cadence does), plus the mix a 5-second probe loop amounts to (1 probe with
 *      metrics per 12);
 *   2. 200 connections probed at once with bounded concurrency, with metrics and
 *      in liveness mode: wall time, the server's peak memory (process tree RSS,
 *      sampled from /proc) and this process's peak RSS.
 *   npx tsx bench/probe.bench.ts        (BENCH_RUNS=200 BENCH_FLEET=200 BENCH_CONCURRENCY=16)
 */
import * as fs from 'node:fs';
import * as mysql from 'mysql2/promise';
import { Client } from 'pg';
import type { ConnectionConfig } from '../src/shared/connection';
import type { ProbeResult } from '../src/shared/probe';
import { runProbe } from '../src/server/probes/runProbe';
import { DEFAULT_METRICS_INTERVAL_MS, metricsSkipped } from '../src/server/probes/metricsCadence';
import { combinedMetricsSql } from '../src/server/probes/postgresMetrics';
import { mysqlMetricsSql } from '../src/server/probes/mysqlMetrics';
import { mariadbUnavailable, startMariaDb, type MariaServer } from '../test/servers/mariadb';
import { postgresUnavailable, startPostgres, type PgServer } from '../test/servers/postgres';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const FLEET = Number(process.env.BENCH_FLEET ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PASSWORD = 'bench-Pw-1234';
/** A 5-second probe loop under the default cadence: 1 probe in this many reads metrics. */
const LOOP_MS = 5_000;
const PROBES_PER_METRICS = Math.max(1, Math.round(DEFAULT_METRICS_INTERVAL_MS / LOOP_MS));

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const ms = (n: number) => `${n.toFixed(2)} ms`;
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

/** RSS (kB) of a process and all its descendants, from /proc. */
function treeRssKb(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = fs.readFileSync(`/proc/${d}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const vm = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(d), vm);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      /* process gone */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop() as number;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

function sampler(pid: number) {
  let peakServer = treeRssKb(pid);
  let peakSelf = process.memoryUsage().rss / 1024;
  const t = setInterval(() => {
    peakServer = Math.max(peakServer, treeRssKb(pid));
    peakSelf = Math.max(peakSelf, process.memoryUsage().rss / 1024);
  }, 10);
  return {
    baseline: peakServer,
    stop: () => {
      clearInterval(t);
      return { peakServer, peakSelf };
    },
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

interface Row {
  label: string;
  bare: number[];
  /** The bare driver sending the probe's own metrics SQL: separates framework overhead from the cost of measuring. */
  bareSql: number[];
  /** runProbe reading metrics (collectMetrics: true, the default). */
  probe: number[];
  /** runProbe in liveness mode (collectMetrics: false). */
  live: number[];
}

async function overhead(
  label: string,
  bare: () => Promise<void>,
  bareSql: () => Promise<void>,
  probe: (collectMetrics: boolean) => Promise<ProbeResult>,
): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) {
    await bare();
    await bareSql();
    const r = await probe(true);
    if (r.state !== 'up' || metricsSkipped(r.metrics))
      throw new Error(
        `${label}: probe with metrics not up, or without metrics, during warm-up: ${JSON.stringify(r.error ?? r.warnings ?? r.metrics)}`,
      );
    const l = await probe(false);
    if (l.state !== 'up' || !metricsSkipped(l.metrics))
      throw new Error(
        `${label}: liveness probe not up, or with metrics, during warm-up: ${JSON.stringify(l.error ?? l.warnings ?? l.metrics)}`,
      );
  }
  const row: Row = { label, bare: [], bareSql: [], probe: [], live: [] };
  const steps: Array<[number[], () => Promise<unknown>]> = [
    [row.bare, bare],
    [row.bareSql, bareSql],
    [row.probe, () => probe(true)],
    [row.live, () => probe(false)],
  ];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, rotating the order, so drift and caches hit all four equally.
    for (let k = 0; k < steps.length; k++) {
      const [into, fn] = steps[(i + k) % steps.length];
      into.push(await timed(fn));
    }
  }
  return row;
}

async function fleet(label: string, pid: number, config: (i: number) => ConnectionConfig, collectMetrics = true) {
  const s = sampler(pid);
  const configs = Array.from({ length: FLEET }, (_, i) => config(i));
  const states = { up: 0, degraded: 0, down: 0 };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < configs.length) {
        const c = configs[next++];
        const r = await runProbe({ config: c, secret: { password: PASSWORD }, collectMetrics });
        states[r.state]++;
      }
    }),
  );
  const wall = performance.now() - t0;
  const { peakServer, peakSelf } = s.stop();
  return { label, wall, states, baseline: s.baseline, peakServer, peakSelf };
}

async function main() {
  console.log(
    `Probe benchmark: ${RUNS} interleaved runs each (after ${WARMUP} warm-up), fleet of ${FLEET} at concurrency ${CONCURRENCY}; node ${process.version}`,
  );
  const rows: Row[] = [];
  const fleets: Array<Awaited<ReturnType<typeof fleet>>> = [];
  let pg: PgServer | undefined;
  let maria: MariaServer | undefined;
  try {
    const pgWhy = postgresUnavailable();
    if (pgWhy) console.log(`PostgreSQL skipped: ${pgWhy}`);
    else {
      pg = await startPostgres({ maxConnections: CONCURRENCY + 20 });
      await pg.admin(`CREATE ROLE bench LOGIN PASSWORD '${PASSWORD}'`);
      await pg.admin('CREATE DATABASE bench OWNER bench');
      const server = pg;
      const cfg = (tls: 'disable' | 'require', id = 'pg'): ConnectionConfig => ({
        id,
        name: id,
        provider: 'postgres',
        host: '127.0.0.1',
        port: server.port,
        user: 'bench',
        database: 'bench',
        tls: { mode: tls },
      });
      for (const tls of ['disable', 'require'] as const) {
        rows.push(
          await overhead(
            `PostgreSQL ${tls === 'disable' ? 'plain' : 'TLS'}`,
            async () => {
              const c = new Client({
                host: '127.0.0.1',
                port: server.port,
                user: 'bench',
                password: PASSWORD,
                database: 'bench',
                ssl: tls === 'disable' ? false : { rejectUnauthorized: false },
              });
              await c.connect();
              await c.query('SELECT 1');
              await c.end();
            },
            async () => {
              const c = new Client({
                host: '127.0.0.1',
                port: server.port,
                user: 'bench',
                password: PASSWORD,
                database: 'bench',
                ssl: tls === 'disable' ? false : { rejectUnauthorized: false },
              });
              await c.connect();
              await c.query(combinedMetricsSql(5000));
              await c.end();
            },
            (collectMetrics) => runProbe({ config: cfg(tls), secret: { password: PASSWORD }, collectMetrics }),
          ),
        );
      }
      fleets.push(await fleet('PostgreSQL plain', server.pid as number, (i) => cfg('disable', `pg-${i}`)));
      fleets.push(await fleet('PostgreSQL liveness', server.pid as number, (i) => cfg('disable', `pg-${i}`), false));
    }

    const myWhy = mariadbUnavailable();
    if (myWhy) console.log(`MariaDB skipped: ${myWhy}`);
    else {
      maria = await startMariaDb({ maxConnections: CONCURRENCY + 50 });
      await maria.admin(
        `CREATE DATABASE bench; CREATE USER 'bench'@'%' IDENTIFIED BY '${PASSWORD}'; GRANT SELECT ON bench.* TO 'bench'@'%'`,
      );
      const server = maria;
      const cfg = (tls: 'disable' | 'require', id = 'my'): ConnectionConfig => ({
        id,
        name: id,
        provider: 'mysql',
        host: '127.0.0.1',
        port: server.port,
        user: 'bench',
        database: 'bench',
        tls: { mode: tls },
      });
      for (const tls of ['disable', 'require'] as const) {
        rows.push(
          await overhead(
            `MariaDB ${tls === 'disable' ? 'plain' : 'TLS'}`,
            async () => {
              const c = await mysql.createConnection({
                host: '127.0.0.1',
                port: server.port,
                user: 'bench',
                password: PASSWORD,
                database: 'bench',
                ...(tls === 'disable' ? {} : { ssl: { rejectUnauthorized: false } }),
              });
              await c.query('SELECT 1');
              await c.end();
            },
            async () => {
              const c = await mysql.createConnection({
                host: '127.0.0.1',
                port: server.port,
                user: 'bench',
                password: PASSWORD,
                database: 'bench',
                multipleStatements: true,
                ...(tls === 'disable' ? {} : { ssl: { rejectUnauthorized: false } }),
              });
              await c.query(mysqlMetricsSql('mariadb', 5000));
              await c.end();
            },
            (collectMetrics) => runProbe({ config: cfg(tls), secret: { password: PASSWORD }, collectMetrics }),
          ),
        );
      }
      fleets.push(await fleet('MariaDB plain', server.pid as number, (i) => cfg('disable', `my-${i}`)));
      fleets.push(await fleet('MariaDB liveness', server.pid as number, (i) => cfg('disable', `my-${i}`), false));
    }
  } finally {
    await pg?.destroy();
    await maria?.destroy();
  }

  console.log('\n1. Probe vs bare driver (connect + SELECT 1 + end), same server, sequential, medians (p95)');
  console.log(
    "   \"bare + metrics SQL\" = the bare driver sending the probe's own metrics batch: the metrics probe's cost over it is the framework's.",
  );
  console.log('   "metrics" = a probe whose metrics are due; "liveness" = a probe within the metrics interval (collectMetrics: false).');
  console.log(
    `   "5 s loop" = mean cost per probe of a 5-second loop under the default ${DEFAULT_METRICS_INTERVAL_MS / 1000} s metrics cadence (1 metrics probe + ${PROBES_PER_METRICS - 1} liveness probes), over bare.`,
  );
  const cell = (xs: number[]) => `${ms(q(xs, 0.5))} (${q(xs, 0.95).toFixed(1)})`;
  const x = (n: number) => `${n.toFixed(2)}×`;
  console.log(
    `  ${'target'.padEnd(18)} ${'bare'.padStart(18)} ${'bare + metrics SQL'.padStart(20)} ${'probe: metrics'.padStart(18)} ${'probe: liveness'.padStart(18)} ${'metrics/bare'.padStart(13)} ${'metrics/bare+SQL'.padStart(17)} ${'liveness/bare'.padStart(14)} ${'5 s loop/bare'.padStart(14)}   target ≤ 1.15× (liveness/bare)`,
  );
  for (const r of rows) {
    const bm = q(r.bare, 0.5);
    const sm = q(r.bareSql, 0.5);
    const pm = q(r.probe, 0.5);
    const lm = q(r.live, 0.5);
    const loop = (pm + (PROBES_PER_METRICS - 1) * lm) / PROBES_PER_METRICS;
    console.log(
      `  ${r.label.padEnd(18)} ${cell(r.bare).padStart(18)} ${cell(r.bareSql).padStart(20)} ${cell(r.probe).padStart(18)} ${cell(r.live).padStart(18)} ${x(pm / bm).padStart(13)} ${x(pm / sm).padStart(17)} ${x(lm / bm).padStart(14)} ${x(loop / bm).padStart(14)}   ${lm / bm <= 1.15 ? 'met' : 'NOT met'}`,
    );
  }
  console.log(
    `\n2. ${FLEET} connections probed at once, concurrency ${CONCURRENCY} ("liveness": collectMetrics false, as within the metrics interval)`,
  );
  console.log(
    `  ${'target'.padEnd(20)} ${'wall'.padStart(10)} ${'per probe'.padStart(10)} ${'up/deg/down'.padStart(12)} ${'server RSS idle'.padStart(16)} ${'server RSS peak'.padStart(16)} ${'this process peak RSS'.padStart(22)}`,
  );
  for (const f of fleets) {
    console.log(
      `  ${f.label.padEnd(20)} ${ms(f.wall).padStart(10)} ${ms(f.wall / FLEET).padStart(10)} ${`${f.states.up}/${f.states.degraded}/${f.states.down}`.padStart(12)} ${mb(f.baseline).padStart(16)} ${mb(f.peakServer).padStart(16)} ${mb(f.peakSelf).padStart(22)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
