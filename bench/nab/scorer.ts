/**
 * NAB scoring (Numenta Anomaly Benchmark v1.1, github.com/numenta/NAB), re-implemented
 * from nab/sweeper.py, nab/optimizer.py, nab/scorer.py and nab/runner.py (normalize):
 *
 * - each labelled window is scored by its FIRST detection, weighted by a scaled sigmoid of
 *   the detection's relative position in the window (earlier = better; the left edge is worth
 *   tpWeight, the right edge 0); an undetected window costs fnWeight;
 * - every detection outside a window is a false positive costing fpWeight times a scaled
 *   sigmoid of its distance past the preceding window (a detection far from any window costs
 *   the full fpWeight; one just after a window costs almost nothing);
 * - the first 15% of each file (at most 750 rows) is probationary: its rows are ignored;
 * - the detection threshold is optimised once over all files jointly (every distinct score
 *   is tried, as NAB's Sweeper does), per profile;
 * - scores are normalised so the null detector gets 0 and the perfect detector 100.
 *
 * Pure functions: no file access here (see corpus.ts).
 */

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
  tnWeight?: number;
}

export type Profiles = Record<string, { CostMatrix: CostMatrix }>;

/** One labelled window, as indices of its first and last row [start, end] (inclusive). */
export interface WindowLimits {
  start: number;
  end: number;
}

export interface AnomalyPoint {
  anomalyScore: number;
  /** The row's weighted score if it were a detection (NAB's "sweepScore"). */
  sweepScore: number;
  /** `null` outside any window; 'probationary' in the probationary period; else the window id. */
  windowName: string | null;
}

export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

export const PROBATIONARY_PERCENT = 0.15;
const PROBATIONARY = 'probationary';

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** NAB's scaled sigmoid: -1 (left window edge) → 0.98661, 0 (right edge) → 0, > 3 → -1. */
export function scaledSigmoid(relativePositionInWindow: number): number {
  if (relativePositionInWindow > 3.0) return -1.0;
  return 2 * sigmoid(-5 * relativePositionInWindow) - 1.0;
}

/** min(floor(0.15 * rows), 0.15 * 5000), as NAB's Sweeper._getProbationaryLength. */
export function probationaryLength(numRows: number, probationPercent = PROBATIONARY_PERCENT): number {
  return Math.min(Math.floor(probationPercent * numRows), probationPercent * 5000);
}

/**
 * Windows given as timestamps (as in combined_windows.json) → row indices. NAB enters a window
 * only on an exact timestamp match of its start; a window whose start or end is not a row's
 * timestamp is dropped here (NAB would fail or ignore it the same way).
 */
export function windowsToIndices(timestamps: readonly number[], windows: readonly (readonly [number, number])[]): WindowLimits[] {
  const index = new Map<number, number>();
  timestamps.forEach((t, i) => {
    if (!index.has(t)) index.set(t, i);
  });
  const out: WindowLimits[] = [];
  for (const [t1, t2] of windows) {
    const start = index.get(t1);
    const end = index.get(t2);
    if (start !== undefined && end !== undefined && end >= start) out.push({ start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** NAB's Sweeper.calcSweepScore for one file. */
export function calcSweepScore(
  anomalyScores: readonly number[],
  windows: readonly WindowLimits[],
  dataSetName: string,
  cost: CostMatrix,
  probationPercent = PROBATIONARY_PERCENT,
): AnomalyPoint[] {
  const maxTP = scaledSigmoid(-1.0);
  const probation = probationaryLength(anomalyScores.length, probationPercent);
  const pending = [...windows];
  const out: AnomalyPoint[] = [];
  let cur: WindowLimits | null = null;
  let curName: string | null = null;
  let curWidth = 0;
  let prevRight: number | null = null;
  let prevWidth = 0;
  for (let i = 0; i < anomalyScores.length; i++) {
    if (pending.length > 0 && i === pending[0].start) {
      cur = pending.shift() ?? null;
      if (cur) {
        curName = `${dataSetName}|${cur.start}`;
        curWidth = cur.end - cur.start + 1;
      }
    }
    let weighted: number;
    if (cur) {
      const positionInWindow = -(cur.end - i + 1) / curWidth;
      weighted = (scaledSigmoid(positionInWindow) * cost.tpWeight) / maxTP;
    } else {
      const unweighted = prevRight === null ? -1.0 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
      weighted = unweighted * cost.fpWeight;
    }
    out.push({ anomalyScore: anomalyScores[i], sweepScore: weighted, windowName: i >= probation ? curName : PROBATIONARY });
    if (cur && i === cur.end) {
      prevRight = i;
      prevWidth = curWidth;
      cur = null;
      curName = null;
    }
  }
  return out;
}

/** NAB's Sweeper.calcScoreByThreshold: the score at every distinct threshold, highest first. */
export function calcScoreByThreshold(anomalyList: readonly AnomalyPoint[], cost: CostMatrix): ThresholdScore[] {
  const scorable = anomalyList.filter((p) => p.windowName !== PROBATIONARY).sort((a, b) => b.anomalyScore - a.anomalyScore);
  const windowParts = new Map<string, number>();
  for (const p of scorable) if (p.windowName !== null) windowParts.set(p.windowName, -cost.fnWeight);
  let windowSum = -cost.fnWeight * windowParts.size;
  let fpPart = 0;
  let tn = 0;
  let fn = 0;
  for (const p of scorable) p.windowName === null ? tn++ : fn++;
  let tp = 0;
  let fp = 0;
  let curThreshold = 1.1;
  const out: ThresholdScore[] = [];
  const save = () => out.push({ threshold: curThreshold, score: fpPart + windowSum, tp, tn, fp, fn, total: tp + tn + fp + fn });
  for (const p of scorable) {
    if (p.anomalyScore !== curThreshold) {
      save();
      curThreshold = p.anomalyScore;
    }
    if (p.windowName === null) {
      fp++;
      tn--;
      fpPart += p.sweepScore;
    } else {
      tp++;
      fn--;
      const before = windowParts.get(p.windowName) ?? -cost.fnWeight;
      if (p.sweepScore > before) {
        windowParts.set(p.windowName, p.sweepScore);
        windowSum += p.sweepScore - before;
      }
    }
  }
  save();
  return out;
}

export interface ScoredFile {
  name: string;
  scores: readonly number[];
  windows: readonly WindowLimits[];
}

/** NAB's optimizer: sweep all files jointly, keep the threshold with the best corpus score. */
export function optimizeThreshold(files: readonly ScoredFile[], cost: CostMatrix, probationPercent = PROBATIONARY_PERCENT): ThresholdScore {
  const all: AnomalyPoint[] = [];
  for (const f of files) for (const p of calcSweepScore(f.scores, f.windows, f.name, cost, probationPercent)) all.push(p);
  const byThreshold = calcScoreByThreshold(all, cost);
  let best = byThreshold[0];
  for (const s of byThreshold) if (s.score > best.score) best = s;
  return best;
}

/**
 * NAB's Sweeper.scoreDataSet: one file's score at a given threshold (rows scoring ≥ it are
 * detections). A threshold above every score detects nothing: the first entry, as NAB scores its
 * null detector at threshold 2.0 (bench/nab/oracle).
 */
export function scoreDataSet(
  file: ScoredFile,
  cost: CostMatrix,
  threshold: number,
  probationPercent = PROBATIONARY_PERCENT,
): ThresholdScore | null {
  const byThreshold = calcScoreByThreshold(calcSweepScore(file.scores, file.windows, file.name, cost, probationPercent), cost);
  let prev: ThresholdScore | null = null;
  for (const s of byThreshold) {
    if (s.threshold === threshold) return s;
    if (s.threshold < threshold) return prev ?? s;
    prev = s;
  }
  return prev;
}

/** NAB's runner.normalize: 100 * (score - null) / (perfect - null), perfect = windows * tpWeight. */
export function normalise(raw: number, nullRaw: number, windowCount: number, cost: CostMatrix): number {
  const perfect = windowCount * cost.tpWeight;
  return perfect === nullRaw ? 0 : (100 * (raw - nullRaw)) / (perfect - nullRaw);
}

export interface ProfileResult {
  profile: string;
  threshold: number;
  raw: number;
  nullRaw: number;
  normalised: number;
  tp: number;
  fp: number;
  fn: number;
}

/**
 * Scores a detector on a corpus for each profile. The null baseline is computed by running NAB's
 * null detector (a constant score of 0 on every row) through the same optimiser, not assumed.
 */
export function scoreDetector(files: readonly ScoredFile[], profiles: Profiles, labelWindowCount: number): ProfileResult[] {
  const nullFiles = files.map((f) => ({ ...f, scores: f.scores.map(() => 0) }));
  return Object.entries(profiles).map(([profile, { CostMatrix: cost }]) => {
    const best = optimizeThreshold(files, cost);
    const nullBest = optimizeThreshold(nullFiles, cost);
    return {
      profile,
      threshold: best.threshold,
      raw: best.score,
      nullRaw: nullBest.score,
      normalised: normalise(best.score, nullBest.score, labelWindowCount, cost),
      tp: best.tp,
      fp: best.fp,
      fn: best.fn,
    };
  });
}
