/**
 * Cross-validated NAB figures (issue 17): detector settings and alarm thresholds chosen by
 * leave-one-family-out cross-validation (crossValidation.ts) over the grid in grid.ts, next to
 * NAB's published detectors on the same files (published/scores.csv). Printed by run.ts
 * (`npm run bench -- nab`); `npx tsx bench/nab/cv.ts` prints this part alone.
 */
import type { DetectorConfig } from '../../src/server/predict/anomaly/detector';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/server/predict/anomaly/detector';
import { scoreSeries } from '../../src/server/predict/anomaly/scoreSeries';
import { ANOMALY_ALARM_THRESHOLD } from '../../src/server/predict/calibration';
import type { NabCorpus } from './corpus';
import { loadNabCorpus } from './corpus';
import type { CvResult, ScoresOf, ThresholdRule } from './crossValidation';
import { chooseSettings, familiesOf, leaveOneFamilyOut, scoreAt } from './crossValidation';
import type { Candidate } from './grid';
import { detectorGrid, ISSUE7_CONFIG } from './grid';
import { familyGroups } from './groups';
import { loadBundledPublishedScores, loadPublishedScores, publishedGroupScore } from './published';
import { scoreDetector } from './scorer';

const PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];
/** The product's alarm threshold is the one chosen for this profile (false alarms weigh double). */
export const PRODUCT_PROFILE = 'reward_low_FP_rate';
/** How the product's threshold is chosen (crossValidation.ts ThresholdRule). */
export const PRODUCT_RULE: ThresholdRule = 'smoothed';

/** Detector output per (config, file), computed once. */
function scoreCache(corpus: NabCorpus): (config: DetectorConfig, name: string) => number[] {
  const byName = new Map(corpus.files.map((f) => [f.name, f]));
  const cache = new Map<string, number[]>();
  return (config, name) => {
    const key = `${JSON.stringify(config)}|${name}`;
    let s = cache.get(key);
    if (!s) {
      const f = byName.get(name);
      if (!f) throw new Error(`no file ${name}`);
      s = scoreSeries(f.timestamps, f.values, config);
      cache.set(key, s);
    }
    return s;
  };
}

export interface CvRow {
  name: string;
  candidates: Candidate[];
  rule: ThresholdRule;
  result: CvResult;
}

const f1 = (n: number) => n.toFixed(1).padStart(8);
const f2 = (n: number) => n.toFixed(2).padStart(8);

function printRow(name: string, scores: Record<string, number>, fa?: number): void {
  console.log(`${name.padEnd(44)}${PROFILES.map((p) => f1(scores[p])).join('')}${fa === undefined ? '' : f2(fa)}`);
}

export function printCrossValidation(corpus: NabCorpus): void {
  const families = familiesOf(corpus.files);
  if (families.length < 2) {
    console.log('\nCross-validation needs at least two NAB families: skipped.');
    return;
  }
  const scoresFor = scoreCache(corpus);
  const issue7 = [{ label: 'issue 7', config: ISSUE7_CONFIG }];
  const sets: { name: string; candidates: Candidate[]; rule: ThresholdRule }[] = [
    { name: 'issue 7 detector, settings fixed', candidates: issue7, rule: 'sweep' },
    { name: 'issue 7 detector, grid of its settings', candidates: detectorGrid(false), rule: 'sweep' },
    { name: 'grid with the shape channel', candidates: detectorGrid(true), rule: 'sweep' },
    { name: 'issue 7 detector fixed, smoothed thresholds', candidates: issue7, rule: 'smoothed' },
    { name: 'grid with shape, smoothed thresholds', candidates: detectorGrid(true), rule: 'smoothed' },
  ];
  if (JSON.stringify(DEFAULT_DETECTOR_CONFIG) !== JSON.stringify(ISSUE7_CONFIG))
    sets.push({
      name: 'product detector, smoothed thresholds',
      candidates: [{ label: 'default', config: DEFAULT_DETECTOR_CONFIG }],
      rule: PRODUCT_RULE,
    });
  console.log(
    `\nLeave-one-family-out cross-validation (${families.length} families: ${families.join(', ')}; settings and thresholds chosen on the others, the held-out family scored at them, pooled over all ${corpus.files.length} files):`,
  );
  console.log(`${'detector'.padEnd(44)}${'standard'.padStart(8)}${'low_FP'.padStart(8)}${'low_FN'.padStart(8)}${'FA/1000'.padStart(8)}`);
  const rows: CvRow[] = [];
  for (const set of sets) {
    const scoresOf: ScoresOf = (c, name) => scoresFor(set.candidates[c].config, name);
    const result = leaveOneFamilyOut(corpus.files, set.candidates.length, scoresOf, corpus.profiles, 'standard', set.rule);
    rows.push({ ...set, result });
    const pooled = Object.fromEntries(PROFILES.map((p) => [p, result.pooled[p].normalised]));
    printRow(set.name, pooled, result.pooled[PRODUCT_PROFILE].falseAlarmsPer1000);
  }
  console.log(
    '(FA/1000: rows scored at or above the low_FP threshold outside any window, per 1,000 rows scored, out of sample; NAB counts rows, not events)',
  );
  const published = loadPublishedFor(corpus);
  if (published.length > 0) {
    console.log(`NAB's published detectors on the same ${corpus.files.length} files (their thresholds: NAB's, optimised on all 58 files):`);
    const windows = new Map(corpus.files.map((f) => [f.name, f.labelledWindows]));
    const all = { name: 'all', files: new Set(corpus.files.map((f) => f.name)), windowCount: corpus.windowCount };
    for (const detector of [...new Set(published.map((p) => p.detector))]) {
      const scores: Record<string, number> = {};
      for (const p of PROFILES) {
        const entry = published.find((e) => e.detector === detector && e.profile === p);
        scores[p] = entry
          ? (publishedGroupScore(entry.perFile, all, (n) => windows.get(n) ?? 0, corpus.profiles[p].CostMatrix) ?? NaN)
          : NaN;
      }
      printRow(`  ${detector}`, scores);
    }
  }
  for (const r of rows) printFolds(r);
  printPerFamily(corpus, rows, published);
  printProductThreshold(corpus, scoresFor);
}

function loadPublishedFor(corpus: NabCorpus) {
  const own = loadPublishedScores(corpus.root, PROFILES);
  return own.length > 0 ? own : loadBundledPublishedScores();
}

function printFolds(row: CvRow): void {
  console.log(`\nFolds of "${row.name}" (${row.candidates.length} candidates):`);
  for (const f of row.result.folds) {
    const t = f.choice.thresholds;
    const h = f.heldOutScores.standard;
    console.log(
      `  held out ${f.heldOut.padEnd(22)} chose [${row.candidates[f.choice.candidate].label}] train std ${f.choice.trainScores.standard.toFixed(1)}; thresholds std ${t.standard.toFixed(3)} lowFP ${t.reward_low_FP_rate.toFixed(3)} lowFN ${t.reward_low_FN_rate.toFixed(3)}; held-out std raw ${h.raw.toFixed(2)} tp ${h.tp} fp ${h.fp}`,
    );
  }
}

/** Each held-out family's standard score (its own windows) next to the published detectors on it. */
function printPerFamily(corpus: NabCorpus, rows: CvRow[], published: ReturnType<typeof loadPublishedFor>): void {
  const groups = familyGroups(corpus.files).filter((g) => g.windowCount > 0);
  console.log(`\nHeld-out family, standard profile (normalised on that family's windows; families without windows only cost):`);
  console.log(
    `${'detector'.padEnd(44)}${groups
      .map((g) =>
        g.name
          .replace(/^(artificial|real)/, '')
          .slice(0, 11)
          .padStart(12),
      )
      .join('')}`,
  );
  const cost = corpus.profiles.standard.CostMatrix;
  for (const r of rows) {
    const cells = groups.map((g) => {
      const fold = r.result.folds.find((f) => f.heldOut === g.name);
      if (!fold) return '         n/a';
      const nullRaw = -cost.fnWeight * g.windowCount;
      const s = fold.heldOutScores.standard;
      return ((100 * (s.raw - nullRaw)) / (cost.tpWeight * g.windowCount - nullRaw)).toFixed(1).padStart(12);
    });
    console.log(`${r.name.padEnd(44)}${cells.join('')}`);
  }
  const windows = new Map(corpus.files.map((f) => [f.name, f.labelledWindows]));
  for (const e of published.filter((p) => p.profile === 'standard')) {
    const cells = groups.map((g) => (publishedGroupScore(e.perFile, g, (n) => windows.get(n) ?? 0, cost) ?? NaN).toFixed(1).padStart(12));
    console.log(`${`  ${e.detector} (published)`.padEnd(44)}${cells.join('')}`);
  }
}

/**
 * The product's threshold: the same choice step on every family (nothing held out), for the
 * product's configuration and rule; compared with ANOMALY_ALARM_THRESHOLD in calibration.ts, with
 * the out-of-sample false alarms of that configuration and rule.
 */
function printProductThreshold(corpus: NabCorpus, scoresFor: (config: DetectorConfig, name: string) => number[]): void {
  const scoresOf: ScoresOf = (_c, name) => scoresFor(DEFAULT_DETECTOR_CONFIG, name);
  const choice = chooseSettings(corpus.files, 1, scoresOf, corpus.profiles, 'standard', PRODUCT_RULE);
  const files = corpus.files.map((f) => ({ name: f.name, windows: f.windows, scores: scoresOf(0, f.name) }));
  const inSample = scoreDetector(files, corpus.profiles, corpus.windowCount);
  const cost = corpus.profiles[PRODUCT_PROFILE].CostMatrix;
  const atProduct = scoreAt(files, cost, ANOMALY_ALARM_THRESHOLD);
  const atOld = scoreAt(files, cost, 0.4);
  const cv = leaveOneFamilyOut(corpus.files, 1, scoresOf, corpus.profiles, 'standard', PRODUCT_RULE).pooled[PRODUCT_PROFILE];
  const per1000 = (s: { fp: number; rows: number }) => ((1000 * s.fp) / s.rows).toFixed(2);
  console.log(
    `\nProduct detector (DEFAULT_DETECTOR_CONFIG${JSON.stringify(DEFAULT_DETECTOR_CONFIG) === JSON.stringify(ISSUE7_CONFIG) ? ', the issue 7 settings' : ''}) in sample (thresholds optimised on all ${corpus.files.length} files, as issue 7 reported): ${inSample.map((r) => `${r.profile} ${r.normalised.toFixed(1)}`).join(', ')}`,
  );
  console.log(
    `Product alarm threshold: the ${PRODUCT_PROFILE} threshold (${PRODUCT_RULE} rule) chosen on all families is ${choice.thresholds[PRODUCT_PROFILE].toFixed(3)}; ANOMALY_ALARM_THRESHOLD = ${ANOMALY_ALARM_THRESHOLD} (0.4 before issue 17).`,
  );
  console.log(
    `False alarms (rows flagged outside windows per 1,000 scored): out of sample ${cv.falseAlarmsPer1000.toFixed(2)} (${cv.fp} of ${cv.rows}, thresholds chosen on the other families); in sample at ${ANOMALY_ALARM_THRESHOLD}: ${per1000(atProduct)} (${atProduct.tp} window rows flagged); at 0.4: ${per1000(atOld)} (${atOld.tp})`,
  );
}

if (require.main === module) {
  const corpus = loadNabCorpus();
  if (!corpus) console.log('NAB data not found (../shared/data/nab): skipped.');
  else printCrossValidation(corpus);
}
