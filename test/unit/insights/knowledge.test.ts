import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LEARNED_TTL_DAYS, type LearnedPattern } from '../../../src/server/diagnosis/learned';
import { DAY_MS, emptyStats, patternConfidence, type PatternStats } from '../../../src/server/diagnosis/stats';
import { knowledgeInsights } from '../../../src/server/insights/knowledge';

const statsArb = (id: string): fc.Arbitrary<PatternStats> =>
  fc
    .record({
      matches: fc.nat(100),
      thumbsUp: fc.nat(20),
      thumbsDown: fc.nat(20),
      fixSuccesses: fc.nat(10),
      fixFailures: fc.nat(10),
      lastConfirmedAt: fc.integer({ min: 0, max: 400 * DAY_MS }),
    })
    .map((s) => ({ ...emptyStats(id), ...s, fixesApplied: s.fixSuccesses + s.fixFailures, firstMatchedAt: 0 }));

const learned = (id: string, signature: string, createdAt: number, source: 'llm' | 'user' = 'llm'): LearnedPattern => ({
  id,
  provider: 'postgres',
  category: 'auth_failed',
  signature,
  rootCause: 'x',
  fixes: [`fix of ${id}`],
  source,
  createdAt,
});

describe('knowledge-base insights', () => {
  it("each pattern: confidence is the diagnoser's own, decay = undecayed − confidence ≥ 0, success rate in [0, 1]; sorted by hits (property)", () => {
    fc.assert(
      fc.property(statsArb('pg.a'), statsArb('pg.b'), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (a, b, prior) => {
        const now = 400 * DAY_MS;
        const r = knowledgeInsights({
          now,
          curated: new Map([
            ['pg.a', prior],
            ['pg.b', 0.7],
          ]),
          learned: [],
          stats: { 'pg.a': a, 'pg.b': b },
        });
        const ia = r.patterns.find((p) => p.patternId === 'pg.a')!;
        assert.equal(ia.confidence, patternConfidence(prior, a, now));
        assert.ok(ia.decay >= -1e-12 && ia.decay <= ia.undecayed);
        assert.equal(ia.hits, a.matches);
        const verdicts = a.thumbsUp + a.thumbsDown + a.fixSuccesses + a.fixFailures;
        assert.equal(ia.successRate, verdicts ? (a.thumbsUp + a.fixSuccesses) / verdicts : null);
        assert.ok(r.patterns[0].hits >= r.patterns[1].hits);
      }),
    );
  });

  it('learned patterns with their origin; a prune preview names the expired and the merged, and changes nothing', () => {
    const now = 200 * DAY_MS;
    const pats = [
      learned('l.old', 'password authentication failed for user <q>', 0),
      learned('l.a', 'too many connections for role <q>', 150 * DAY_MS, 'user'),
      learned('l.b', 'too many connections for role <q> now', 160 * DAY_MS),
    ];
    const before = JSON.stringify(pats);
    const r = knowledgeInsights({ now, curated: new Map(), learned: pats, stats: {} });
    assert.equal(JSON.stringify(pats), before);
    assert.deepEqual(
      r.learned.map((l) => [l.patternId, l.source]),
      [
        ['l.old', 'llm'],
        ['l.a', 'user'],
        ['l.b', 'llm'],
      ],
    );
    assert.ok(now - 0 > LEARNED_TTL_DAYS * DAY_MS);
    assert.deepEqual(r.dueForPruning, ['l.old']);
    assert.deepEqual(r.mergeCandidates, { 'l.b': 'l.a' });
    assert.equal(r.patterns.find((p) => p.patternId === 'l.a')?.origin, 'user');
  });
});
