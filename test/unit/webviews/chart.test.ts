import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HourBucket, RawPoint } from '../../../src/server/store/types';
import {
  bandPath,
  buildLatencyChart,
  decimateMinMax,
  DEFAULT_BOX,
  linearScale,
  linePath,
  medianSpacing,
  niceCeil,
  niceTicks,
  thinMarks,
  timeTicks,
  type Pt,
} from '../../../src/client/webviews/model/chart';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 2, 3, 0, 0, 0);

function raw(points: RawPoint[], from = T0, to = T0 + HOUR) {
  return buildLatencyChart({ connectionId: 'c', from, to, resolution: 'raw', points }, from, to);
}

describe('webviews: chart geometry', () => {
  it('maps a domain linearly onto a range, inverted for the y axis', () => {
    const y = linearScale(0, 100, 200, 0);
    assert.equal(y(0), 200);
    assert.equal(y(100), 0);
    assert.equal(y(25), 150);
    assert.equal(linearScale(5, 5, 0, 10)(5), 5, 'a zero-width domain maps to the middle');
  });

  it('gives nice ticks inside the range, evenly spaced (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 10 }),
        (min, span, count) => {
          const ticks = niceTicks(min, min + span, count);
          assert.ok(ticks.length >= 1 && ticks.length <= count * 2 + 1, `${ticks.length} ticks for ${count}`);
          // Tolerance: the span's rounding plus the float spacing at this magnitude.
          const eps = span * 1e-9 + Math.abs(min + span) * 1e-14;
          for (const t of ticks) assert.ok(t >= min - eps && t <= min + span + eps, `${t} outside [${min}, ${min + span}]`);
          const steps = ticks.slice(1).map((t, i) => t - ticks[i]);
          const fuzz = (v: number) => Math.abs(v) * 1e-6 + eps;
          for (const s of steps) assert.ok(Math.abs(s - steps[0]) <= fuzz(steps[0]));
          if (steps.length) {
            const mag = 10 ** Math.floor(Math.log10(steps[0]));
            assert.ok(
              [1, 2, 5, 10].some(
                (m) => Math.abs(steps[0] - m * mag) <= fuzz(steps[0]) || Math.abs(steps[0] - (m * mag) / 10) <= fuzz(steps[0]),
              ),
              `step ${steps[0]} is 1, 2 or 5 × 10^n`,
            );
          }
        },
      ),
    );
    assert.deepEqual(niceTicks(0, 1000, 4), [0, 200, 400, 600, 800, 1000]);
    assert.deepEqual(niceTicks(0.1, 0.7, 3), [0.2, 0.4, 0.6]);
  });

  it('rounds the axis top up to a nice value', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e7, noNaN: true }), (v) => assert.ok(niceCeil(v) >= v && niceCeil(v) <= v * 1.5 + 1e-9)),
    );
    assert.equal(niceCeil(0), 1);
    assert.equal(niceCeil(230), 250);
  });

  it('puts time ticks on whole steps in local time', () => {
    const { step, ticks } = timeTicks(T0 + 7 * 60_000, T0 + 24 * HOUR, 6);
    assert.equal(step, 6 * HOUR);
    assert.deepEqual(ticks, [T0 + 6 * HOUR, T0 + 12 * HOUR, T0 + 18 * HOUR, T0 + 24 * HOUR]);
    const offset = 2 * HOUR; // UTC+2: local midnight is 22:00 UTC
    const local = timeTicks(T0, T0 + 7 * 24 * HOUR, 7, offset);
    assert.equal(local.step, 24 * HOUR);
    for (const t of local.ticks) assert.equal((t + offset) % (24 * HOUR), 0);
  });

  it('decimates a long series keeping every bucket’s extremes, in order (property)', () => {
    const series = fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 3000 });
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 200 }), (ys, buckets) => {
        const pts: Pt[] = ys.map((y, i) => ({ x: i, y }));
        const out = decimateMinMax(pts, buckets);
        assert.ok(out.length <= Math.max(pts.length <= buckets * 2 ? pts.length : 0, buckets * 2));
        assert.equal(Math.max(...out.map((p) => p.y)), Math.max(...ys));
        assert.equal(Math.min(...out.map((p) => p.y)), Math.min(...ys));
        for (let i = 1; i < out.length; i++) assert.ok(out[i].x > out[i - 1].x);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a gap (NaN) through decimation so the line still breaks there', () => {
    const pts: Pt[] = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i === 500 ? NaN : 10 }));
    const out = decimateMinMax(pts, 10);
    assert.ok(out.some((p) => Number.isNaN(p.y)));
    assert.equal((linePath(out).match(/M/g) ?? []).length, 2);
  });

  it('writes SVG paths: a NaN starts a new sub-path; a band is one closed shape per run', () => {
    assert.equal(
      linePath([
        { x: 0, y: 1 },
        { x: 1.26, y: 2 },
      ]),
      'M0 1L1.3 2',
    );
    assert.equal(
      linePath([
        { x: 0, y: 1 },
        { x: 1, y: NaN },
        { x: 2, y: 3 },
      ]),
      'M0 1M2 3',
    );
    assert.equal(linePath([]), '');
    const up = [
      { x: 0, y: 1 },
      { x: 1, y: 1 },
      { x: 2, y: NaN },
      { x: 3, y: 1 },
    ];
    const lo = [
      { x: 0, y: 5 },
      { x: 1, y: 5 },
      { x: 2, y: 5 },
      { x: 3, y: 5 },
    ];
    const band = bandPath(up, lo);
    assert.equal((band.match(/Z/g) ?? []).length, 2);
    assert.ok(band.startsWith('M0 1L1 1L1 5L0 5Z'));
  });

  it('draws raw probes: latency for up/degraded, failures as marks, a gap where probes stopped', () => {
    const pts: RawPoint[] = [];
    for (let i = 0; i < 30; i++) pts.push({ at: T0 + i * 60_000, state: 'up', latencyMs: 20 + i });
    pts.push({ at: T0 + 30 * 60_000, state: 'down', latencyMs: 10_000, category: 'timeout' });
    pts.push({ at: T0 + 31 * 60_000, state: 'degraded', latencyMs: 400 });
    for (let i = 50; i < 60; i++) pts.push({ at: T0 + i * 60_000, state: 'up', latencyMs: 30 });
    const c = raw(pts);
    assert.equal(c.kind, 'raw');
    assert.equal(c.empty, false);
    assert.equal(c.downMarks.length, 1);
    assert.equal(c.downMarks[0].label, 'timeout');
    assert.equal(c.degradedMarks.length, 1);
    assert.ok(c.yMax >= 400 && c.yMax < 10_000, `the scale follows latency (${c.yMax}), not the failed probe's 10 s`);
    assert.equal((c.line.match(/M/g) ?? []).length, 2, 'the 19-minute pause breaks the line');
    const box = DEFAULT_BOX;
    for (const m of c.line.matchAll(/[ML]([\d.]+) ([\d.]+)/g)) {
      const [x, y] = [Number(m[1]), Number(m[2])];
      assert.ok(x >= box.left && x <= box.width - box.right && y >= box.top && y <= box.height - box.bottom, `${x},${y} inside the plot`);
    }
    assert.ok(c.yTicks.length >= 2 && c.xTicks.length >= 2);
  });

  it('leaves out points outside the window and says when there is nothing to draw', () => {
    const c = raw([
      { at: T0 - 1, state: 'up', latencyMs: 5 },
      { at: T0 + 10, state: 'down', latencyMs: 100 },
    ]);
    assert.equal(c.inputPoints, 1);
    assert.equal(c.empty, true);
    assert.equal(c.line, '');
  });

  it('draws at most about two points per pixel column however long the raw series is', () => {
    const n = 100_000;
    const pts: RawPoint[] = Array.from({ length: n }, (_, i) => ({ at: T0 + i * 1000, state: 'up' as const, latencyMs: 10 + (i % 97) }));
    const c = raw(pts, T0, T0 + n * 1000);
    const plotW = DEFAULT_BOX.width - DEFAULT_BOX.left - DEFAULT_BOX.right;
    assert.ok(c.drawnPoints <= plotW * 2 + 2, `${c.drawnPoints} points for ${plotW} px`);
    assert.equal(c.inputPoints, n);
  });

  it('draws hourly buckets as a p50 line under a p50–p95 band, failures weighted by share', () => {
    const buckets: HourBucket[] = [];
    for (let i = 0; i < 48; i++) {
      if (i >= 20 && i < 23) continue; // three hours without probes
      buckets.push({
        at: T0 + i * HOUR,
        count: 60,
        up: 58,
        degraded: 0,
        down: i === 10 ? 2 : 0,
        latency: { min: 5, max: 90, mean: 20, p50: 18, p95: 60 },
        errors: i === 10 ? { timeout: 2 } : {},
      });
    }
    buckets.push({ at: T0 + 48 * HOUR, count: 10, up: 0, degraded: 0, down: 10, latency: null, errors: { conn_refused: 10 } });
    const c = buildLatencyChart({ connectionId: 'c', from: T0, to: T0 + 49 * HOUR, resolution: 'hour', buckets }, T0, T0 + 49 * HOUR);
    assert.equal(c.kind, 'hour');
    assert.ok(c.band && c.upperLine);
    assert.equal((c.band!.match(/Z/g) ?? []).length, 2, 'the empty hours split the band');
    assert.equal(c.downMarks.length, 2);
    assert.deepEqual(
      c.downMarks.map((m) => m.weight),
      [2 / 60, 1],
    );
    assert.ok(c.yMax >= 60);
  });

  it('finds the usual probe spacing, also from a sample of a long series', () => {
    assert.equal(medianSpacing([0]), 0);
    assert.equal(medianSpacing([0, 5, 10, 100, 105]), 5);
    const ats = Array.from({ length: 200_000 }, (_, i) => i * 1000 + (i % 1000 === 0 ? 60_000 : 0));
    assert.equal(medianSpacing(ats), 1000);
  });

  it('thins marks to the heaviest per pixel', () => {
    const marks = [0.1, 0.2, 0.3, 0.9].map((w, i) => ({ x: 10 + i * 0.1, at: i, weight: w, label: '' }));
    assert.deepEqual(
      thinMarks(marks).map((m) => m.weight),
      [0.9],
    );
  });
});
