import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PendingFixes,
  fixSuccessRate,
  rankFixes,
  recordOutcome,
  verdictOf,
  type FixStatsTable,
  type ProbeSeen,
} from '../../../src/server/insights/fixOutcome';

const MIN = 60_000;
const state = fc.constantFrom('up' as const, 'degraded' as const, 'down' as const);
const probe = fc.record({ connectionId: fc.constantFrom('a', 'b'), at: fc.integer({ min: 0, max: 120 * MIN }), state });

describe('learning loop: a fix and the next probe', () => {
  it('the first later probe of the same connection within the window decides (property)', () => {
    fc.assert(
      fc.property(fc.array(probe, { maxLength: 30 }), fc.integer({ min: 0, max: 100 * MIN }), (probes, appliedAt) => {
        const fix = { connectionId: 'a', fixId: 'f', appliedAt };
        const v = verdictOf(fix, probes, 15 * MIN);
        const later = probes.filter((p) => p.connectionId === 'a' && p.at > appliedAt).sort((x, y) => x.at - y.at);
        const next = later[0];
        if (!next || next.at - appliedAt > 15 * MIN) assert.equal(v.verdict, 'undecided');
        else {
          assert.equal(v.probe?.at, next.at);
          assert.equal(v.verdict, v.probe?.state === 'down' ? 'failed' : 'succeeded');
        }
        // Probes of another connection, or before the fix, never change the verdict.
        const noise: ProbeSeen[] = probes.filter((p) => p.connectionId === 'b' || p.at <= appliedAt);
        assert.deepEqual(verdictOf(fix, [...noise, ...later], 15 * MIN).verdict, v.verdict);
      }),
    );
  });

  it('PendingFixes gives the same verdicts as verdictOf when probes arrive in time order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(probe, { maxLength: 30 }),
        fc.array(
          fc.record({
            connectionId: fc.constantFrom('a', 'b'),
            fixId: fc.constantFrom('x', 'y'),
            appliedAt: fc.integer({ min: 0, max: 100 * MIN }),
          }),
          {
            maxLength: 6,
          },
        ),
        (probes, fixes) => {
          // One fix per (connection, fixId): the last applied restarts the wait.
          const last = new Map(fixes.map((f) => [`${f.connectionId}/${f.fixId}`, f]));
          const events = [
            ...[...last.values()].map((f) => ({ at: f.appliedAt, order: 0, fix: f })),
            ...probes.map((p) => ({ at: p.at, order: 1, probe: p })),
          ].sort((x, y) => x.at - y.at || x.order - y.order);
          const pending = new PendingFixes(15 * MIN);
          const decided = new Map<string, boolean>();
          for (const e of events) {
            if ('fix' in e && e.fix) pending.applied(e.fix);
            else if ('probe' in e && e.probe)
              for (const o of pending.probed(e.probe)) decided.set(`${o.fix.connectionId}/${o.fix.fixId}`, o.succeeded);
          }
          for (const [key, f] of last) {
            const v = verdictOf(f, probes, 15 * MIN).verdict;
            assert.equal(decided.get(key), v === 'undecided' ? undefined : v === 'succeeded', key);
          }
        },
      ),
    );
  });

  it('expire drops fixes whose window passed and keeps the rest', () => {
    const p = new PendingFixes(10 * MIN);
    p.applied({ connectionId: 'a', fixId: 'old', appliedAt: 0 });
    p.applied({ connectionId: 'a', fixId: 'new', appliedAt: 5 * MIN });
    assert.deepEqual(
      p.expire(12 * MIN).map((f) => f.fixId),
      ['old'],
    );
    assert.deepEqual(
      p.list().map((f) => f.fixId),
      ['new'],
    );
  });
});

describe("learning loop: the fix's own statistics and the order of fixes", () => {
  it('counts each outcome on the fix itself, leaving the old table untouched (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ fixId: fc.constantFrom('x', 'y', 'z'), succeeded: fc.boolean() }), { maxLength: 40 }),
        (outcomes) => {
          let table: FixStatsTable = {};
          for (const [i, o] of outcomes.entries()) {
            const before = JSON.stringify(table);
            const next = recordOutcome(table, {
              fix: { connectionId: 'a', fixId: o.fixId, appliedAt: i },
              succeeded: o.succeeded,
              decidedAt: i + 1,
            });
            assert.equal(JSON.stringify(table), before);
            table = next;
          }
          for (const id of ['x', 'y', 'z']) {
            const mine = outcomes.filter((o) => o.fixId === id);
            const s = table[id];
            if (!mine.length) assert.equal(s, undefined);
            else {
              assert.equal(s.applied, mine.length);
              assert.equal(s.succeeded, mine.filter((o) => o.succeeded).length);
              assert.equal(s.failed, mine.filter((o) => !o.succeeded).length);
            }
          }
        },
      ),
    );
  });

  it('ranks fixes by success in this workspace; untried and tied fixes keep the knowledge base order (property)', () => {
    const fixes = [{ id: 'x' }, { id: 'y' }, { id: 'z' }];
    assert.deepEqual(rankFixes(fixes, {}), fixes);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.record({ succeeded: fc.nat(20), failed: fc.nat(20) })), (counts) => {
        const table: FixStatsTable = Object.fromEntries(
          Object.entries(counts).map(([id, c]) => [id, { fixId: id, applied: c.succeeded + c.failed, ...c }]),
        );
        const ranked = rankFixes(fixes, table);
        assert.deepEqual([...ranked].map((f) => f.id).sort(), ['x', 'y', 'z']);
        for (let i = 1; i < ranked.length; i++) {
          const a = fixSuccessRate(table[ranked[i - 1].id]);
          const b = fixSuccessRate(table[ranked[i].id]);
          assert.ok(a > b || (a === b && fixes.indexOf(ranked[i - 1]) < fixes.indexOf(ranked[i])));
        }
      }),
    );
  });

  it('a fix that keeps failing drops below one that works (the loop closed end to end)', () => {
    const pending = new PendingFixes(15 * MIN);
    let table: FixStatsTable = {};
    for (let round = 0; round < 3; round++) {
      const t = round * 60 * MIN;
      pending.applied({ connectionId: 'a', fixId: 'first', appliedAt: t });
      for (const o of pending.probed({ connectionId: 'a', at: t + MIN, state: 'down' })) table = recordOutcome(table, o);
      pending.applied({ connectionId: 'a', fixId: 'second', appliedAt: t + 2 * MIN });
      for (const o of pending.probed({ connectionId: 'a', at: t + 3 * MIN, state: 'up' })) table = recordOutcome(table, o);
    }
    assert.deepEqual(
      rankFixes([{ id: 'first' }, { id: 'second' }], table).map((f) => f.id),
      ['second', 'first'],
    );
    assert.equal(table.first.failed, 3);
    assert.equal(table.second.succeeded, 3);
  });
});
