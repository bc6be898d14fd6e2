/**
 * Reliability of failure_probability over the scenario runs (pure): each prediction made while
 * the connection was up is labelled by what the real server then did: a failed check within the
 * horizon (positive), none while the run covered the whole horizon (negative), or unknown (the
 * run ended first: censored, left out). Predictions are grouped into probability buckets and the
 * mean predicted probability is set beside the observed failure rate, with the Brier score of the
 * predictions and of the base rate (always predicting the overall rate).
 */
import type { ScenarioRecord } from './runScenario';

export interface ReliabilitySample {
  /** Predicted probability, 0..1. */
  predicted: number;
  failed: boolean;
}

/** Labels the up checks of one run for a horizon (ms). `probability` picks the percentage to use. */
export function labelRun(
  records: readonly ScenarioRecord[],
  horizonMs: number,
  probability: (r: ScenarioRecord) => number,
): ReliabilitySample[] {
  const failures = records.filter((r) => r.result.state === 'down').map((r) => r.startedAt);
  const end = records.length ? records[records.length - 1].startedAt : -Infinity;
  const out: ReliabilitySample[] = [];
  for (const r of records) {
    if (r.result.state === 'down') continue;
    const failed = failures.some((t) => t > r.startedAt && t <= r.startedAt + horizonMs);
    if (!failed && r.startedAt + horizonMs > end) continue; // censored: the run ended inside the horizon
    out.push({ predicted: probability(r) / 100, failed });
  }
  return out;
}

export interface ReliabilityRow {
  bucket: string;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

export interface ReliabilityTable {
  rows: ReliabilityRow[];
  count: number;
  brier: number;
  brierBaseRate: number;
  baseRate: number;
}

/** Buckets aligned with the risk levels (HEALTHY < 40 ≤ MONITOR_CLOSELY ≤ 70 < IMMEDIATE), the healthy band split at 10%. */
export const BUCKETS: ReadonlyArray<[number, number, string]> = [
  [0, 0.1, '0–10%'],
  [0.1, 0.4, '10–40%'],
  [0.4, 0.71, '40–70%'],
  [0.71, 1.000001, '71–100%'],
];

export function reliabilityTable(samples: readonly ReliabilitySample[]): ReliabilityTable {
  const n = samples.length;
  const baseRate = n ? samples.filter((s) => s.failed).length / n : 0;
  let brier = 0;
  let brierBase = 0;
  for (const s of samples) {
    const y = s.failed ? 1 : 0;
    brier += (s.predicted - y) ** 2;
    brierBase += (baseRate - y) ** 2;
  }
  const rows = BUCKETS.map(([lo, hi, bucket]) => {
    const inBucket = samples.filter((s) => s.predicted >= lo && s.predicted < hi);
    const count = inBucket.length;
    return {
      bucket,
      count,
      meanPredicted: count ? inBucket.reduce((a, s) => a + s.predicted, 0) / count : NaN,
      observedRate: count ? inBucket.filter((s) => s.failed).length / count : NaN,
    };
  });
  return { rows, count: n, brier: n ? brier / n : NaN, brierBaseRate: n ? brierBase / n : NaN, baseRate };
}

function pct(x: number): string {
  return Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`;
}

/** A Markdown table (also readable in the test log). */
export function formatReliabilityTable(title: string, t: ReliabilityTable): string {
  const lines = [
    `${title}: ${t.count} predictions, base rate ${pct(t.baseRate)}, Brier ${t.brier.toFixed(3)} (base rate ${t.brierBaseRate.toFixed(3)})`,
    '| predicted bucket | predictions | mean predicted | observed failure within horizon |',
    '|---|---|---|---|',
    ...t.rows.map((r) => `| ${r.bucket} | ${r.count} | ${pct(r.meanPredicted)} | ${pct(r.observedRate)} |`),
  ];
  return lines.join('\n');
}
