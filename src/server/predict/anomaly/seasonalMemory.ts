/**
 * Remembers the most recent value seen in each time-of-day slot, so the value "same time
 * yesterday" is an O(1) look-up with constant memory (slots × 2 numbers), whatever the sampling
 * interval. Plain-data state.
 */
export interface SeasonalMemoryState {
  periodMs: number;
  slotMs: number;
  /** Per slot: timestamp (ms) of the value kept, or -1. */
  times: number[];
  values: number[];
}

export function newSeasonalMemory(periodMs: number, slots: number): SeasonalMemoryState {
  if (!(periodMs > 0) || !Number.isInteger(slots) || slots < 1)
    throw new RangeError('seasonal memory needs a positive period and slot count');
  return { periodMs, slotMs: periodMs / slots, times: new Array<number>(slots).fill(-1), values: new Array<number>(slots).fill(0) };
}

function slotOf(s: SeasonalMemoryState, t: number): number {
  const phase = ((t % s.periodMs) + s.periodMs) % s.periodMs;
  return Math.min(s.times.length - 1, Math.floor(phase / s.slotMs));
}

/**
 * The value stored one period before `t` (within a slot's width), or undefined.
 * Call before `seasonalRemember` for the same row.
 */
export function seasonalRecall(s: SeasonalMemoryState, t: number): number | undefined {
  const i = slotOf(s, t);
  const then = s.times[i];
  if (then < 0) return undefined;
  const age = t - then;
  return age >= s.periodMs - s.slotMs && age <= s.periodMs + s.slotMs ? s.values[i] : undefined;
}

export function seasonalRemember(s: SeasonalMemoryState, t: number, value: number): void {
  const i = slotOf(s, t);
  // Keep the first value of the slot for this period, so recall compares like with like.
  if (s.times[i] >= 0 && t - s.times[i] < s.periodMs - s.slotMs) return;
  s.times[i] = t;
  s.values[i] = value;
}

/**
 * The smallest distance between `x` and the values stored one period earlier in the slots
 * within `radius` slots of `t` (tolerates a pattern arriving a little early or late), or
 * undefined when none of those slots holds a value from one period earlier.
 */
export function seasonalNearestError(s: SeasonalMemoryState, t: number, x: number, radius: number): number | undefined {
  let best: number | undefined;
  for (let k = -radius; k <= radius; k++) {
    const v = seasonalRecall(s, t + k * s.slotMs);
    if (v === undefined) continue;
    const e = Math.abs(x - v);
    if (best === undefined || e < best) best = e;
  }
  return best;
}
