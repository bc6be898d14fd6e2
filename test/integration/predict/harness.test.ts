/**
 * The scenario harness itself: the delaying/flapping proxy on loopback (against a small echo
 * server), the reliability labelling and table, the leak schedule and the simulated clock.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { Prediction } from '../../../src/server/predict';
import type { ProbeResult } from '../../../src/shared/probe';
import { waitUntil } from '../../servers/common';
import { startDelayProxy, type DelayProxy } from '../../servers/delayProxy';
import { jitteredLeakSizes } from './connectionLeak';
import { labelRun, reliabilityTable } from './reliability';
import type { ScenarioRecord } from './runScenario';
import { atSimulatedTime, HOUR_MS, MINUTE_MS, seededRandom, SimulatedClock } from './simulatedClock';

async function echoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Connects, sends `chunks` (one write each, `gapMs` apart), reads until all bytes are back; resolves the echo and the elapsed ms. */
function roundTrip(port: number, chunks: string[], gapMs = 0, onSent?: (i: number) => void): Promise<{ echo: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const expected = chunks.join('').length;
    const t0 = Date.now();
    let echo = '';
    const s = net.connect({ host: '127.0.0.1', port });
    s.setEncoding('utf8');
    s.on('error', reject);
    s.on('data', (d: string) => {
      echo += d;
      if (echo.length >= expected) {
        s.destroy();
        resolve({ echo, ms: Date.now() - t0 });
      }
    });
    s.on('connect', async () => {
      for (let i = 0; i < chunks.length; i++) {
        s.write(chunks[i]);
        onSent?.(i);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    s.on('data', () => undefined);
    s.on('close', () => resolve('closed without error'));
  });
}

describe('prediction scenario harness', function () {
  this.timeout(20_000);

  describe('delay proxy (loopback)', () => {
    let echo: Awaited<ReturnType<typeof echoServer>>;
    let proxy: DelayProxy;
    before(async () => {
      echo = await echoServer();
      proxy = await startDelayProxy({ host: '127.0.0.1', port: echo.port });
    });
    after(async () => {
      await proxy?.close();
      await echo?.close();
    });

    it('forwards unchanged, and holds each chunk in the proxy while its delay runs', async () => {
      proxy.delayMs = 0;
      assert.equal((await roundTrip(proxy.port, ['hello'])).echo, 'hello');
      proxy.delayMs = 60;
      assert.equal((await roundTrip(proxy.port, ['ping'])).echo, 'ping');
      // A delay far longer than the test: once the proxy holds the chunk, nothing can have come back
      // (the echo server has not seen it), whatever the machine's speed.
      proxy.delayMs = HOUR_MS;
      let echoed = '';
      const s = net.connect({ host: '127.0.0.1', port: proxy.port });
      try {
        s.setEncoding('utf8');
        s.on('data', (d: string) => (echoed += d));
        s.on('error', () => undefined);
        s.write('held');
        await waitUntil(async () => proxy.held === 1, 10_000, 'the proxy holding the chunk');
        assert.equal(echoed, '', 'a chunk came back while the proxy held it');
      } finally {
        s.destroy();
        proxy.delayMs = 0;
      }
    });

    it('keeps the byte order when the delay shrinks mid-stream', async () => {
      proxy.delayMs = 80;
      const chunks = Array.from({ length: 12 }, (_, i) => `<${i}>`);
      // The delay drops to 0 halfway: later chunks must still wait for the earlier ones.
      const r = await roundTrip(proxy.port, chunks, 5, (i) => {
        if (i === 5) proxy.delayMs = 0;
      });
      assert.equal(r.echo, chunks.join(''));
    });

    it('reset mode resets new connections, refuse mode refuses them, forward works again on the same port', async () => {
      proxy.delayMs = 0;
      await proxy.setMode('reset');
      assert.equal(await connectError(proxy.port), 'ECONNRESET');
      assert.equal(proxy.resets, 1);
      await proxy.setMode('refuse');
      assert.equal(await connectError(proxy.port), 'ECONNREFUSED');
      await proxy.setMode('forward');
      assert.equal((await roundTrip(proxy.port, ['back'])).echo, 'back');
      assert.throws(() => {
        proxy.delayMs = -1;
      }, /delay must be/);
    });
  });

  describe('reliability table', () => {
    const pred = (p: number): Prediction => ({
      failure_rate: '0%',
      avg_response_time: '1ms',
      response_time_trend: 'stable',
      prediction: {
        failure_probability: p,
        time_to_failure_hours: null,
        time_to_failure_interval_hours: null,
        root_cause: '',
        preventive_actions: [],
        confidence_score: 50,
        risk_level: 'HEALTHY',
      },
    });
    const rec = (min: number, state: ProbeResult['state'], p: number): ScenarioRecord => ({
      startedAt: min * MINUTE_MS,
      result: { connectionId: 'c', provider: 'postgres', startedAt: min * MINUTE_MS, state, timings: { totalMs: 1 }, metrics: {} },
      prediction: pred(p),
      probabilityByHorizon: { 1: p },
    });

    it('labels up checks: failure within the horizon, none, or censored at the end of the run', () => {
      // minutes 0..200, one failure at minute 100
      const records = Array.from({ length: 201 }, (_, m) => rec(m, m === 100 ? 'down' : 'up', m));
      const samples = labelRun(records, HOUR_MS, (r) => r.probabilityByHorizon[1]);
      // minutes 0..39: no failure within 60 min → negative; 40..99: positive; 100 is down (skipped);
      // 101..140: negative (run covers their hour); 141..200: censored.
      assert.equal(samples.length, 40 + 60 + 40);
      assert.equal(samples.filter((s) => s.failed).length, 60);
      assert.ok(samples.filter((s) => s.failed).every((s) => s.predicted >= 0.4 && s.predicted <= 0.99));
    });

    it('buckets, observed rates and Brier scores', () => {
      const t = reliabilityTable([
        { predicted: 0.05, failed: false },
        { predicted: 0.05, failed: true },
        { predicted: 0.9, failed: true },
        { predicted: 0.5, failed: false },
      ]);
      assert.deepEqual(
        t.rows.map((r) => r.count),
        [2, 0, 1, 1],
      );
      assert.equal(t.rows[0].observedRate, 0.5);
      assert.ok(Number.isNaN(t.rows[1].observedRate));
      assert.equal(t.baseRate, 0.5);
      assert.ok(Math.abs(t.brier - (0.05 ** 2 + 0.95 ** 2 + 0.1 ** 2 + 0.5 ** 2) / 4) < 1e-12);
      assert.equal(t.brierBaseRate, 0.25);
    });
  });

  it('leak sizes: every block of three minutes leaks 1, 2 and 3 connections in a seeded order', () => {
    const next = jitteredLeakSizes(seededRandom(5));
    const seq = Array.from({ length: 30 }, () => next());
    for (let i = 0; i < 30; i += 3) assert.deepEqual([...seq.slice(i, i + 3)].sort(), [1, 2, 3]);
    const again = jitteredLeakSizes(seededRandom(5));
    assert.deepEqual(
      Array.from({ length: 30 }, () => again()),
      seq,
    );
    assert.notDeepEqual(seq.slice(0, 9), [1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('simulated clock: only moves forward; results keep their measured timings', () => {
    const c = new SimulatedClock(1000);
    c.advance(MINUTE_MS);
    assert.equal(c.now(), 1000 + MINUTE_MS);
    assert.throws(() => c.advance(-1), /forward/);
    const r: ProbeResult = { connectionId: 'c', provider: 'mysql', startedAt: 5, state: 'up', timings: { totalMs: 12.5 }, metrics: {} };
    const moved = atSimulatedTime(r, 99);
    assert.equal(moved.startedAt, 99);
    assert.equal(moved.timings.totalMs, 12.5);
    assert.equal(r.startedAt, 5, 'the real result is not mutated');
  });
});
