/**
 * Leave-one-family-out cross-validation of detector settings and alarm thresholds on a NAB corpus.
 * Pure: no file access, no detector runs (the caller supplies each candidate's scores per file).
 *
 * For every family F present: the candidate settings and, per profile, the threshold are chosen
 * on the other families only (NAB's own threshold sweep, scorer.optimizeThreshold); the held-out
 * family F is then scored at those choices (scorer.scoreDataSet). The choice step is handed the
 * training files alone, so nothing about F's labels can reach it (a unit test changes F's labels
 * and checks that the choices stay the same). The out-of-sample figure pools the held-out scores
 * of every fold: their raw scores summed over all files and normalised as NAB normalises a corpus
 * (null detector through the same optimiser = 0, a detection on each window's first row = 100).
 * A family without windows (artificialNoAnomaly) still counts: its false positives cost.
 */
import type { CostMatrix, Profiles, ScoredFile, WindowLimits } from './scorer';
import { calcScoreByThreshold, calcSweepScore, normalise, optimizeThreshold, scoreDataSet } from './scorer';

/** A labelled file as the cross-validation sees it (no values: the scores come from `scoresOf`). */
export interface CvFile {
  name: string;
  family: string;
  windows: readonly WindowLimits[];
  /** Windows in the label file (the perfect score counts these). */
  labelledWindows: number;
}

/** Scores of candidate `candidate` on file `name` (one per row). */
export type ScoresOf = (candidate: number, name: string) => readonly number[];

export interface Choice {
  /** Index of the chosen candidate. */
  candidate: number;
  /** Per profile: the threshold NAB's sweep picks for that candidate on the training files. */
  thresholds: Record<string, number>;
  /** Per profile: the chosen candidate's normalised score on the training files. */
  trainScores: Record<string, number>;
}

function scored(files: readonly CvFile[], candidate: number, scoresOf: ScoresOf): ScoredFile[] {
  return files.map((f) => ({ name: f.name, windows: f.windows, scores: scoresOf(candidate, f.name) }));
}

function nullRawOf(files: readonly ScoredFile[], cost: CostMatrix): number {
  return optimizeThreshold(
    files.map((f) => ({ ...f, scores: f.scores.map(() => 0) })),
    cost,
  ).score;
}

/**
 * How a threshold is chosen on training files:
 * - `sweep`: NAB's optimiser (the best score; among equal scores the highest threshold);
 * - `smoothed`: the threshold whose score, averaged over a band of ±0.05 around it (on a 0.005
 *   grid), is best: the middle of a broad good region rather than its edge. Few windows (the
 *   artificial families have 6) make the sweep's optimum an accident of a few rows; a threshold
 *   that scores well over a band is less so. Ties: the higher threshold.
 */
export type ThresholdRule = 'sweep' | 'smoothed';

const SMOOTH_STEP = 0.005;
const SMOOTH_HALF_WIDTH = 0.05;

/** The `smoothed` rule's threshold on `files` (see ThresholdRule). */
export function smoothedThreshold(files: readonly ScoredFile[], cost: CostMatrix): number {
  const points = files.flatMap((f) => calcSweepScore(f.scores, f.windows, f.name, cost));
  const byThreshold = calcScoreByThreshold(points, cost); // thresholds decreasing
  const steps = Math.round(1 / SMOOTH_STEP);
  // Score at grid threshold t: the entry with the smallest threshold ≥ t (detections are scores ≥ t).
  const grid: number[] = new Array<number>(steps + 1);
  let j = 0;
  for (let k = steps; k >= 0; k--) {
    const t = k * SMOOTH_STEP;
    while (j + 1 < byThreshold.length && byThreshold[j + 1].threshold >= t) j++;
    grid[k] = byThreshold[j].score;
  }
  const half = Math.round(SMOOTH_HALF_WIDTH / SMOOTH_STEP);
  let best = steps;
  let bestMean = Number.NEGATIVE_INFINITY;
  for (let k = steps; k >= 1; k--) {
    let sum = 0;
    let n = 0;
    for (let i = Math.max(0, k - half); i <= Math.min(steps, k + half); i++) {
      sum += grid[i];
      n++;
    }
    if (sum / n > bestMean) {
      bestMean = sum / n;
      best = k;
    }
  }
  return best * SMOOTH_STEP;
}

/**
 * Chooses on `train` alone: the candidate with the best normalised score under `selectBy` at
 * the threshold `rule` picks (ties: the lower index), then per profile that rule's threshold.
 */
export function chooseSettings(
  train: readonly CvFile[],
  candidates: number,
  scoresOf: ScoresOf,
  profiles: Profiles,
  selectBy = 'standard',
  rule: ThresholdRule = 'sweep',
): Choice {
  if (candidates < 1) throw new RangeError('cross-validation needs at least one candidate');
  const windowCount = train.reduce((n, f) => n + f.labelledWindows, 0);
  const scoreOn = (files: ScoredFile[], cost: CostMatrix) => {
    const nullRaw = nullRawOf(files, cost);
    if (rule === 'smoothed') {
      const threshold = smoothedThreshold(files, cost);
      return { threshold, normalised: normalise(scoreAt(files, cost, threshold).raw, nullRaw, windowCount, cost) };
    }
    const best = optimizeThreshold(files, cost);
    return { threshold: best.threshold, normalised: normalise(best.score, nullRaw, windowCount, cost) };
  };
  const selectCost = profiles[selectBy].CostMatrix;
  let bestCandidate = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < candidates; c++) {
    const s = scoreOn(scored(train, c, scoresOf), selectCost).normalised;
    if (s > bestScore) {
      bestScore = s;
      bestCandidate = c;
    }
  }
  const files = scored(train, bestCandidate, scoresOf);
  const thresholds: Record<string, number> = {};
  const trainScores: Record<string, number> = {};
  for (const [p, { CostMatrix: cost }] of Object.entries(profiles)) {
    const s = scoreOn(files, cost);
    thresholds[p] = s.threshold;
    trainScores[p] = s.normalised;
  }
  return { candidate: bestCandidate, thresholds, trainScores };
}

export interface HeldOutScore {
  raw: number;
  tp: number;
  fp: number;
  fn: number;
  /** Rows scored (after each file's probationary period). */
  rows: number;
}

export interface Fold {
  heldOut: string;
  choice: Choice;
  /** Per profile: the held-out family's sums at the fold's choice. */
  heldOutScores: Record<string, HeldOutScore>;
}

export interface CvResult {
  folds: Fold[];
  /** Per profile: the pooled out-of-sample score over all files. */
  pooled: Record<string, HeldOutScore & { nullRaw: number; normalised: number; falseAlarmsPer1000: number }>;
}

function emptyScore(): HeldOutScore {
  return { raw: 0, tp: 0, fp: 0, fn: 0, rows: 0 };
}

function add(into: HeldOutScore, s: HeldOutScore): void {
  into.raw += s.raw;
  into.tp += s.tp;
  into.fp += s.fp;
  into.fn += s.fn;
  into.rows += s.rows;
}

/** The files' sums at a fixed candidate and threshold. */
export function scoreAt(files: readonly ScoredFile[], cost: CostMatrix, threshold: number): HeldOutScore {
  const out = emptyScore();
  for (const f of files) {
    const s = scoreDataSet(f, cost, threshold);
    if (s) add(out, { raw: s.score, tp: s.tp, fp: s.fp, fn: s.fn, rows: s.total });
  }
  return out;
}

/** The families present, in order of first appearance. */
export function familiesOf(files: readonly CvFile[]): string[] {
  return [...new Set(files.map((f) => f.family))];
}

/** Leave-one-family-out cross-validation; needs at least two families. */
export function leaveOneFamilyOut(
  files: readonly CvFile[],
  candidates: number,
  scoresOf: ScoresOf,
  profiles: Profiles,
  selectBy = 'standard',
  rule: ThresholdRule = 'sweep',
): CvResult {
  const families = familiesOf(files);
  if (families.length < 2) throw new RangeError('leave-one-family-out needs at least two families');
  const folds: Fold[] = [];
  const sums: Record<string, HeldOutScore> = Object.fromEntries(Object.keys(profiles).map((p) => [p, emptyScore()]));
  for (const heldOut of families) {
    const train = files.filter((f) => f.family !== heldOut);
    const choice = chooseSettings(train, candidates, scoresOf, profiles, selectBy, rule);
    const test = scored(
      files.filter((f) => f.family === heldOut),
      choice.candidate,
      scoresOf,
    );
    const heldOutScores: Record<string, HeldOutScore> = {};
    for (const [p, { CostMatrix: cost }] of Object.entries(profiles)) {
      heldOutScores[p] = scoreAt(test, cost, choice.thresholds[p]);
      add(sums[p], heldOutScores[p]);
    }
    folds.push({ heldOut, choice, heldOutScores });
  }
  const windowCount = files.reduce((n, f) => n + f.labelledWindows, 0);
  // The null detector's score does not depend on the candidate: any candidate's files will do.
  const all = scored(files, 0, scoresOf);
  const pooled: CvResult['pooled'] = {};
  for (const [p, { CostMatrix: cost }] of Object.entries(profiles)) {
    const s = sums[p];
    const nullRaw = nullRawOf(all, cost);
    pooled[p] = {
      ...s,
      nullRaw,
      normalised: normalise(s.raw, nullRaw, windowCount, cost),
      falseAlarmsPer1000: s.rows > 0 ? (1000 * s.fp) / s.rows : 0,
    };
  }
  return { folds, pooled };
}
