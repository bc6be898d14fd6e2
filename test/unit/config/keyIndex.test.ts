/** FirstLineIndex (one-pass duplicate keys) answers as a Map of first occurrences does, through growth and collisions. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { FirstLineIndex } from '../../../src/server/config/keyIndex';

describe('FirstLineIndex', () => {
  it('returns the first line of a repeated key and -1 for a new one, like a Map', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('A', 'B', 'KEY', 'KEY_1', '', '\uD83D\uDE00'), fc.string({ maxLength: 6 })), { maxLength: 300 }),
        fc.nat({ max: 64 }),
        (keys, expected) => {
          const index = new FirstLineIndex(expected);
          const ref = new Map<string, number>();
          keys.forEach((k, line) => {
            const want = ref.get(k) ?? -1;
            if (want < 0) ref.set(k, line);
            assert.equal(index.firstOrAdd(k, line), want, `key ${JSON.stringify(k)} at ${line}`);
          });
          assert.equal(index.size, ref.size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps distinct keys apart when there are many (growth from a small table)', () => {
    const index = new FirstLineIndex(1);
    for (let i = 0; i < 20_000; i++) assert.equal(index.firstOrAdd(`KEY_${i}`, i), -1);
    for (let i = 0; i < 20_000; i += 997) assert.equal(index.firstOrAdd(`KEY_${i}`, 99_999), i);
    assert.equal(index.size, 20_000);
  });
});
