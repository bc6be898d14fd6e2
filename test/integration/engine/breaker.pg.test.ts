/**
 * The scheduler against a real PostgreSQL that is stopped and restarted
 * mid-run, through the real probe (runProbe + node-postgres) into the real
 * history store: the circuit opens, half-opens, closes, and the store shows it.
 * Short intervals and breaker timings (settings), the real clock.
 */
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MonitorEngine } from '../../../src/server/engine/engine';
import type { EngineEvent } from '../../../src/server/engine/events';
import { runProbe } from '../../../src/server/probes/runProbe';
import { HistoryStore } from '../../../src/server/store';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';

const PASSWORD = 'Engine-Pw-4411';

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('integration: engine against PostgreSQL stopped and restarted', function () {
  this.timeout(120_000);
  let pg: PgServer | undefined;
  let dir: string;

  before(async function () {
    const why = postgresUnavailable();
    if (why) {
      this.skip();
      return;
    }
    pg = await startPostgres({ ssl: false });
    await pg.admin(`CREATE ROLE monitor LOGIN PASSWORD '${PASSWORD}'`);
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dbpulse-engine-pg-'));
  });

  after(async () => {
    await pg?.destroy();
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
  });

  it('opens the circuit while the server is down, half-opens after the wait, closes once it is back; history shows it', async () => {
    const server = pg!;
    const config: ConnectionConfig = {
      id: 'pg-it',
      name: 'pg integration',
      provider: 'postgres',
      host: '127.0.0.1',
      port: server.port,
      user: 'monitor',
      database: 'postgres',
      tls: { mode: 'disable' },
      connectTimeoutMs: 2000,
      statementTimeoutMs: 2000,
    };
    const store = await HistoryStore.open({ dir, role: 'writer' });
    const events: EngineEvent[] = [];
    const engine = new MonitorEngine({
      probe: (req) => runProbe(req),
      secrets: async () => ({ password: PASSWORD }),
      sink: store,
      settings: {
        intervalMs: 500,
        minIntervalMs: 100,
        maxStartJitterMs: 0,
        backoffInitialMs: 100,
        backoffMaxMs: 400,
        breakerFailureThreshold: 5,
        breakerWindowMs: 60_000,
        breakerHalfOpenAfterMs: 2_000,
      },
    });
    engine.on((e) => events.push(e));
    const breakerSeq = (): string[] =>
      events.filter((e): e is Extract<EngineEvent, { type: 'breaker' }> => e.type === 'breaker').map((e) => e.to);
    try {
      engine.setConnections([config]);
      await engine.enable();
      await until('a first up result', () => engine.status('pg-it')?.health === 'up', 20_000);

      await server.stop();
      await until('the circuit to open', () => breakerSeq().includes('OPEN'), 30_000);
      const openedAt = Date.now();
      await until('the circuit to half-open', () => breakerSeq().includes('HALF_OPEN'), 10_000);
      assert.ok(Date.now() - openedAt >= 1_500, 'half-open came after the wait, not at once');
      // With the server still down, the trial fails and the circuit opens again.
      await until('a failed trial', () => breakerSeq().filter((s) => s === 'OPEN').length >= 2, 10_000);
      const probesWhileOpen = events.filter((e) => e.type === 'skipped' && e.reason === 'circuit_open').length;
      assert.ok(probesWhileOpen >= 1, 'ticks during OPEN were skipped');

      await server.start();
      await until(
        'the circuit to close',
        () => engine.status('pg-it')?.breaker === 'CLOSED' && engine.status('pg-it')?.health === 'up',
        30_000,
      );
    } finally {
      await engine.stop();
      await store.close();
    }

    const seq = breakerSeq();
    assert.deepEqual(seq.slice(0, 3), ['OPEN', 'HALF_OPEN', 'OPEN']);
    assert.deepEqual(seq.slice(-2), ['HALF_OPEN', 'CLOSED']);

    const reader = await HistoryStore.open({ dir, role: 'reader' });
    try {
      const transitions = await reader.transitions({ connectionId: 'pg-it' });
      const breaker = transitions.filter((t) => t.kind === 'breaker').map((t) => t.to);
      assert.deepEqual(breaker, seq, 'every breaker transition is in the history');
      const health = transitions.filter((t) => t.kind === 'health').map((t) => `${t.from ?? 'unknown'}->${t.to}`);
      assert.deepEqual(health, ['unknown->up', 'up->down', 'down->up']);
      const results = await reader.lastResults('pg-it', 1000);
      const downs = results.filter((r) => r.state === 'down');
      assert.ok(downs.length >= 5, `${downs.length} failed probes stored`);
      assert.ok(
        downs.every(
          (r) =>
            r.error?.category === 'conn_refused' || r.error?.category === 'server_unavailable' || r.error?.category === 'connection_reset',
        ),
        JSON.stringify(downs.map((r) => r.error?.category)),
      );
      assert.equal(results[0].state, 'up', 'latest result is up');
      assert.doesNotMatch(JSON.stringify(results), new RegExp(PASSWORD));
      assert.equal(reader.latestState('pg-it')?.breaker, 'CLOSED');
    } finally {
      await reader.close();
    }
  });
});
