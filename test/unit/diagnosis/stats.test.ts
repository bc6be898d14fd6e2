import * as assert from 'node:assert/strict';
import { Diagnoser, MemoryStatsStore, patternConfidence, posterior, posteriorMean, staleness } from '../../../src/server/diagnosis';
import {
  DAY_MS,
  HALF_LIFE_DAYS,
  PRIOR_STRENGTH,
  emptyStats,
  recordFixOutcome,
  recordThumb,
  adjustMatchConfidence,
} from '../../../src/server/diagnosis/stats';
import { pruneLearned, type LearnedPattern } from '../../../src/server/diagnosis/learned';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

describe('diagnosis: feedback arithmetic', () => {
  it('prior is Beta(c0·n0, (1−c0)·n0) and its mean is c0', () => {
    const p = posterior(0.9, undefined);
    close(p.alpha, 0.9 * PRIOR_STRENGTH);
    close(p.beta, 0.1 * PRIOR_STRENGTH);
    close(posteriorMean(p), 0.9);
  });

  it('thumbs and fix outcomes move the posterior mean by the documented weights', () => {
    let s = emptyStats('p');
    s = recordThumb(s, true, 0);
    s = recordThumb(s, false, 0);
    s = recordThumb(s, false, 0);
    s = recordFixOutcome(s, true, 0);
    s = recordFixOutcome(s, false, 0);
    // α = 0.8·8 + 1 + 1·1 = 8.4 ; β = 0.2·8 + 2 + 0.5·1 = 4.1
    close(posteriorMean(posterior(0.8, s)), 8.4 / 12.5);
    assert.equal(s.fixesApplied, 2);
    close(patternConfidence(0.8, s, 0), 8.4 / 12.5);
  });

  it('a curated pattern decays without confirmation, by at most 20%, halving the gap every half-life', () => {
    const s = { ...emptyStats('p'), firstMatchedAt: 0 };
    close(staleness(s, 0), 1);
    close(staleness(s, HALF_LIFE_DAYS * DAY_MS), 0.5);
    close(patternConfidence(0.9, s, HALF_LIFE_DAYS * DAY_MS), 0.9 * (1 - 0.2 * 0.5));
    assert.ok(patternConfidence(0.9, s, 10_000 * DAY_MS) >= 0.9 * 0.8 - 1e-9);
    // Confirmation resets the clock.
    const confirmed = recordThumb(s, true, HALF_LIFE_DAYS * DAY_MS);
    close(staleness(confirmed, HALF_LIFE_DAYS * DAY_MS), 1);
  });

  it('match confidence is scaled by current/prior and unchanged without statistics', () => {
    close(adjustMatchConfidence(0.7, 0.9, undefined, 0), 0.7);
    const down = { ...emptyStats('p'), thumbsDown: 8, firstMatchedAt: 0 };
    // mean = 7.2 / 16 = 0.45 → factor 0.5
    close(adjustMatchConfidence(0.8, 0.9, down, 0), 0.4);
  });

  it('negative feedback on a pattern lowers later diagnoses; positive raises them', async () => {
    let now = 1_000_000;
    const d = await Diagnoser.open({ clock: () => now, store: new MemoryStatsStore() });
    const err = { message: 'password authentication failed for user "a"', fields: { code: '28P01' } };
    const first = d.diagnose('postgres', err);
    assert.equal(first.patternId, 'pg.28P01');
    for (let i = 0; i < 5; i++)
      d.recordFeedback({ type: 'error_analysis', targetId: 'pg.28P01', helpful: false, comment: 'password was hunter2 and it was fine' });
    const lower = d.diagnose('postgres', err);
    assert.ok(lower.confidence < first.confidence, `${lower.confidence} < ${first.confidence}`);
    assert.equal(d.stats('pg.28P01')?.thumbsDown, 5);
    assert.ok(!JSON.stringify(d.feedback()).includes('hunter2'), 'comments are redacted');
    for (let i = 0; i < 20; i++)
      d.recordFeedback({ type: 'fix_suggestion', targetId: 'check-password', patternId: 'pg.28P01', helpful: true });
    now += DAY_MS;
    const higher = d.diagnose('postgres', err);
    assert.ok(higher.confidence > lower.confidence);
    assert.equal(d.stats('pg.28P01')?.matches, 3);
  });

  it('fix outcomes count as confirmation only when the next probe succeeded', async () => {
    const d = await Diagnoser.open({ clock: () => 5 });
    d.recordFixOutcome('pg.53300', 'use-pooler', false);
    assert.equal(d.stats('pg.53300')?.lastConfirmedAt, undefined);
    d.recordFixOutcome('pg.53300', 'use-pooler', true);
    assert.equal(d.stats('pg.53300')?.lastConfirmedAt, 5);
    assert.equal(d.stats('pg.53300')?.fixSuccesses, 1);
    assert.equal(d.stats('pg.53300')?.fixFailures, 1);
  });
});

describe('diagnosis: pruning learned patterns over simulated time', () => {
  const base = (over: Partial<LearnedPattern>): LearnedPattern => ({
    id: 'learned.x',
    provider: 'postgres',
    category: 'server_unavailable',
    signature: 'the cluster <q> is being upgraded and refuses connections',
    rootCause: 'maintenance',
    fixes: ['wait'],
    source: 'llm',
    createdAt: 0,
    ...over,
  });

  it('expires learned patterns unused for 90 days; keeps used ones', () => {
    const a = base({ id: 'a', createdAt: 0, lastMatchedAt: 0 });
    const b = base({ id: 'b', signature: 'something else entirely different', createdAt: 0, lastMatchedAt: 60 * DAY_MS });
    const r89 = pruneLearned([a, b], 89 * DAY_MS);
    assert.deepEqual(r89.expired, []);
    const r91 = pruneLearned([a, b], 91 * DAY_MS);
    assert.deepEqual(r91.expired, ['a']);
    assert.deepEqual(
      r91.kept.map((k) => k.id),
      ['b'],
    );
  });

  it('merges near-duplicates of the same provider and category into the oldest', () => {
    const a = base({ id: 'a', createdAt: 10, signature: 'the cluster <q> is being upgraded and refuses connections now', fixes: ['wait'] });
    const b = base({
      id: 'b',
      createdAt: 20,
      signature: 'the cluster <q> is being upgraded and refuses connections',
      fixes: ['retry later'],
    });
    const c = base({ id: 'c', createdAt: 30, category: 'timeout' });
    const r = pruneLearned([c, b, a], 40);
    assert.deepEqual(r.merged, { b: 'a' });
    const kept = r.kept.find((k) => k.id === 'a');
    assert.deepEqual(kept?.fixes, ['wait', 'retry later']);
    assert.equal(kept?.variants, 2);
    assert.ok(
      r.kept.some((k) => k.id === 'c'),
      'another category is never merged',
    );
  });

  it('curated patterns never vanish: after years unconfirmed they still match, at lower confidence', async () => {
    let now = 0;
    const d = await Diagnoser.open({ clock: () => now });
    const first = d.diagnose('mysql', { message: 'Too many connections', fields: { errno: 1040 } });
    now = 3 * 365 * DAY_MS;
    d.prune();
    const later = d.diagnose('mysql', { message: 'Too many connections', fields: { errno: 1040 } });
    assert.equal(later.category, 'too_many_connections');
    assert.ok(later.confidence < first.confidence && later.confidence >= first.confidence * 0.8 - 1e-3);
  });
});
