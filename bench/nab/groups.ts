/**
 * Splitting a NAB corpus into the families the detector was tuned on and the held-out rest, and
 * scoring a detector's output on a group of files. Pure functions: no file access (see corpus.ts).
 *
 * Every group is scored as NAB scores a corpus: one threshold per profile, optimised by the sweep
 * over the files of that group (scorer.optimizeThreshold), normalised against the null detector on
 * the same files. Two further views make the comparison honest:
 * - per family at the threshold optimised on all files scored (how NAB's whole-corpus figure
 *   breaks down: the family scores share one threshold, as on NAB's scoreboard);
 * - held-out files at the threshold optimised on the tuned families only (nothing about the
 *   held-out files is chosen by looking at them, not even the threshold).
 */
import type { NabFile } from './corpus';
import type { CostMatrix, ProfileResult, Profiles, ScoredFile } from './scorer';
import { normalise, optimizeThreshold, scoreDataSet } from './scorer';

/** The families of the bundled subset (../shared/data/nab), on which settings were compared. */
export const TUNED_FAMILIES: readonly string[] = ['artificialNoAnomaly', 'artificialWithAnomaly', 'realAWSCloudwatch'];

export interface FileGroup {
  name: string;
  /** Names (`<family>/<file>.csv`) of the files in the group. */
  files: ReadonlySet<string>;
  /** Labelled windows of those files (the normalisation's perfect score counts these). */
  windowCount: number;
}

function group(name: string, files: readonly NabFile[]): FileGroup {
  return { name, files: new Set(files.map((f) => f.name)), windowCount: files.reduce((n, f) => n + f.labelledWindows, 0) };
}

/** Tuned families, held-out families, everything; just "all" when nothing is held out. */
export function corpusGroups(files: readonly NabFile[], tuned: readonly string[] = TUNED_FAMILIES): FileGroup[] {
  const inTuned = files.filter((f) => tuned.includes(f.family));
  const heldOut = files.filter((f) => !tuned.includes(f.family));
  if (heldOut.length === 0 || inTuned.length === 0) return [group('all', files)];
  return [group('tuned families', inTuned), group('held-out families', heldOut), group('all', files)];
}

/** One group per family, in order of first appearance. */
export function familyGroups(files: readonly NabFile[]): FileGroup[] {
  const families = [...new Set(files.map((f) => f.family))];
  return families.map((family) =>
    group(
      family,
      files.filter((f) => f.family === family),
    ),
  );
}

export function filesOf(scored: readonly ScoredFile[], g: FileGroup): ScoredFile[] {
  return scored.filter((f) => g.files.has(f.name));
}

/** A ProfileResult without the profile and threshold (the threshold is given, not chosen). */
export type FixedThresholdScore = Omit<ProfileResult, 'profile' | 'threshold'>;

/**
 * A group's score at a threshold chosen elsewhere: the sum of its files' scores at that threshold
 * (NAB's per-file scoreDataSet), normalised against the null detector optimised on the same files.
 */
export function scoreAtThreshold(
  files: readonly ScoredFile[],
  cost: CostMatrix,
  threshold: number,
  windowCount: number,
): FixedThresholdScore {
  let raw = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const f of files) {
    const s = scoreDataSet(f, cost, threshold);
    if (!s) continue;
    raw += s.score;
    tp += s.tp;
    fp += s.fp;
    fn += s.fn;
  }
  const nullRaw = optimizeThreshold(
    files.map((f) => ({ ...f, scores: f.scores.map(() => 0) })),
    cost,
  ).score;
  return { raw, nullRaw, normalised: normalise(raw, nullRaw, windowCount, cost), tp, fp, fn };
}

/** Per profile: the threshold NAB's sweep picks on `files`. */
export function optimisedThresholds(files: readonly ScoredFile[], profiles: Profiles): Record<string, number> {
  return Object.fromEntries(Object.entries(profiles).map(([p, { CostMatrix: cost }]) => [p, optimizeThreshold(files, cost).threshold]));
}

/** Per profile: `group`'s normalised score at the given thresholds. */
export function scoreGroupAt(
  scored: readonly ScoredFile[],
  g: FileGroup,
  profiles: Profiles,
  thresholds: Record<string, number>,
): Record<string, FixedThresholdScore> {
  const files = filesOf(scored, g);
  return Object.fromEntries(
    Object.entries(profiles).map(([p, { CostMatrix: cost }]) => [p, scoreAtThreshold(files, cost, thresholds[p], g.windowCount)]),
  );
}
