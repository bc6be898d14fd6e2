import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { fnv1a32, parseShard, shardOf, takeShard } from '../../../src/server/fleet/shard';

describe('fleet: --shard I/N', () => {
  it('is 32-bit FNV-1a over UTF-8 (the published test vectors)', () => {
    // Vectors from the FNV reference (draft-eastlake-fnv): "", "a", "foobar".
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
    assert.equal(fnv1a32('é'), fnv1a32('\u00e9'));
    assert.notEqual(fnv1a32('é'), fnv1a32('e\u0301'), 'bytes, not normalised text');
  });

  it('N shards over one config take every connection exactly once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/), { maxLength: 200 }),
        fc.integer({ min: 1, max: 7 }),
        (ids, n) => {
          const taken = Array.from({ length: n }, (_, i) => takeShard(ids, (id) => id, { index: i + 1, count: n }));
          const all = taken.flat();
          assert.equal(all.length, ids.length);
          assert.deepEqual(new Set(all), new Set(ids));
          for (const id of ids) assert.equal(shardOf(id, n), shardOf(id, n), 'stable');
        },
      ),
    );
  });

  it('two shards split a realistic config roughly evenly', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `db-${i}`);
    const first = takeShard(ids, (id) => id, { index: 1, count: 2 }).length;
    assert.ok(first > 400 && first < 600, `${first} of 1000 in shard 1`);
    assert.deepEqual(
      takeShard(ids, (id) => id, undefined),
      ids,
    );
  });

  it('parses I/N with clear messages', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
    assert.throws(() => parseShard('0/3'), /numbered from 1/);
    assert.throws(() => parseShard('4/3'), /I must be from 1 to 3/);
    assert.throws(() => parseShard('1/0'), /N must be from 1/);
    assert.throws(() => parseShard('half'), /--shard must be I\/N/);
  });
});
