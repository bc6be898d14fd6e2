/**
 * The monitoring engine's use of MetricsCadence (fake clock, scripted probe):
 * scheduled probes read metrics at most every `metricsIntervalMs` per
 * connection and check liveness in between; manual probes always read them.
 * (In test/unit/probes by file ownership; it exercises src/server/engine/engine.ts.)
 */
import * as assert from 'node:assert/strict';
import type { ConnectionConfig } from '../../../src/shared/connection';
import type { HealthState, ProbeResult } from '../../../src/shared/probe';
import { MonitorEngine } from '../../../src/server/engine/engine';
import type { EngineSettings } from '../../../src/server/engine/defaults';
import type { EngineProbeRequest } from '../../../src/server/engine/deadline';
import { FakeClock, seededRandom } from '../engine/support/fakeClock';

const S = 1000;
const MIN = 60 * S;

interface Call {
  id: string;
  at: number;
  collectMetrics: boolean | undefined;
}

/** A probe that honours collectMetrics like the real providers; per-connection state scripted by the test. */
function scriptedProbe(clock: FakeClock) {
  const calls: Call[] = [];
  const states = new Map<string, HealthState>();
  const runner = async (req: EngineProbeRequest): Promise<ProbeResult> => {
    calls.push({ id: req.config.id, at: clock.now(), collectMetrics: req.collectMetrics });
    const state = states.get(req.config.id) ?? 'up';
    const base = { connectionId: req.config.id, provider: req.config.provider, startedAt: clock.now(), timings: { totalMs: 4 } };
    if (state === 'down')
      return { ...base, state, metrics: {}, error: { message: 'connect ECONNREFUSED', code: 'ECONNREFUSED', category: 'conn_refused' } };
    if (req.collectMetrics === false) return { ...base, state: 'up', metrics: { metrics_skipped: true } };
    return { ...base, state, metrics: { connections_used: calls.length, max_connections: 100 } };
  };
  const metricsAt = (id: string) => calls.filter((c) => c.id === id && c.collectMetrics !== false).map((c) => c.at);
  const of = (id: string) => calls.filter((c) => c.id === id);
  return { calls, states, runner, metricsAt, of };
}

function pg(id: string, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id, name: id, provider: 'postgres', host: '127.0.0.1', port: 5432, user: 'app', database: 'app', ...extra };
}

function setup(settings: Partial<EngineSettings> = {}) {
  const clock = new FakeClock();
  const probe = scriptedProbe(clock);
  const engine = new MonitorEngine({ probe: probe.runner, clock, random: seededRandom(3), settings: { maxStartJitterMs: 0, ...settings } });
  return { clock, probe, engine };
}

describe('engine + MetricsCadence (fake clock)', () => {
  it('a 5-second loop reads metrics on its first probe and then once a minute; the probes in between are liveness checks', async () => {
    const { clock, probe, engine } = setup();
    engine.setConnections([pg('a', { interval: 5 * S })]);
    await engine.enable();
    await clock.advanceBy(10 * MIN + 5 * S + 1, 500);
    const all = probe.of('a');
    assert.ok(all.length >= 120, `probes: ${all.length}`);
    const metrics = probe.metricsAt('a');
    const t0 = all[0].at;
    assert.deepEqual(
      metrics.map((t) => (t - t0) / S),
      [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600],
    );
    assert.ok(
      all.every((c) => typeof c.collectMetrics === 'boolean'),
      'the engine always says which',
    );
    // Between two metric reads the status keeps the last figures.
    const st = engine.status('a');
    assert.deepEqual(st?.lastResult?.metrics, { metrics_skipped: true });
    assert.equal(st?.lastMetrics?.startedAt, metrics[metrics.length - 1]);
    assert.equal(st?.lastMetrics?.metrics.max_connections, 100);
    await engine.stop(0);
  });

  it('a 5-minute loop reads metrics on every probe', async () => {
    const { clock, probe, engine } = setup();
    engine.setConnections([pg('a')]);
    await engine.enable();
    await clock.advanceBy(31 * MIN, 1000);
    const all = probe.of('a');
    assert.equal(all.length, 7);
    assert.ok(
      all.every((c) => c.collectMetrics === true),
      JSON.stringify(all),
    );
    await engine.stop(0);
  });

  it('a minute cron with 5 s jitter reads metrics on every tick', async () => {
    const { clock, probe, engine } = setup({ cronJitterMs: 5 * S });
    engine.setConnections([pg('a', { interval: '* * * * *' })]);
    await engine.enable();
    await clock.advanceBy(20 * MIN, 1000);
    const all = probe.of('a');
    assert.ok(all.length >= 19, `ticks: ${all.length}`);
    assert.ok(
      all.every((c) => c.collectMetrics === true),
      JSON.stringify(all.map((c) => [(c.at - all[0].at) / S, c.collectMetrics])),
    );
    await engine.stop(0);
  });

  it('a manual probe always reads metrics, and restarts the interval', async () => {
    const { clock, probe, engine } = setup();
    engine.setConnections([pg('a', { interval: 10 * S })]);
    await engine.enable();
    await clock.advance(1);
    assert.equal(probe.of('a')[0].collectMetrics, true);
    await clock.advance(20 * S);
    const manual = await engine.probeNow('a');
    assert.equal(manual.metrics.max_connections, 100);
    assert.equal(probe.of('a').at(-1)?.collectMetrics, true);
    const manualAt = probe.of('a').at(-1)!.at;
    await clock.advanceBy(59 * S - 1, 500);
    assert.ok(
      probe
        .of('a')
        .filter((c) => c.at > manualAt)
        .every((c) => c.collectMetrics === false),
      'within a minute of the manual probe: liveness',
    );
    await engine.stop(0);
  });

  it('after a failure the next successful probe reads metrics at once, without waiting for the interval', async () => {
    const { clock, probe, engine } = setup({ maxRetries: 0, breakerFailureThreshold: 100 });
    engine.setConnections([pg('a', { interval: 5 * S })]);
    await engine.enable();
    await clock.advanceBy(12 * S, 500); // probes at 0 (metrics), 5, 10 (liveness)
    assert.deepEqual(
      probe.of('a').map((c) => c.collectMetrics),
      [true, false, false],
    );
    probe.states.set('a', 'down');
    await clock.advanceBy(10 * S, 500); // 15, 20: down
    probe.states.set('a', 'up');
    const before = probe.of('a').length;
    await clock.advanceBy(10 * S, 500); // 25: back up, reads metrics; 30: liveness
    assert.deepEqual(
      probe
        .of('a')
        .slice(before)
        .map((c) => c.collectMetrics),
      [true, false],
    );
    // A connection whose probes all failed gets metrics on its first success.
    engine.setConnections([pg('a', { interval: 5 * S }), pg('b', { interval: 5 * S })]);
    probe.states.set('b', 'down');
    await clock.advanceBy(20 * S, 500);
    probe.states.set('b', 'up');
    const nb = probe.of('b').length;
    await clock.advanceBy(10 * S, 500);
    assert.deepEqual(
      probe
        .of('b')
        .slice(nb)
        .map((c) => c.collectMetrics),
      [true, false],
    );
    await engine.stop(0);
  });

  it('a changed endpoint or a removed connection starts afresh: its next probe reads metrics', async () => {
    const { clock, probe, engine } = setup();
    engine.setConnections([pg('a', { interval: 5 * S })]);
    await engine.enable();
    await clock.advanceBy(11 * S, 500);
    assert.equal(probe.of('a').at(-1)?.collectMetrics, false);
    engine.setConnections([pg('a', { interval: 5 * S, port: 6543 })]);
    assert.equal(engine.status('a')?.lastMetrics, undefined, 'the old endpoint’s figures are gone');
    const n = probe.of('a').length;
    await clock.advanceBy(6 * S, 500);
    assert.equal(probe.of('a')[n].collectMetrics, true);
    // A rename is not a new endpoint.
    engine.setConnections([pg('a', { interval: 5 * S, port: 6543, name: 'renamed' })]);
    const m = probe.of('a').length;
    await clock.advanceBy(6 * S, 500);
    assert.equal(probe.of('a')[m].collectMetrics, false);
    engine.setConnections([]);
    engine.setConnections([pg('a', { interval: 5 * S, port: 6543 })]);
    const k = probe.of('a').length;
    await clock.advanceBy(6 * S, 500);
    assert.equal(probe.of('a')[k].collectMetrics, true);
    await engine.stop(0);
  });

  it('metricsIntervalMs: 0 reads metrics on every probe; the connections keep separate cadences', async () => {
    const { clock, probe, engine } = setup({ metricsIntervalMs: 0 });
    engine.setConnections([pg('a', { interval: 5 * S }), pg('b', { interval: 5 * S })]);
    await engine.enable();
    await clock.advanceBy(30 * S, 500);
    assert.ok(probe.calls.length >= 12);
    assert.ok(probe.calls.every((c) => c.collectMetrics === true));
    await engine.stop(0);
  });
});
