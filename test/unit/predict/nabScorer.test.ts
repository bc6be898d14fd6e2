import * as assert from 'node:assert/strict';
import {
  calcScoreByThreshold,
  calcSweepScore,
  normalise,
  optimizeThreshold,
  probationaryLength,
  scaledSigmoid,
  scoreDetector,
} from '../../../bench/nab/scorer';
import type { CostMatrix, ScoredFile } from '../../../bench/nab/scorer';
import { loadNabCorpus } from '../../../bench/nab/corpus';
import { windowedGaussian } from '../../../bench/nab/baselines';

const standard: CostMatrix = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const lowFN: CostMatrix = { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 };
const profiles = { standard: { CostMatrix: standard }, reward_low_FN_rate: { CostMatrix: lowFN } };

/** 1000 rows, one window [500, 599]: probation is the first 150 rows. */
function file(scores: (i: number) => number): ScoredFile {
  return { name: 'f.csv', windows: [{ start: 500, end: 599 }], scores: Array.from({ length: 1000 }, (_, i) => scores(i)) };
}

describe('NAB scorer (re-implementation of nab/sweeper.py + optimizer + normalisation)', () => {
  it('scaled sigmoid matches NAB: left edge 0.98661, right edge 0, far right -1', () => {
    assert.ok(Math.abs(scaledSigmoid(-1) - 0.98661) < 1e-5);
    assert.ok(Math.abs(scaledSigmoid(-0.5) - 0.84828) < 1e-5);
    assert.equal(scaledSigmoid(0), 0);
    assert.equal(scaledSigmoid(3.5), -1);
  });

  it('probationary period is 15% of the rows, at most 750', () => {
    assert.equal(probationaryLength(1000), 150);
    assert.equal(probationaryLength(4032), 604);
    assert.equal(probationaryLength(22695), 750);
  });

  it('a detection on the first row of a window earns tpWeight; none costs fnWeight', () => {
    const best = optimizeThreshold([file((i) => (i === 500 ? 1 : 0))], standard);
    assert.ok(Math.abs(best.score - 1) < 1e-9);
    const none = optimizeThreshold([file(() => 0)], standard);
    assert.equal(none.score, -1);
  });

  it('only the first detection in a window counts, later ones are free; late detections earn less', () => {
    const early = optimizeThreshold([file((i) => (i === 510 || i === 590 ? 1 : 0))], standard).score;
    const late = optimizeThreshold([file((i) => (i === 590 ? 1 : 0))], standard).score;
    assert.ok(early > 0.9 && late < early && late > -1);
  });

  it('a false positive far from any window costs fpWeight; one in probation costs nothing', () => {
    const rows = calcSweepScore(file(() => 0).scores, [{ start: 500, end: 599 }], 'f', standard);
    assert.equal(rows[300].sweepScore, -0.11);
    assert.equal(rows[100].windowName, 'probationary');
    const fpOnly = calcScoreByThreshold(
      calcSweepScore(file((i) => (i === 300 || i === 100 ? 1 : 0)).scores, [{ start: 500, end: 599 }], 'f', standard),
      standard,
    );
    const atOne = fpOnly.find((s) => s.threshold === 1);
    assert.ok(atOne && Math.abs(atOne.score - (-1 - 0.11)) < 1e-9);
  });

  it('null detector normalises to 0 and the perfect detector to 100, for every profile', () => {
    const files = [file(() => 0), { ...file(() => 0), name: 'g.csv' }];
    const nul = scoreDetector(files, profiles, 2);
    for (const r of nul) assert.equal(r.normalised, 0);
    const perfect = files.map((f) => ({ ...f, scores: f.scores.map((_, i) => (i === 500 ? 1 : 0)) }));
    for (const r of scoreDetector(perfect, profiles, 2)) assert.ok(Math.abs(r.normalised - 100) < 1e-9);
    assert.equal(normalise(-4, -4, 2, lowFN), 0);
  });

  it('the threshold is optimised over all files jointly (one threshold for the corpus)', () => {
    // File A's anomaly scores 0.9, file B's 0.6 but B also has a 0.7 false positive: the joint
    // optimum must pick one threshold that serves both.
    const a = file((i) => (i === 500 ? 0.9 : 0));
    const b = { ...file((i) => (i === 520 ? 0.6 : i === 300 ? 0.7 : 0)), name: 'b.csv' };
    const best = optimizeThreshold([a, b], standard);
    assert.equal(best.threshold, 0.6);
  });

  it('on the NAB subset, windowedGaussian lands between null and perfect (skips without data)', function () {
    this.timeout(30_000);
    const corpus = loadNabCorpus();
    if (!corpus) return this.skip();
    const files = corpus.files.map((f) => ({ name: f.name, windows: f.windows, scores: windowedGaussian(f.values) }));
    const [std] = scoreDetector(files, { standard: corpus.profiles.standard }, corpus.windowCount);
    assert.ok(std.normalised > 0 && std.normalised < 100, `windowedGaussian scored ${std.normalised}`);
  });
});
