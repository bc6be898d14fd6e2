import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LatencySketch } from '../../../src/server/store/latencySketch';

function exactQuantile(sorted: number[], q: number): number {
  // The same rank rule as the sketch: the value of rank floor(q * (n - 1)).
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('store/latencySketch', () => {
  it('answers quantiles within 1% relative error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 60000, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const s = new LatencySketch();
          for (const v of values) s.add(v);
          const sorted = [...values].sort((a, b) => a - b);
          const exact = exactQuantile(sorted, q);
          const got = s.quantile(q);
          assert.ok(Math.abs(got - exact) <= exact * 0.0101, `q=${q} exact=${exact} got=${got}`);
          assert.equal(s.min, sorted[0]);
          assert.equal(s.max, sorted[sorted.length - 1]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merging two sketches equals sketching the union (so hourly roll-ups combine exactly)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true })),
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true })),
        (a, b) => {
          const sa = new LatencySketch();
          const sb = new LatencySketch();
          const su = new LatencySketch();
          a.forEach((v) => (sa.add(v), su.add(v)));
          b.forEach((v) => (sb.add(v), su.add(v)));
          const merged = LatencySketch.from(JSON.parse(JSON.stringify(sa.toJSON())));
          merged.merge(sb.toJSON());
          assert.deepEqual(merged.toJSON().bins, su.toJSON().bins);
          assert.equal(merged.n, su.n);
          for (const q of [0.5, 0.95]) assert.equal(merged.quantile(q), su.quantile(q));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is empty-safe', () => {
    assert.ok(Number.isNaN(new LatencySketch().quantile(0.5)));
  });
});
