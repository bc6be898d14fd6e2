/**
 * NAB benchmark: runs the product's streaming anomaly detector over a NAB corpus (one
 * configuration for every file) and prints standard / reward_low_FP / reward_low_FN scores, next
 * to reference detectors scored by the same scorer (null, perfect, random, a windowed Gaussian).
 *   npx tsx bench/nab/run.ts [--root DIR] [--per-file] [--no-cv]
 * The corpus is --root, else $DBPULSE_NAB_DIR (a copy laid out like numenta/NAB, see
 * fetch-notes.md), else the subset in ../shared/data/nab. With files outside the tuned families
 * (groups.ts) it prints the tuned families, the held-out families and everything separately, each
 * with NAB's own threshold optimisation, then a per-family breakdown, NAB's published detectors
 * on the same groups when the copy has NAB's results/ (published.ts), and the held-out families
 * scored at the thresholds chosen on the tuned families. Then the leave-one-family-out
 * cross-validation of settings and thresholds (cv.ts; --no-cv skips it).
 */
import { benchNabRoot, loadNabCorpus, NAB_DIR_ENV } from './corpus';
import type { NabCorpus } from './corpus';
import type { FileGroup } from './groups';
import { corpusGroups, familyGroups, filesOf, optimisedThresholds, scoreGroupAt } from './groups';
import type { ScoredFile } from './scorer';
import { scoreDetector, scoreDataSet } from './scorer';
import { scoreSeries } from '../../src/server/predict/anomaly/scoreSeries';
import { baselineDetectors } from './baselines';
import { loadPublishedScores, publishedGroupScore } from './published';
import { printCrossValidation } from './cv';

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

type Detect = (t: number[], v: number[]) => number[];
type Scores = Record<string, number>;

function header(label: string): void {
  console.log(`${label.padEnd(20)}${'standard'.padStart(9)}${'low_FP'.padStart(8)}${'low_FN'.padStart(8)}`);
}

function row(name: string, scores: Scores): void {
  console.log(`${name.padEnd(20)}${fmt(scores.standard)}  ${fmt(scores.reward_low_FP_rate)}${fmt(scores.reward_low_FN_rate)}`);
}

/** NAB's perfect detector (1 on the first row of each window): the scorer must give it 100. */
function perfectFiles(corpus: NabCorpus): ScoredFile[] {
  return corpus.files.map((f) => ({
    name: f.name,
    windows: f.windows,
    scores: f.values.map((_, i) => (f.windows.some((w) => w.start === i) ? 1 : 0)),
  }));
}

function normalisedScores(files: ScoredFile[], corpus: NabCorpus, windowCount: number): Scores {
  return Object.fromEntries(scoreDetector(files, corpus.profiles, windowCount).map((r) => [r.profile, r.normalised]));
}

const PUBLISHED_FULL =
  'NAB scoreboard (all 58 files, NAB v1.0 README; standard / low_FP / low_FN): Numenta HTM 70.5-69.7 / 62.6-61.7 / 75.2-74.2, ' +
  'CAD OSE 69.9 / 67.0 / 73.2, KNN CAD 58.0 / 43.4 / 64.8, Relative Entropy 54.6 / 47.6 / 58.8, Windowed Gaussian 39.6 / 20.9 / 47.4, ' +
  'Bayesian Changepoint 17.7 / 3.2 / 32.2, Random 11.0 / 1.2 / 19.5';

const SHORT_GROUP: Record<string, string> = { 'tuned families': 'tuned', 'held-out families': 'held-out' };

/**
 * NAB's published results (results/ of a numenta/NAB checkout, see published.ts) on the same
 * groups, next to dbpulse at the thresholds optimised on all files scored. Theirs use NAB's
 * threshold optimised on all 58 files, ours the files present: close, not identical, conditions.
 */
function printPublished(corpus: NabCorpus, ours: ScoredFile[], groups: FileGroup[], atAll: Record<string, number>): void {
  const published = loadPublishedScores(corpus.root, Object.keys(corpus.profiles));
  if (published.length === 0) return;
  const windows = new Map(corpus.files.map((f) => [f.name, f.labelledWindows]));
  const windowsOf = (name: string) => windows.get(name) ?? 0;
  const label = (g: FileGroup) => (SHORT_GROUP[g.name] ?? g.name.replace(/^(artificial|real)/, '')).slice(0, 11);
  for (const profile of Object.keys(corpus.profiles)) {
    const rows = published.filter((p) => p.profile === profile);
    if (rows.length === 0) continue;
    const cost = corpus.profiles[profile].CostMatrix;
    console.log(
      `\nNAB's published results on the same files (${profile}; theirs at NAB's threshold over all 58 files, dbpulse at the one over the ${corpus.files.length} scored):`,
    );
    console.log(`${'detector'.padEnd(20)}${groups.map((g) => label(g).padStart(12)).join('')}`);
    const cells = (score: (g: FileGroup) => number | null) =>
      groups
        .map((g) => {
          const v = score(g);
          return (v === null ? 'n/a' : v.toFixed(1)).padStart(12);
        })
        .join('');
    console.log(
      `${'dbpulse'.padEnd(20)}${cells((g) => scoreGroupAt(ours, g, { [profile]: corpus.profiles[profile] }, atAll)[profile].normalised)}`,
    );
    for (const p of rows) console.log(`${p.detector.padEnd(20)}${cells((g) => publishedGroupScore(p.perFile, g, windowsOf, cost))}`);
  }
}

/** Breakdowns printed when the corpus has files outside the tuned families. */
function printHeldOutViews(corpus: NabCorpus, scored: Record<string, ScoredFile[]>, groups: FileGroup[]): void {
  const [tuned, heldOut, all] = groups;
  const ours = scored.dbpulse;
  const atAll = optimisedThresholds(filesOf(ours, all), corpus.profiles);
  console.log('\nPer family, dbpulse, at the thresholds optimised on all files scored (as NAB scores its whole corpus):');
  console.log(
    `${'family'.padEnd(24)}${'files'.padStart(6)}${'windows'.padStart(8)}${'standard'.padStart(9)}${'low_FP'.padStart(8)}${'low_FN'.padStart(8)}   rows flagged in/out of windows (standard)`,
  );
  for (const g of [...familyGroups(corpus.files), all]) {
    const s = scoreGroupAt(ours, g, corpus.profiles, atAll);
    // A family without windows has no normalised score (perfect = null): only its false positives count.
    const cell = (p: string) => (g.windowCount > 0 ? fmt(s[p].normalised) : '    n/a');
    console.log(
      `${g.name.padEnd(24)}${String(g.files.size).padStart(6)}${String(g.windowCount).padStart(8)}${cell('standard')}  ${cell('reward_low_FP_rate')}${cell('reward_low_FN_rate')}   ${s.standard.tp}/${s.standard.fp}`,
    );
  }
  printPublished(corpus, ours, [tuned, heldOut, all, ...familyGroups(corpus.files).filter((g) => g.windowCount > 0)], atAll);
  console.log(`\nHeld-out families at the thresholds optimised on the tuned families only (${tuned.files.size} files):`);
  header('detector');
  for (const [name, files] of Object.entries(scored)) {
    const s = scoreGroupAt(files, heldOut, corpus.profiles, optimisedThresholds(filesOf(files, tuned), corpus.profiles));
    row(name, Object.fromEntries(Object.entries(s).map(([p, v]) => [p, v.normalised])));
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const rootIdx = args.indexOf('--root');
  const root = rootIdx >= 0 ? args[rootIdx + 1] : benchNabRoot();
  const corpus = loadNabCorpus(root);
  if (!corpus) {
    console.log(`NAB data not found (${root}; set ${NAB_DIR_ENV} or --root for another copy): skipped.`);
    return;
  }
  const t0 = process.hrtime.bigint();
  const detectors: Record<string, Detect> = { dbpulse: (t, v) => scoreSeries(t, v), ...baselineDetectors() };
  const scored: Record<string, ScoredFile[]> = {};
  for (const [name, detect] of Object.entries(detectors)) {
    scored[name] = corpus.files.map((f) => ({ name: f.name, windows: f.windows, scores: detect(f.timestamps, f.values) }));
  }
  scored['perfect (check)'] = perfectFiles(corpus);
  const groups = corpusGroups(corpus.files);
  const heldOutPresent = groups.length > 1;
  console.log(
    heldOutPresent
      ? `NAB corpus ${corpus.root}: ${corpus.files.length} of ${corpus.labelledFiles} labelled files, ${corpus.windowCount} windows`
      : `NAB subset: ${corpus.files.length} files, ${corpus.windowCount} windows`,
  );
  for (const g of groups) {
    if (heldOutPresent) console.log(`\n${g.name}: ${g.files.size} files, ${g.windowCount} windows (thresholds optimised on these files)`);
    header('detector');
    for (const [name, files] of Object.entries(scored)) row(name, normalisedScores(filesOf(files, g), corpus, g.windowCount));
  }
  if (heldOutPresent) printHeldOutViews(corpus, scored, groups);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`(all detectors + scoring: ${ms.toFixed(0)} ms)`);
  // NAB's published detectors on these files are printed by the cross-validation below, from
  // bench/nab/published/scores.csv (or a full checkout's results/).
  if (heldOutPresent) console.log(PUBLISHED_FULL);
  if (!args.includes('--no-cv')) printCrossValidation(corpus);
  if (args.includes('--per-file')) {
    const ours = scored.dbpulse;
    const cost = corpus.profiles.standard.CostMatrix;
    const best = scoreDetector(ours, { standard: corpus.profiles.standard }, corpus.windowCount)[0];
    for (const f of ours) {
      const s = scoreDataSet(f, cost, best.threshold);
      console.log(`${f.name.padEnd(60)} windows=${f.windows.length} raw=${s?.score.toFixed(2)} tp=${s?.tp} fp=${s?.fp}`);
    }
  }
}

if (require.main === module) main();
