import * as assert from 'node:assert/strict';
import type { ProbeResult } from '../../../src/shared/probe';
import { MonitorEngine, type EngineOptions } from '../../../src/server/engine/engine';
import type { EngineEvent, ResultSink, TransitionRecord } from '../../../src/server/engine/events';
import { defaultMonitorState } from '../../../src/server/engine/monitorState';
import { FakeClock, seededRandom } from './support/fakeClock';
import { FakeProbe, pgConfig } from './support/fakeProbe';

const S = 1000;
const MIN = 60 * S;

class MemorySink implements ResultSink {
  results: ProbeResult[] = [];
  transitions: TransitionRecord[] = [];
  async appendProbe(r: ProbeResult): Promise<void> {
    this.results.push(r);
  }
  async appendTransition(t: TransitionRecord): Promise<void> {
    this.transitions.push(t);
  }
}

function setup(opts: Partial<EngineOptions> = {}) {
  const clock = new FakeClock();
  const probe = new FakeProbe(clock);
  const sink = new MemorySink();
  const events: EngineEvent[] = [];
  const engine = new MonitorEngine({ probe: probe.runner, sink, clock, random: seededRandom(7), ...opts });
  engine.on((e) => events.push(e));
  const of = <T extends EngineEvent['type']>(type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  return { clock, probe, sink, events, engine, of };
}

describe('engine/engine (fake clock)', () => {
  it('retries a failing probe after 1, 2, 4, 8 s (±25%) and opens the circuit on the 5th failure', async () => {
    const { clock, probe, engine, of } = setup({ random: () => 0.5, settings: { intervalMs: 5 * MIN, maxStartJitterMs: 0 } });
    probe.set('*', 'down');
    engine.setConnections([pgConfig('a')]);
    await engine.enable();
    await clock.advanceBy(2 * MIN, 50);
    const at = probe.callsFor('a').map((c) => c.at - probe.calls[0].at);
    assert.deepEqual(at, [0, 1 * S, 3 * S, 7 * S, 15 * S], 'attempt times (random 0.5 = nominal delays)');
    assert.deepEqual(
      of('retry').map((e) => e.delayMs),
      [1 * S, 2 * S, 4 * S, 8 * S],
    );
    const breaker = of('breaker');
    assert.deepEqual(
      breaker.map((e) => e.to),
      ['OPEN', 'HALF_OPEN'],
    );
    assert.equal(breaker[0].at - probe.calls[0].at, 15 * S);
    assert.equal(breaker[1].at - breaker[0].at, 30 * S, 'half-open 30 s after opening');
    const results = of('result');
    assert.deepEqual(
      results.map((r) => r.final),
      [false, false, false, false, true],
    );
    await engine.stop(0);
  });

  it('retry delays stay inside ±25% with real randomness', async () => {
    const { clock, probe, engine, of } = setup({ random: Math.random, settings: { maxStartJitterMs: 0, breakerFailureThreshold: 100 } });
    probe.set('*', 'down');
    engine.setConnections([pgConfig('a'), pgConfig('b'), pgConfig('c')]);
    await engine.enable();
    await clock.advanceBy(60 * S, 50);
    const nominal = [1, 2, 4, 8, 16].map((s) => s * S);
    const retries = of('retry');
    assert.equal(retries.length, 15);
    for (const r of retries) {
      const n = nominal[r.attempt - 1];
      assert.ok(r.delayMs >= 0.75 * n && r.delayMs <= 1.25 * n, `attempt ${r.attempt}: ${r.delayMs} vs ${n}`);
    }
    for (const id of ['a', 'b', 'c']) {
      const calls = probe.callsFor(id);
      assert.equal(calls.length, 6, `${id}: 1 attempt + 5 retries`);
      const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
      gaps.forEach((g, i) => assert.ok(g >= 0.75 * nominal[i] && g <= 1.25 * nominal[i] + 50, `${id} gap ${i}: ${g}`));
    }
    await engine.stop(0);
  });

  it('half-open: the next tick is the trial; success closes the circuit, and health and breaker transitions reach the store', async () => {
    const { clock, probe, engine, sink, of } = setup({
      random: () => 0.5,
      settings: { intervalMs: 10 * S, minIntervalMs: 1, maxStartJitterMs: 0 },
    });
    probe.set('a', 'up');
    engine.setConnections([pgConfig('a')]);
    await engine.enable();
    await clock.advanceBy(15 * S);
    probe.set('a', 'down');
    // Tick at +20 s fails, retries at +21, +23, +27, +35 s: the 5th failure opens the circuit; half-open at +65 s.
    await clock.advanceBy(50 * S);
    assert.equal(engine.status('a')?.breaker, 'HALF_OPEN');
    const skippedWhileOpen = of('skipped').filter((e) => e.reason === 'circuit_open').length;
    assert.ok(skippedWhileOpen >= 1, 'ticks while OPEN are skipped, not probed');
    probe.set('a', 'up');
    await clock.advanceBy(10 * S);
    assert.equal(engine.status('a')?.breaker, 'CLOSED');
    assert.equal(engine.status('a')?.health, 'up');
    assert.deepEqual(
      of('breaker').map((e) => e.to),
      ['OPEN', 'HALF_OPEN', 'CLOSED'],
    );
    assert.deepEqual(
      of('health').map((e) => `${e.from}->${e.to}`),
      ['unknown->up', 'up->down', 'down->up'],
    );
    assert.deepEqual(
      sink.transitions.map((t) => `${t.kind}:${t.to}`),
      ['health:up', 'breaker:OPEN', 'health:down', 'breaker:HALF_OPEN', 'breaker:CLOSED', 'health:up'],
    );
    assert.equal(sink.results.length, of('result').length, 'every result reached the store');
    await engine.stop(0);
  });

  it('a failed trial keeps the circuit open for another 30 s', async () => {
    const { clock, probe, engine, of } = setup({
      random: () => 0.5,
      settings: { intervalMs: 5 * S, minIntervalMs: 1, maxStartJitterMs: 0 },
    });
    probe.set('*', 'down');
    engine.setConnections([pgConfig('a')]);
    await engine.enable();
    await clock.advanceBy(2 * MIN);
    const transitions = of('breaker').map((e) => e.to);
    assert.deepEqual(transitions.slice(0, 5), ['OPEN', 'HALF_OPEN', 'OPEN', 'HALF_OPEN', 'OPEN']);
    const opens = of('breaker').filter((e) => e.to === 'OPEN');
    const halfs = of('breaker').filter((e) => e.to === 'HALF_OPEN');
    halfs.forEach((h, i) => assert.equal(h.at - opens[i].at, 30 * S));
    // While OPEN, no probe ran: every call is either in the first round or a trial.
    const trials = probe.callsFor('a').length - 5;
    assert.equal(trials, halfs.length - (engine.status('a')?.breaker === 'HALF_OPEN' ? 1 : 0));
    await engine.stop(0);
  });

  it('spreads start times over [0, min(interval, maxStartJitter))', async () => {
    const { clock, probe, engine } = setup({ random: Math.random, settings: { intervalMs: 60 * S, maxStartJitterMs: 20 * S } });
    const ids = Array.from({ length: 200 }, (_, i) => `c${i}`);
    engine.setConnections(ids.map((id) => pgConfig(id)));
    const t0 = clock.now();
    await engine.enable();
    await clock.advanceBy(20 * S, 250);
    const firsts = ids.map((id) => probe.callsFor(id)[0]?.at);
    assert.ok(
      firsts.every((t) => t !== undefined),
      'every connection probed within the jitter window',
    );
    const offsets = firsts.map((t) => t! - t0);
    assert.ok(Math.min(...offsets) >= 0 && Math.max(...offsets) < 20 * S);
    // Spread, not a herd: no 1-second bucket holds more than a quarter of the starts.
    const buckets = new Map<number, number>();
    for (const o of offsets) buckets.set(Math.floor(o / S), (buckets.get(Math.floor(o / S)) ?? 0) + 1);
    assert.ok(Math.max(...buckets.values()) < 50, `largest bucket ${Math.max(...buckets.values())}`);
    await engine.stop(0);
  });

  it('holds the bulkhead limit and still probes everything', async () => {
    const { clock, probe, engine } = setup({ settings: { maxConcurrentProbes: 3, intervalMs: 60 * S, maxStartJitterMs: 0 } });
    probe.set('*', { takesMs: 1000, then: 'up' });
    engine.setConnections(Array.from({ length: 12 }, (_, i) => pgConfig(`c${i}`)));
    await engine.enable();
    await clock.advanceBy(2500, 50);
    assert.equal(probe.maxActive, 3, 'never more than 3 probes at once');
    assert.equal(probe.calls.length, 9, 'the rest waited: 3 per second');
    await clock.advanceBy(3 * S, 50);
    assert.equal(probe.calls.length, 12, 'all 12 probed once the slots freed');
    assert.equal(probe.maxActive, 3);
    await engine.stop(0);
  });

  it('abandons a hung probe at its deadline, aborts its signal, and keeps probing the others', async () => {
    const { clock, probe, engine, of } = setup({
      settings: { maxConcurrentProbes: 1, intervalMs: 5 * S, minIntervalMs: 1, maxStartJitterMs: 0, maxRetries: 0 },
    });
    probe.set('hung', 'hang');
    probe.set('ok', 'up');
    engine.setConnections([pgConfig('hung', { connectTimeoutMs: 1000, statementTimeoutMs: 500 }), pgConfig('ok')]);
    await engine.enable();
    await clock.advanceBy(30 * S);
    const hungCall = probe.callsFor('hung')[0];
    assert.equal(hungCall.signal?.aborted, true, 'the probe was told to close its connection');
    assert.equal(hungCall.settledAt! - hungCall.at, 1000 + 2 * 500 + 2000, 'deadline = connect + 2 × statement + grace');
    const hungResult = of('result').find((e) => e.connectionId === 'hung')!.result;
    assert.equal(hungResult.state, 'down');
    assert.equal(hungResult.error?.category, 'timeout');
    assert.ok(probe.callsFor('ok').length >= 4, `the healthy connection kept being probed (${probe.callsFor('ok').length})`);
    assert.ok(engine.stats().abandoned >= 1);
    await engine.stop(0);
  });

  it('after the machine sleeps, reschedules from now: one jittered probe per connection, no catch-up burst', async () => {
    const { clock, probe, engine, of } = setup({
      random: Math.random,
      settings: { intervalMs: 5 * S, minIntervalMs: 1, maxStartJitterMs: 5 * S },
    });
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    engine.setConnections(ids.map((id) => pgConfig(id)));
    await engine.enable();
    await clock.advanceBy(20 * S, 250);
    const before = probe.calls.length;
    await clock.suspend(60 * MIN);
    const wokeAt = clock.now();
    assert.equal(of('sleep').length, 1, 'the jump was noticed');
    assert.ok(of('sleep')[0].gapMs >= 59 * MIN);
    await clock.advanceBy(5 * S, 100);
    // The first interval after waking is [wokeAt, wokeAt + 5 s): a connection jittered to ~0 ms is
    // rightly probed again at wokeAt + 5 s, which the inclusive advance also reaches.
    const after = probe.calls.slice(before).filter((c) => c.at < wokeAt + 5 * S);
    const perConn = new Map<string, number>();
    for (const c of after) perConn.set(c.connectionId, (perConn.get(c.connectionId) ?? 0) + 1);
    assert.ok(after.length <= ids.length, `${after.length} probes in the first interval after waking (no burst: 720 missed ticks each)`);
    assert.ok([...perConn.values()].every((n) => n === 1));
    const spread = after.map((c) => c.at - wokeAt);
    assert.ok(Math.max(...spread) - Math.min(...spread) > 2 * S, 'the wake-up probes are spread out, not simultaneous');
    await clock.advanceBy(20 * S, 250);
    assert.equal(of('sleep').length, 1, 'normal ticks afterwards are not mistaken for sleeps');
    await engine.stop(0);
  });

  it('notices the wall clock moving back and does not wait an hour', async () => {
    const { clock, probe, engine, of } = setup({ settings: { intervalMs: 5 * S, minIntervalMs: 1, maxStartJitterMs: 0 } });
    engine.setConnections([pgConfig('a')]);
    await engine.enable();
    await clock.advanceBy(10 * S);
    const n = probe.calls.length;
    clock.setWallClock(clock.now() - 60 * MIN);
    await clock.advanceBy(20 * S);
    assert.equal(of('sleep').length, 1);
    assert.ok(probe.calls.length - n >= 3, `probing resumed at once (${probe.calls.length - n} probes)`);
    await engine.stop(0);
  });

  it('skips a tick while the previous round is still running (no pile-up)', async () => {
    const { clock, probe, engine, of } = setup({
      settings: { intervalMs: 2 * S, minIntervalMs: 1, maxStartJitterMs: 0, defaultConnectTimeoutMs: 30 * S },
    });
    probe.set('slow', { takesMs: 7 * S, then: 'up' });
    engine.setConnections([pgConfig('slow')]);
    await engine.enable();
    await clock.advanceBy(20 * S);
    assert.ok(of('skipped').filter((e) => e.reason === 'overrun').length >= 6);
    assert.equal(probe.maxActive, 1);
    assert.ok(probe.calls.length <= 3);
    await engine.stop(0);
  });

  it('runs cron schedules (croner) with a small jitter', async () => {
    const { clock, probe, engine } = setup({ random: Math.random, settings: { cronJitterMs: 2 * S } });
    engine.setConnections([pgConfig('a', { interval: '*/10 * * * * *' })]);
    await engine.enable();
    await clock.advanceBy(60 * S, 100);
    const times = probe.callsFor('a').map((c) => c.at);
    assert.ok(times.length >= 5 && times.length <= 6, `${times.length} probes in a minute`);
    for (const t of times) assert.ok(t % (10 * S) < 2 * S, `probe at +${t % (10 * S)} ms past a 10-second mark`);
    await engine.stop(0);
  });

  it('uses override > connection setting > default, and reports a bad interval instead of failing', async () => {
    const { engine, of } = setup({ settings: { minIntervalMs: 1000 } });
    engine.setConnections([pgConfig('a', { interval: 30_000 }), pgConfig('b'), pgConfig('c', { interval: 'not cron' })]);
    await engine.enable(120_000);
    await engine.setOverride('b', '*/15 * * * *');
    assert.equal(engine.status('a')?.interval, 30_000);
    assert.equal(engine.status('b')?.interval, '*/15 * * * *');
    assert.equal(engine.status('c')?.interval, 120_000);
    assert.match(engine.status('c')?.intervalError ?? '', /invalid cron expression "not cron"/);
    assert.ok(of('warning').some((w) => w.connectionId === 'c'));
    await assert.rejects(engine.setOverride('a', 10), /shorter than the minimum/);
    await assert.rejects(engine.enable('61 * * * *'), /invalid cron/);
    await engine.stop(0);
  });

  it('probe now runs once, without retries, even with monitoring off', async () => {
    const { probe, engine } = setup();
    probe.set('*', 'down');
    engine.setConnections([pgConfig('a'), pgConfig('b')]);
    const results = await engine.probeAllNow();
    assert.equal(results.length, 2);
    assert.equal(probe.calls.length, 2);
    assert.equal(engine.status('a')?.health, 'down');
    await assert.rejects(engine.probeNow('nope'), /unknown connection "nope"/);
    await engine.stop(0);
  });

  it('a probe that throws becomes a down result, with the password masked', async () => {
    const { probe, engine } = setup({ secrets: async () => ({ password: 's3cr3t-pw' }) });
    probe.set('a', { throws: 'auth failed for postgres://app:s3cr3t-pw@db/app with s3cr3t-pw' });
    engine.setConnections([pgConfig('a')]);
    const r = await engine.probeNow('a');
    assert.equal(r.state, 'down');
    assert.doesNotMatch(JSON.stringify(r), /s3cr3t-pw/);
    assert.match(r.error?.message ?? '', /app:\[REDACTED\]@db/);
    await engine.stop(0);
  });

  it('a store that fails is reported, and monitoring goes on', async () => {
    const failing: ResultSink = {
      appendProbe: async () => {
        throw new Error('ENOSPC: no space left on device');
      },
      appendTransition: async () => undefined,
    };
    const { clock, probe, engine, of } = setup({ sink: failing, settings: { intervalMs: 5 * S, minIntervalMs: 1, maxStartJitterMs: 0 } });
    engine.setConnections([pgConfig('a')]);
    await engine.enable();
    await clock.advanceBy(12 * S);
    assert.ok(probe.calls.length >= 2);
    assert.ok(of('warning').some((w) => /ENOSPC/.test(w.message)));
    assert.ok(of('result').every((r) => r.stored === false));
    await engine.stop(0);
  });

  it('leaves no timer behind: after disable only circuits may hold one, after stop none', async () => {
    const { clock, probe, engine } = setup({ settings: { intervalMs: 5 * S, minIntervalMs: 1 } });
    probe.set('*', 'down');
    engine.setConnections(Array.from({ length: 20 }, (_, i) => pgConfig(`c${i}`)));
    await engine.enable();
    await clock.advanceBy(40 * S);
    assert.ok(clock.pending() <= 1 + 20 + 20, `timers: ${clock.pending()}`);
    await engine.disable();
    assert.ok(clock.pending() <= 20, `after disable: ${clock.pending()} (half-open timers only)`);
    await engine.enable();
    engine.setConnections([]);
    await clock.advanceBy(60 * S);
    assert.equal(clock.pending(), 1, 'just the heartbeat');
    await engine.stop(0);
    assert.equal(clock.pending(), 0);
  });

  it('stop gives in-flight probes the grace period, then abandons them, and waits for the store', async () => {
    const writes: string[] = [];
    const slowSink: ResultSink = {
      appendProbe: (r) => new Promise((resolve) => setTimeout(() => (writes.push(r.connectionId), resolve()), 20)),
      appendTransition: async () => undefined,
    };
    const { clock, probe, engine } = setup({
      sink: slowSink,
      settings: { intervalMs: 5 * S, minIntervalMs: 1, maxStartJitterMs: 0, stopGraceMs: 2 * S },
    });
    probe.set('hung', 'hang');
    probe.set('quick', { takesMs: 500, then: 'up' });
    engine.setConnections([pgConfig('hung'), pgConfig('quick')]);
    await engine.enable();
    await clock.advance(100);
    let stopped = false;
    const stopping = engine.stop().then(() => (stopped = true));
    await clock.advance(600);
    assert.equal(stopped, false, 'still waiting for the hung probe');
    await clock.advance(2 * S);
    await new Promise((r) => setTimeout(r, 50));
    await stopping;
    assert.deepEqual(writes, ['quick'], 'the finished probe was stored; the abandoned one is not an observation');
    assert.equal(probe.callsFor('hung')[0].signal?.aborted, true);
    assert.equal(clock.pending(), 0);
    assert.throws(() => engine.setConnections([]), /stopped/);
  });

  it('starts from a persisted state: enabled with its intervals', async () => {
    const state = { ...defaultMonitorState(60_000), enabled: true, interval: 7_000, overrides: { b: 3_000 } };
    const { clock, probe, engine } = setup({ initialState: state, settings: { maxStartJitterMs: 0, minIntervalMs: 1 } });
    engine.setConnections([pgConfig('a'), pgConfig('b')]);
    await clock.advanceBy(21 * S);
    assert.equal(probe.callsFor('a').length, 4); // 0, 7, 14, 21
    assert.equal(probe.callsFor('b').length, 8); // 0, 3, ..., 21
    await engine.stop(0);
  });
});
