/**
 * Advisor figures on a real PostgreSQL 15 (test/servers) holding 10,000 tables
 * and 20,000 indexes (a primary key and one secondary index each, a foreign key
 * on every tenth), created by this bench. Side by side in one run, interleaved:
 *   advisor  runAdvisors over an open session: every catalog query inside its
 *            read-only transaction with local timeouts, the analysis and the cost report;
 *   bare     the same catalog SELECTs sent bare over the same kind of session.
 * Printed: wall time (median, max), statements sent, and the server backend's
 * CPU time (utime + stime from /proc, the load on the server), with the ratios.
 * Target: advisor under 2 s and at most 1.2× bare.
 *   npx tsx bench/advise.bench.ts      (BENCH_TABLES=10000 BENCH_RUNS=5)
 */
import * as fs from 'node:fs';
import { Client } from 'pg';
import type { ConnectionConfig } from '../src/shared/connection';
import { runAdvisors } from '../src/server/advisors';
import { collectPostgres, pgSession } from '../src/server/advisors/postgres/collect';
import { PG_SETTINGS_SQL, pgQueries, type PgSettingsRow } from '../src/server/advisors/postgres/queries';
import { postgresUnavailable, startPostgres } from '../test/servers/postgres';

const TABLES = Number(process.env.BENCH_TABLES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PASSWORD = 'bench-Adv1se-pw';
const TICK = 100; // USER_HZ on Linux

function backendCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const why = postgresUnavailable();
  if (why) {
    console.log(`skipped: ${why}`);
    return;
  }
  const pg = await startPostgres({ maxConnections: 20 });
  try {
    await pg.admin(`CREATE ROLE app LOGIN PASSWORD '${PASSWORD}'; GRANT pg_monitor TO app;`);
    await pg.admin('CREATE DATABASE big OWNER app');
    await pg.admin('CREATE EXTENSION pg_stat_statements', 'big');
    const t0 = Date.now();
    const chunk = 500;
    for (let start = 0; start < TABLES; start += chunk) {
      const ddl: string[] = [];
      for (let i = start; i < Math.min(TABLES, start + chunk); i++) {
        const fk = i % 10 === 9 ? `, parent int REFERENCES t${i - 1}(id)` : '';
        ddl.push(`CREATE TABLE t${i} (id int PRIMARY KEY, v int${fk}); CREATE INDEX t${i}_v ON t${i} (v);`);
      }
      await pg.admin(`SET ROLE app; ${ddl.join('\n')}`, 'big');
    }
    const counts = await pg.admin<{ tables: string; indexes: string }>(
      'SELECT (SELECT count(*) FROM pg_stat_user_tables)::text AS tables, (SELECT count(*) FROM pg_stat_user_indexes)::text AS indexes',
      'big',
    );
    console.log(
      `catalog: ${counts[0].tables} tables, ${counts[0].indexes} indexes (created in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );

    const connect = async () => {
      const c = new Client({ host: '127.0.0.1', port: pg.port, user: 'app', password: PASSWORD, database: 'big', ssl: false });
      await c.connect();
      const pid = Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
      return { c, pid };
    };
    const config: ConnectionConfig = {
      id: 'bench',
      name: 'bench',
      provider: 'postgres',
      host: '127.0.0.1',
      port: pg.port,
      user: 'app',
      database: 'big',
    };
    const adv: { ms: number; cpu: number; statements: number; findings: number }[] = [];
    const bare: { ms: number; cpu: number; statements: number }[] = [];
    const wrapped: { ms: number; cpu: number; statements: number }[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      {
        const { c, pid } = await connect();
        const session = pgSession(c);
        const cpu0 = backendCpuMs(pid);
        const s = performance.now();
        const report = await runAdvisors(config, { password: PASSWORD }, { pgSession: session, timeoutMs: 30_000 });
        const ms = performance.now() - s;
        if (run > 0) adv.push({ ms, cpu: backendCpuMs(pid) - cpu0, statements: session.statements, findings: report.findings.length });
        await c.end();
      }
      {
        // The advisor's queries alone (read-only transactions, timeouts), without analysis, cost or redaction.
        const { c, pid } = await connect();
        const session = pgSession(c);
        const cpu0 = backendCpuMs(pid);
        const s = performance.now();
        await collectPostgres(session, 30_000);
        const ms = performance.now() - s;
        if (run > 0) wrapped.push({ ms, cpu: backendCpuMs(pid) - cpu0, statements: session.statements });
        await c.end();
      }
      {
        const { c, pid } = await connect();
        const cpu0 = backendCpuMs(pid);
        let statements = 0;
        const s = performance.now();
        const settings = (await c.query(PG_SETTINGS_SQL)).rows[0] as PgSettingsRow;
        statements++;
        for (const q of Object.values(pgQueries(settings))) {
          if (!q.sql) continue;
          statements++;
          await c.query(q.sql).catch(() => undefined);
        }
        const ms = performance.now() - s;
        if (run > 0) bare.push({ ms, cpu: backendCpuMs(pid) - cpu0, statements });
        await c.end();
      }
    }
    const am = median(adv.map((x) => x.ms));
    const bm = median(bare.map((x) => x.ms));
    const ac = median(adv.map((x) => x.cpu));
    const bc = median(bare.map((x) => x.cpu));
    console.log(`runs: ${RUNS} each, interleaved, after one warm-up each`);
    console.log(`                 wall median   wall max   statements   backend CPU (median)`);
    console.log(
      `advisor (full)   ${am.toFixed(0).padStart(8)} ms ${Math.max(...adv.map((x) => x.ms))
        .toFixed(0)
        .padStart(7)} ms ${String(adv[0].statements).padStart(10)}   ${ac.toFixed(0)} ms   (${adv[0].findings} findings)`,
    );
    const wm = median(wrapped.map((x) => x.ms));
    console.log(
      `advisor queries  ${wm.toFixed(0).padStart(8)} ms ${Math.max(...wrapped.map((x) => x.ms))
        .toFixed(0)
        .padStart(
          7,
        )} ms ${String(wrapped[0].statements).padStart(10)}   ${median(wrapped.map((x) => x.cpu)).toFixed(0)} ms   (collect only: no analysis, cost, redaction)`,
    );
    console.log(
      `bare queries     ${bm.toFixed(0).padStart(8)} ms ${Math.max(...bare.map((x) => x.ms))
        .toFixed(0)
        .padStart(7)} ms ${String(bare[0].statements).padStart(10)}   ${bc.toFixed(0)} ms`,
    );
    console.log(
      `ratio advisor queries/bare: wall ${(wm / bm).toFixed(2)}×; analysis + cost + redaction of the findings: ${(am - wm).toFixed(0)} ms`,
    );
    console.log(
      `ratio advisor/bare: wall ${(am / bm).toFixed(2)}×, backend CPU ${(ac / Math.max(bc, 1)).toFixed(2)}× (target ≤ 1.2×; advisor target < 2000 ms)`,
    );
    console.log('statements: the advisor wraps each catalog query in BEGIN READ ONLY, three SET LOCALs and COMMIT, in the same round trip');
  } finally {
    await pg.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
