/**
 * The scheduler against a real PostgreSQL that is stopped and restarted
 * mid-run, through the real probe (runProbe + node-postgres) into the real
 * history store: the circuit opens, half-opens, closes, and the store shows it.
 * Short intervals (settings) on the real clock; the breaker's half-open wait is long (10 min) and
 * passes only when the test moves the engine's clock forward, so "half-open after the wait" is
 * shown by the order of events, not by measuring elapsed time.
 */
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock, type Clock, type TimerHandle } from '../../../src/server/engine/clock';
import { MonitorEngine } from '../../../src/server/engine/engine';
import type { EngineEvent } from '../../../src/server/engine/events';
import { runProbe } from '../../../src/server/probes/runProbe';
import { HistoryStore } from '../../../src/server/store';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';

const PASSWORD = 'Engine-Pw-4411';
const HALF_OPEN_AFTER_MS = 10 * 60_000;

interface PendingTimer {
  due: number;
  fn: () => void;
  handle?: TimerHandle;
}

/** The real clock, which the test can move forward: timers run in real time and fire early when a jump passes their due time. */
class JumpingClock implements Clock {
  private offsetMs = 0;
  private readonly pending = new Set<PendingTimer>();
  now(): number {
    return Date.now() + this.offsetMs;
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    const t: PendingTimer = { due: this.now() + Math.max(0, ms), fn };
    this.pending.add(t);
    this.arm(t);
    return {
      cancel: () => {
        t.handle?.cancel();
        this.pending.delete(t);
      },
    };
  }
  jump(ms: number): void {
    this.offsetMs += ms;
    for (const t of this.pending) {
      t.handle?.cancel();
      this.arm(t);
    }
  }
  private arm(t: PendingTimer): void {
    t.handle = systemClock.setTimer(() => {
      this.pending.delete(t);
      t.fn();
    }, t.due - this.now());
  }
}

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
    const clock = new JumpingClock();
    const engine = new MonitorEngine({
      clock,
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
        breakerHalfOpenAfterMs: HALF_OPEN_AFTER_MS,
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
      // Ticks keep coming while the clock has not moved: each is skipped, and the circuit stays open.
      const skippedWhileOpen = () => events.filter((e) => e.type === 'skipped' && e.reason === 'circuit_open').length;
      await until('two ticks skipped while the circuit is open', () => skippedWhileOpen() >= 2, 20_000);
      assert.deepEqual(breakerSeq(), ['OPEN'], 'the circuit left OPEN before its wait had passed on the clock');
      // The wait passes on the engine's clock: the next tick half-opens, and the trial (server still down) reopens.
      clock.jump(HALF_OPEN_AFTER_MS);
      await until('a failed trial', () => breakerSeq().filter((s) => s === 'OPEN').length >= 2, 20_000);
      assert.deepEqual(breakerSeq(), ['OPEN', 'HALF_OPEN', 'OPEN']);

      await server.start();
      clock.jump(HALF_OPEN_AFTER_MS);
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
