/**
 * `npm run bench -- fleet` (part): the /metrics scrape of a monitor with 10,000 connections, over
 * the real HTTP listener, with per-phase histograms and with `phase="total"` only, side by side.
 * Each connection has seen one PostgreSQL-like result (every phase, saturation metrics, TLS).
 * Not yet here: the 10,000-entry run at 60 s against real servers (achieved vs scheduled, CPU, RSS).
 */
import { DbPulseMetrics } from '../src/server/metrics/registry';
import { startHttpServer } from '../src/server/serve/httpServer';
import { metricsRoutes } from '../src/server/serve/metricsRoutes';
import type { ProbeResult } from '../src/shared/probe';

const N = 10_000;
const RUNS = 5;

function result(id: string, i: number): ProbeResult {
  return {
    connectionId: id,
    provider: 'postgres',
    startedAt: Date.now(),
    state: i % 50 === 0 ? 'down' : 'up',
    timings: { dnsMs: 1, connectMs: 2 + (i % 7), tlsMs: 5, authMs: 3, firstQueryMs: 2, totalMs: 15 + (i % 30) },
    tls: { protocol: 'TLSv1.3', validTo: '2027-06-01T00:00:00.000Z' },
    metrics: {
      connections_used: i % 90,
      max_connections: 100,
      connections_reserved: 3,
      oldest_xact_age_s: 1,
      xid_wraparound_age: 1e6,
      cache_hit_ratio: 0.99,
      pg_stat_statements: true,
      in_recovery: false,
    },
  };
}

async function measure(phaseHistograms: boolean): Promise<{ medianMs: number; bytes: number; lines: number }> {
  const metrics = new DbPulseMetrics({ phaseHistograms });
  const ids = Array.from({ length: N }, (_, i) => `db-${i}`);
  metrics.setConnections(
    ids.map((id, i) => ({ id, provider: 'postgres', tags: [`env:${i % 3 ? 'prod' : 'staging'}`, `team:t${i % 20}`] })),
  );
  ids.forEach((id, i) => {
    metrics.observeProbe(result(id, i));
    metrics.observeBreaker(id, 'CLOSED');
  });
  const server = await startHttpServer({
    label: 'bench',
    address: { host: '127.0.0.1', port: 0 },
    routes: [metricsRoutes(metrics, () => ({ storeOpen: true, connectionsLoaded: true }))],
  });
  try {
    const times: number[] = [];
    let body = '';
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      body = await (await fetch(`${server.url}/metrics`)).text();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(RUNS / 2)], bytes: Buffer.byteLength(body), lines: body.split('\n').length };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const all = await measure(true);
  const total = await measure(false);
  const row = (name: string, m: { medianMs: number; bytes: number; lines: number }) =>
    console.log(
      `${name.padEnd(28)} scrape ${m.medianMs.toFixed(0).padStart(6)} ms  ${(m.bytes / 1e6).toFixed(1).padStart(6)} MB  ${m.lines} lines`,
    );
  console.log(`/metrics of ${N} connections (median of ${RUNS} scrapes over loopback HTTP; target < 250 ms)`);
  row('per-phase histograms', all);
  row('phase="total" only', total);
  console.log(
    `ratio per-phase / total-only: time ${(all.medianMs / total.medianMs).toFixed(2)}x, size ${(all.bytes / total.bytes).toFixed(2)}x`,
  );
  console.log(`RSS after both: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}

void main();
