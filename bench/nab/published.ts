/**
 * NAB's own published results, scored on the same groups of files as our detector.
 *
 * A numenta/NAB checkout holds, per detector and profile, results/<detector>/<detector>_<profile>_scores.csv:
 * one row per data file with the raw score NAB gave that file at the detector's single threshold
 * (optimised by NAB on all 58 files), plus a Totals row. NAB's normalised figure is
 * 100 * (S - S_null) / (S_perfect - S_null) with S_null = -fnWeight * windows (the null detector
 * detects nothing) and S_perfect = tpWeight * windows. Restricting the sums to a group of files
 * gives the published detector's score on that group at its whole-corpus threshold, which is the
 * analogue of our "per family at the thresholds optimised on all files scored" view (ours uses
 * the files we have; theirs all 58). No detector is re-run: these are NAB's numbers.
 *
 * Reads files only (loadPublishedScores); the arithmetic is pure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileGroup } from './groups';
import type { CostMatrix } from './scorer';

export interface PublishedScores {
  detector: string;
  profile: string;
  /** `<family>/<file>.csv` → raw score at NAB's threshold for this detector and profile. */
  perFile: Map<string, number>;
}

/** NAB's *_scores.csv: columns found by header name (File, Score); the Totals row is dropped. */
export function parseNabScoresCsv(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of parseScoreRows(text)) out.set(r.file, r.score);
  return out;
}

interface ScoreRow {
  detector: string;
  profile: string;
  file: string;
  score: number;
}

/** Rows of a NAB scores table (Detector, Profile, File, Score, ... by header name), without Totals. */
function parseScoreRows(text: string): ScoreRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const head = lines[0].split(',');
  const col = (name: string) => head.indexOf(name);
  const [detCol, profCol, fileCol, scoreCol] = [col('Detector'), col('Profile'), col('File'), col('Score')];
  if (fileCol < 0 || scoreCol < 0) return [];
  const out: ScoreRow[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const file = cells[fileCol];
    const score = Number(cells[scoreCol]);
    if (!file || cells[0] === 'Totals' || !Number.isFinite(score)) continue;
    out.push({ detector: cells[detCol] ?? '', profile: cells[profCol] ?? '', file, score });
  }
  return out;
}

/**
 * The published per-file scores kept in the repo (bench/nab/published/scores.csv: NAB's own
 * results tables for ARTime, contextOSE, numenta and knncad, rows of the files in
 * ../shared/data/nab; sources in bench/nab/published/README.md), as PublishedScores.
 */
export function parsePublishedTable(text: string): PublishedScores[] {
  const byKey = new Map<string, PublishedScores>();
  for (const r of parseScoreRows(text)) {
    const key = `${r.detector}|${r.profile}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { detector: r.detector, profile: r.profile, perFile: new Map() };
      byKey.set(key, entry);
    }
    entry.perFile.set(r.file, r.score);
  }
  return [...byKey.values()];
}

export const BUNDLED_PUBLISHED = path.join(__dirname, 'published', 'scores.csv');

export function loadBundledPublishedScores(file = BUNDLED_PUBLISHED): PublishedScores[] {
  return fs.existsSync(file) ? parsePublishedTable(fs.readFileSync(file, 'utf8')) : [];
}

/** Published results under `<root>/results` for the given profiles; [] when there are none. */
export function loadPublishedScores(root: string, profiles: readonly string[]): PublishedScores[] {
  const dir = path.join(root, 'results');
  if (!fs.existsSync(dir)) return [];
  const out: PublishedScores[] = [];
  for (const detector of fs.readdirSync(dir).sort()) {
    for (const profile of profiles) {
      const file = path.join(dir, detector, `${detector}_${profile}_scores.csv`);
      if (!fs.existsSync(file)) continue;
      out.push({ detector, profile, perFile: parseNabScoresCsv(fs.readFileSync(file, 'utf8')) });
    }
  }
  return out;
}

/**
 * The published detector's normalised score on `group`; null when NAB's results lack one of its
 * files or the group has no windows. `windowsOf` gives each file's labelled windows.
 */
export function publishedGroupScore(
  perFile: ReadonlyMap<string, number>,
  group: FileGroup,
  windowsOf: (name: string) => number,
  cost: CostMatrix,
): number | null {
  let raw = 0;
  let windows = 0;
  for (const name of group.files) {
    const s = perFile.get(name);
    if (s === undefined) return null;
    raw += s;
    windows += windowsOf(name);
  }
  if (windows === 0) return null;
  const nullRaw = -cost.fnWeight * windows;
  const perfect = cost.tpWeight * windows;
  return (100 * (raw - nullRaw)) / (perfect - nullRaw);
}
