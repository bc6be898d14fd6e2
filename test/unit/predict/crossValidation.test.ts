import * as assert from 'node:assert/strict';
import type { CvFile, ScoresOf } from '../../../bench/nab/crossValidation';
import { chooseSettings, familiesOf, leaveOneFamilyOut } from '../../../bench/nab/crossValidation';
import type { Profiles } from '../../../bench/nab/scorer';
import { seededRandom } from '../../support/random';

const profiles: Profiles = {
  standard: { CostMatrix: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 } },
  reward_low_FP_rate: { CostMatrix: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 } },
  reward_low_FN_rate: { CostMatrix: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 } },
};
const ROWS = 1000;

/** Files of 1000 rows with one window [start, start + 99] each (probation: the first 150 rows). */
function files(families: Record<string, number>, start = 500): CvFile[] {
  return Object.entries(families).flatMap(([family, n]) =>
    Array.from({ length: n }, (_, i) => ({
      name: `${family}/f${i}.csv`,
      family,
      windows: [{ start, end: start + 99 }],
      labelledWindows: 1,
    })),
  );
}

/** 1 on the first row of each window, 0 elsewhere. */
function perfect(f: CvFile): number[] {
  const out = new Array<number>(ROWS).fill(0);
  for (const w of f.windows) out[w.start] = 1;
  return out;
}

function lookup(corpus: readonly CvFile[], fn: (candidate: number, f: CvFile) => number[]): ScoresOf {
  const byName = new Map(corpus.map((f) => [f.name, f]));
  const cache = new Map<string, number[]>();
  return (c, name) => {
    const key = `${c}|${name}`;
    let s = cache.get(key);
    if (!s) {
      s = fn(c, byName.get(name) as CvFile);
      cache.set(key, s);
    }
    return s;
  };
}

describe('leave-one-family-out cross-validation (bench/nab/crossValidation.ts)', () => {
  it('lists the families in order of first appearance', () => {
    assert.deepEqual(familiesOf(files({ b: 1, a: 2, c: 1 })), ['b', 'a', 'c']);
  });

  it("never looks at the held-out family's labels when choosing: moving its windows changes no choice of its fold", () => {
    const noise = (c: number, f: CvFile) => {
      const rnd = seededRandom(c * 1000 + f.name.length * 7 + Number(f.name.slice(-5, -4)));
      return Array.from({ length: ROWS }, (_, i) => (i >= 500 && i < 520 ? 0.6 + 0.4 * rnd() : 0.7 * rnd()) * (c === 1 ? 0.9 : 1));
    };
    const corpus = files({ a: 3, b: 3, c: 2 });
    const moved = corpus.map((f) => (f.family === 'c' ? { ...f, windows: [{ start: 200, end: 260 }] } : f));
    const r1 = leaveOneFamilyOut(corpus, 2, lookup(corpus, noise), profiles);
    const r2 = leaveOneFamilyOut(moved, 2, lookup(moved, noise), profiles);
    const c1 = r1.folds.find((f) => f.heldOut === 'c');
    const c2 = r2.folds.find((f) => f.heldOut === 'c');
    assert.deepEqual(c2?.choice, c1?.choice);
    // ...while its held-out score does change (the labels are used, but only to score).
    assert.notDeepEqual(c2?.heldOutScores, c1?.heldOutScores);
  });

  it('punishes settings that only fit the family they were chosen on', () => {
    // Candidate 0 is perfect on family a and silent on b; candidate 1 the reverse.
    const corpus = files({ a: 2, b: 2 });
    const scoresOf = lookup(corpus, (c, f) => ((c === 0) === (f.family === 'a') ? perfect(f) : new Array<number>(ROWS).fill(0)));
    const r = leaveOneFamilyOut(corpus, 2, scoresOf, profiles);
    assert.equal(r.folds.find((f) => f.heldOut === 'a')?.choice.candidate, 1);
    assert.equal(r.folds.find((f) => f.heldOut === 'b')?.choice.candidate, 0);
    for (const p of Object.keys(profiles)) assert.ok(Math.abs(r.pooled[p].normalised) < 1e-9, `${p} ${r.pooled[p].normalised}`);
    // In sample each fold's choice is perfect on its training files.
    for (const f of r.folds) assert.ok(Math.abs(f.choice.trainScores.standard - 100) < 1e-9);
  });

  it('a detector that is right everywhere scores 100 out of sample with no false alarms', () => {
    const corpus = files({ a: 2, b: 1, c: 2 });
    const r = leaveOneFamilyOut(
      corpus,
      1,
      lookup(corpus, (_c, f) => perfect(f)),
      profiles,
    );
    for (const p of Object.keys(profiles)) {
      assert.ok(Math.abs(r.pooled[p].normalised - 100) < 1e-9, `${p} ${r.pooled[p].normalised}`);
      assert.equal(r.pooled[p].falseAlarmsPer1000, 0);
      assert.equal(r.pooled[p].tp, corpus.length);
    }
  });

  it('counts false alarms per 1,000 rows scored at the thresholds chosen on the other families', () => {
    // Each file: its window's first row detected, and one row far outside any window.
    const corpus = files({ a: 2, b: 2 });
    const r = leaveOneFamilyOut(
      corpus,
      1,
      lookup(corpus, (_c, f) => {
        const s = perfect(f);
        s[300] = 1;
        return s;
      }),
      profiles,
    );
    const scoredRows = corpus.length * (ROWS - 150);
    assert.equal(r.pooled.standard.rows, scoredRows);
    assert.equal(r.pooled.standard.fp, corpus.length);
    assert.ok(Math.abs(r.pooled.standard.falseAlarmsPer1000 - (1000 * corpus.length) / scoredRows) < 1e-12);
  });

  it('chooses the best candidate on the training files under the selecting profile', () => {
    const corpus = files({ a: 2 });
    // Candidate 1 catches the windows late (less credit) but never early enough to beat candidate 2.
    const late = (f: CvFile) => {
      const s = new Array<number>(ROWS).fill(0);
      s[f.windows[0].start + 80] = 1;
      return s;
    };
    const scoresOf = lookup(corpus, (c, f) => (c === 0 ? new Array<number>(ROWS).fill(0) : c === 1 ? late(f) : perfect(f)));
    assert.equal(chooseSettings(corpus, 3, scoresOf, profiles).candidate, 2);
    assert.equal(chooseSettings(corpus, 2, scoresOf, profiles).candidate, 1);
    assert.throws(() => leaveOneFamilyOut(corpus, 3, scoresOf, profiles), /two families/);
  });
});

describe('smoothed threshold rule (bench/nab/crossValidation.ts)', () => {
  it('picks the middle of a broad good region rather than the edge the sweep picks', () => {
    // Window rows score 0.9; outside, noise rows score up to 0.5 and one isolated row 0.85.
    const corpus = files({ a: 3 });
    const scoresOf = lookup(corpus, (_c, f) => {
      const rnd = seededRandom(f.name.length + Number(f.name.slice(-5, -4)));
      const s = Array.from({ length: ROWS }, () => 0.5 * rnd());
      s[f.windows[0].start] = 0.9;
      if (f.name.endsWith('f0.csv')) s[300] = 0.85;
      return s;
    });
    const sweep = chooseSettings(corpus, 1, scoresOf, profiles, 'standard', 'sweep');
    const smooth = chooseSettings(corpus, 1, scoresOf, profiles, 'standard', 'smoothed');
    assert.equal(sweep.thresholds.standard, 0.9);
    assert.ok(smooth.thresholds.standard > 0.5 && smooth.thresholds.standard <= 0.85, `smoothed ${smooth.thresholds.standard}`);
    // Both catch every window; the smoothed one pays for the isolated row.
    assert.ok(Math.abs(sweep.trainScores.standard - 100) < 1e-9);
    assert.ok(smooth.trainScores.standard < 100 && smooth.trainScores.standard > 90);
  });
});
