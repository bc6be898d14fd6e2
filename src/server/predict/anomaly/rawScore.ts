/**
 * Raw anomaly scores in [0, 1], one per "channel", each asking a different question about the
 * new value, all relative to the series' observed range (the way an HTM scalar encoder's
 * resolution follows the range):
 *   short     how badly the best forecast missed (previous value, slow level, or the same
 *             time one day earlier ± seasonRadius slots): a value any forecaster expected is
 *             not surprising, like HTM's union of predictions;
 *   seasonal  how far the value is from the same time one day earlier ± seasonRadius slots
 *             (undefined until a day of history exists): catches a daily pattern that changes
 *             smoothly, which the previous value would always explain;
 *   context   whether this value level has been seen after the previous level (a transition
 *             never or rarely seen before scores high), a cheap relative of CAD OSE's contexts;
 *   shape     the same question for the last `shapeOrder` coarse levels (CAD OSE's 3-bit values,
 *             8 levels): is this short shape of the series new? CAD OSE scores the share of new
 *             contexts among the facts of the last values, ARTime a window of recent values that
 *             resonates with no learned category; both ask "has this recent shape been seen?".
 *             Bounded: at most shapeLevels^(shapeOrder + 1) counts. Off when shapeOrder is 0.
 * Online, O(1) per point, no look-ahead.
 */
import type { SeasonalMemoryState } from './seasonalMemory';
import { newSeasonalMemory, seasonalNearestError, seasonalRemember } from './seasonalMemory';

export interface RawScoreConfig {
  /** Error (as a fraction of the observed range) that counts as fully surprising. */
  tolerance: number;
  /** Smoothing factor of the slow level forecaster. */
  levelAlpha: number;
  /** Daily seasonality: period and slot count of the seasonal memory. */
  seasonPeriodMs: number;
  seasonSlots: number;
  /** Number of value levels the context channel distinguishes. */
  contextLevels: number;
  /** Slots either side searched by the seasonal forecaster (pattern arriving early or late). */
  seasonRadius: number;
  /** Whether a value the seasonal forecaster expected is unsurprising to the short channel. */
  shortUsesSeason: boolean;
  /** Previous levels in the shape channel's context (0: no shape channel). */
  shapeOrder: number;
  /** Value levels the shape channel distinguishes. */
  shapeLevels: number;
}

export const DEFAULT_RAW_SCORE_CONFIG: RawScoreConfig = {
  tolerance: 0.16,
  levelAlpha: 0.05,
  seasonPeriodMs: 86_400_000,
  seasonSlots: 288,
  contextLevels: 16,
  seasonRadius: 2,
  shortUsesSeason: true,
  shapeOrder: 0,
  shapeLevels: 8,
};

export interface RawScoreState {
  count: number;
  min: number;
  max: number;
  last: number;
  level: number;
  season: SeasonalMemoryState;
  /** Transition counts between value levels, keyed "from:to" (bounded: levels²). */
  transitions: Record<string, number>;
  fromCounts: Record<string, number>;
  lastLevel: number;
  /** Shape channel: the last shapeOrder levels and the counts of (shape, next level). */
  shapeRecent?: number[];
  shapeCounts?: Record<string, number>;
  shapeFromCounts?: Record<string, number>;
}

export interface RawScores {
  short: number;
  seasonal: number | undefined;
  context: number;
  /** 0 while the shape channel is off or has not seen shapeOrder levels yet. */
  shape: number;
}

export function newRawScoreState(config: RawScoreConfig): RawScoreState {
  return {
    count: 0,
    min: 0,
    max: 0,
    last: 0,
    level: 0,
    season: newSeasonalMemory(config.seasonPeriodMs, config.seasonSlots),
    transitions: {},
    fromCounts: {},
    lastLevel: -1,
  };
}

/**
 * Surprise of the transition from → to with add-one smoothing (1 for a never-seen one), then
 * counts it. Shared by the context and shape channels.
 */
function transitionSurprise(counts: Record<string, number>, fromCounts: Record<string, number>, from: string, to: number): number {
  const key = `${from}:${to}`;
  const seen = counts[key] ?? 0;
  const n = fromCounts[from] ?? 0;
  counts[key] = seen + 1;
  fromCounts[from] = n + 1;
  return n === 0 ? 1 : 1 - seen / (n + 1);
}

function levelOf(x: number, min: number, max: number, levels: number): number {
  if (!(max > min)) return 0;
  return Math.max(0, Math.min(levels - 1, Math.floor(((x - min) / (max - min)) * levels)));
}

export function updateRawScores(s: RawScoreState, config: RawScoreConfig, t: number, x: number): RawScores {
  const out: RawScores = { short: 0, seasonal: undefined, context: 0, shape: 0 };
  if (s.count === 0) {
    s.min = x;
    s.max = x;
    s.level = x;
  } else {
    const range = s.max - s.min;
    const scale = config.tolerance * (range > 0 ? range : Math.max(Math.abs(s.max), 1));
    let shortErr = Math.min(Math.abs(x - s.last), Math.abs(x - s.level));
    const seasonalErr = seasonalNearestError(s.season, t, x, config.seasonRadius);
    if (seasonalErr !== undefined) {
      out.seasonal = Math.min(1, seasonalErr / scale);
      if (config.shortUsesSeason) shortErr = Math.min(shortErr, seasonalErr);
    }
    out.short = Math.min(1, shortErr / scale);
    s.level += config.levelAlpha * (x - s.level);
    if (x < s.min) s.min = x;
    if (x > s.max) s.max = x;
  }
  const lvl = levelOf(x, s.min, s.max, config.contextLevels);
  if (s.lastLevel >= 0) out.context = transitionSurprise(s.transitions, s.fromCounts, String(s.lastLevel), lvl);
  s.lastLevel = lvl;
  if (config.shapeOrder > 0) out.shape = updateShape(s, config, levelOf(x, s.min, s.max, config.shapeLevels));
  s.last = x;
  s.count++;
  seasonalRemember(s.season, t, x);
  return out;
}

/** The shape channel's surprise for the new coarse level `lvl`, then remembers it. */
function updateShape(s: RawScoreState, config: RawScoreConfig, lvl: number): number {
  const recent = (s.shapeRecent ??= []);
  const counts = (s.shapeCounts ??= {});
  const fromCounts = (s.shapeFromCounts ??= {});
  const surprise = recent.length === config.shapeOrder ? transitionSurprise(counts, fromCounts, recent.join(','), lvl) : 0;
  recent.push(lvl);
  if (recent.length > config.shapeOrder) recent.shift();
  return surprise;
}
