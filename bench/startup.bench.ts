/**
 * Server start → first diagnostics, as the editor starts it: `dist/server.js` with a workspace
 * storage folder that already holds history (so the monitoring service opens its store, with
 * maintenance, and the diagnosis statistics), until the first `publishDiagnostics` for an opened
 * .env. Printed as a ratio to a bare `node -e` start in the same run (interleaved, median of N);
 * target ≤ 1.5×. With BENCH_BASELINE_DIST=<another build's dist folder> (e.g. main's), that build's
 * server is timed in the same rounds, side by side.
 *   npx tsx bench/startup.bench.ts        (npm run bench -- startup)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProbeResult } from '../src/shared/probe';
import { HistoryStore } from '../src/server/store';
import { median, timeBareNode, timeFirstDiagnostics } from './lspStartup';

const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET = 1.5;
/** 10 connections × 7 days at one probe per 5 minutes: about 20,000 results. */
const CONNECTIONS = 10;
const DAYS = 7;
const STEP_MS = 5 * 60_000;

async function seedHistory(dir: string): Promise<number> {
  const store = await HistoryStore.open({ dir, role: 'writer' });
  const end = Date.now();
  let n = 0;
  for (let t = end - DAYS * 86_400_000; t < end; t += STEP_MS) {
    for (let c = 0; c < CONNECTIONS; c++) {
      const down = (t / STEP_MS + c) % 97 === 0;
      const r: ProbeResult = {
        connectionId: `conn-${c}`,
        provider: 'postgres',
        startedAt: t,
        state: down ? 'down' : 'up',
        timings: { totalMs: 20 + ((t / STEP_MS) % 13), connectMs: 5 },
        metrics: { active_connections: 5 + (c % 7) },
        ...(down
          ? { error: { message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED', category: 'conn_refused' as const } }
          : {}),
      };
      await store.appendProbe(r);
      n++;
    }
  }
  await store.close();
  return n;
}

async function main(): Promise<void> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-bench-startup-ws-'));
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-bench-startup-storage-'));
  fs.writeFileSync(path.join(ws, '.env'), 'DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app\n');
  const seeded = await seedHistory(path.join(storage, 'history'));
  const servers: Array<{ label: string; js: string }> = [{ label: 'this build', js: path.join(root, 'dist', 'server.js') }];
  const baseline = process.env.BENCH_BASELINE_DIST;
  if (baseline) servers.push({ label: `baseline (${baseline})`, js: path.join(path.resolve(baseline), 'server.js') });
  const options = { storagePath: storage };

  const bare: number[] = [];
  const times = servers.map(() => ({ none: [] as number[], storage: [] as number[] }));
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timeBareNode());
    for (const [k, s] of servers.entries()) {
      times[k]!.none.push(await timeFirstDiagnostics(s.js, ws));
      times[k]!.storage.push(await timeFirstDiagnostics(s.js, ws, options));
    }
  }
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(storage, { recursive: true, force: true });

  const b = median(bare);
  console.log(`Server start → first diagnostics (median of ${RUNS}, interleaved; history of ${seeded} results in the storage folder)`);
  console.log(`  bare node -e start → first output            ${b.toFixed(1).padStart(7)} ms   1.00×`);
  for (const [k, s] of servers.entries()) {
    for (const [what, xs] of [
      ['no storage folder', times[k]!.none],
      ['storage folder with history', times[k]!.storage],
    ] as const) {
      const m = median(xs);
      console.log(`  ${`${s.label}, ${what}`.padEnd(45)} ${m.toFixed(1).padStart(7)} ms   ${(m / b).toFixed(2)}×`);
    }
  }
  console.log(`target: ≤ ${TARGET.toFixed(1)}× a bare node start`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
