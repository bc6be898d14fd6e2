/**
 * NAB benchmark: runs the product's streaming anomaly detector over the NAB subset (one
 * configuration for every file) and prints standard / reward_low_FP / reward_low_FN scores, next
 * to reference detectors scored by the same scorer (null, perfect, random, a windowed Gaussian).
 *   npx tsx bench/nab/run.ts [--root DIR] [--per-file]
 */
import { loadNabCorpus } from './corpus';
import type { NabCorpus } from './corpus';
import type { ScoredFile } from './scorer';
import { scoreDetector, scoreDataSet } from './scorer';
import { scoreSeries } from '../../src/server/predict/anomaly/scoreSeries';
import { baselineDetectors } from './baselines';

function fmt(n: number): string {
  return n.toFixed(1).padStart(7);
}

export function runDetectors(corpus: NabCorpus, detectors: Record<string, (t: number[], v: number[]) => number[]>) {
  const rows: { name: string; scores: Record<string, number>; files: ScoredFile[] }[] = [];
  for (const [name, detect] of Object.entries(detectors)) {
    const files: ScoredFile[] = corpus.files.map((f) => ({ name: f.name, windows: f.windows, scores: detect(f.timestamps, f.values) }));
    const results = scoreDetector(files, corpus.profiles, corpus.windowCount);
    rows.push({ name, scores: Object.fromEntries(results.map((r) => [r.profile, r.normalised])), files });
  }
  return rows;
}

/** Scores the product detector on the subset; null when the data is absent. */
export function nabScores(): Record<string, number> | null {
  const corpus = loadNabCorpus();
  if (!corpus) return null;
  return runDetectors(corpus, { dbpulse: (t, v) => scoreSeries(t, v) })[0].scores;
}

function main(): void {
  const args = process.argv.slice(2);
  const rootIdx = args.indexOf('--root');
  const corpus = loadNabCorpus(rootIdx >= 0 ? args[rootIdx + 1] : undefined);
  if (!corpus) {
    console.log('NAB data not found (../shared/data/nab): skipped.');
    return;
  }
  const t0 = process.hrtime.bigint();
  const rows = runDetectors(corpus, {
    dbpulse: (t, v) => scoreSeries(t, v),
    ...baselineDetectors(),
  });
  // Scorer check: NAB's perfect detector (1 on the first row of each window) must score 100.
  const perfect = corpus.files.map((f) => ({
    name: f.name,
    windows: f.windows,
    scores: f.values.map((_, i) => (f.windows.some((w) => w.start === i) ? 1 : 0)),
  }));
  rows.push({ name: 'perfect (check)', files: perfect, scores: Object.fromEntries(scoreDetector(perfect, corpus.profiles, corpus.windowCount).map((r) => [r.profile, r.normalised])) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`NAB subset: ${corpus.files.length} files, ${corpus.windowCount} windows`);
  console.log(`${'detector'.padEnd(20)}${'standard'.padStart(9)}${'low_FP'.padStart(8)}${'low_FN'.padStart(8)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(20)}${fmt(r.scores.standard)}  ${fmt(r.scores.reward_low_FP_rate)}${fmt(r.scores.reward_low_FN_rate)}`);
  }
  console.log(`(all detectors + scoring: ${ms.toFixed(0)} ms)`);
  console.log('NAB published (standard, this subset): Numenta HTM 72.3, CAD OSE 71.6, ARTime 69.8, KNN CAD 57.1, Relative Entropy 50.1, Windowed Gaussian 26.5');
  if (args.includes('--per-file')) {
    const ours = rows[0];
    const cost = corpus.profiles.standard.CostMatrix;
    const best = scoreDetector(ours.files, { standard: corpus.profiles.standard }, corpus.windowCount)[0];
    for (const f of ours.files) {
      const s = scoreDataSet(f, cost, best.threshold);
      console.log(`${f.name.padEnd(60)} windows=${f.windows.length} raw=${s?.score.toFixed(2)} tp=${s?.tp} fp=${s?.fp}`);
    }
  }
}

if (require.main === module) main();
