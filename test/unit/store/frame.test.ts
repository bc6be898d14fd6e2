import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { encodeFrame, frameAt, RecordKind, scanFrames } from '../../../src/server/store/frame';

function frame(i: number, payloadBytes = 40): Buffer {
  return encodeFrame({
    kind: RecordKind.Probe,
    flags: 0,
    ts: 1000 + i,
    latencyMs: i / 2,
    state: 1,
    category: 0,
    connectionId: `c${i % 3}`,
    payload: Buffer.alloc(payloadBytes, i),
  });
}

describe('store/frame', () => {
  it('round-trips the fixed fields and checks the CRC', () => {
    const f = frame(7);
    const h = frameAt(f, 0)!;
    assert.equal(h.ts, 1007);
    assert.equal(h.latencyMs, 3.5);
    assert.equal(h.connectionId, 'c1');
    assert.equal(h.length, f.length);
    const bad = Buffer.from(f);
    bad[bad.length - 1] ^= 0x01;
    assert.equal(frameAt(bad, 0), null);
  });

  it('treats a record cut at any byte as a torn tail and keeps every record before it', () => {
    const frames = [frame(1), frame(2), frame(3)];
    const whole = Buffer.concat(frames);
    const before = frames[0].length + frames[1].length;
    for (let cut = before; cut < whole.length; cut++) {
      const seen: number[] = [];
      const r = scanFrames(whole.subarray(0, cut), (f) => seen.push(f.ts));
      assert.deepEqual(seen, [1001, 1002], `cut at ${cut}`);
      assert.equal(r.goodEnd, before);
      assert.equal(r.tornBytes, cut - before);
      assert.deepEqual(r.badRegions, []);
    }
  });

  it('skips a damaged record in the middle and reports it as corruption, not a torn tail', () => {
    const frames = [frame(1), frame(2), frame(3), frame(4)];
    const whole = Buffer.concat(frames);
    whole[frames[0].length + 20] ^= 0xff;
    const seen: number[] = [];
    const r = scanFrames(whole, (f) => seen.push(f.ts));
    assert.deepEqual(seen, [1001, 1003, 1004]);
    assert.equal(r.badRegions.length, 1);
    assert.equal(r.tornBytes, 0);
  });

  it('zero-filled tails (a crash after the size grew) are torn tails', () => {
    const whole = Buffer.concat([frame(1), Buffer.alloc(4096)]);
    const r = scanFrames(whole, () => {});
    assert.equal(r.tornBytes, 4096);
    assert.equal(r.badRegions.length, 0);
  });

  it('never throws on arbitrary damage and never yields a frame that fails its CRC', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 5 }),
        (sizes, flips) => {
          const frames = sizes.map((n, i) => frame(i, n));
          const whole = Buffer.concat(frames);
          for (const [pos, x] of flips) whole[pos % whole.length] ^= x;
          const seen: number[] = [];
          scanFrames(whole, (f) => {
            assert.ok(frameAt(whole, f.offset));
            seen.push(f.ts);
          });
          for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1]);
          if (flips.length === 0) assert.equal(seen.length, frames.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
