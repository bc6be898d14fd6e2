/**
 * Simulated time for the prediction scenarios: the probes run for real, but each real result is
 * stamped with the simulated time of its check (one check per simulated minute), so an hour-long
 * leak or a 24-hour healthy run takes seconds. Only `startedAt` is simulated; the measured
 * timings (latency) are the real ones.
 */
import type { ProbeResult } from '../../../src/shared/probe';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export class SimulatedClock {
  private t: number;
  constructor(startMs: number) {
    if (!Number.isFinite(startMs)) throw new RangeError('simulated clock: start must be a finite epoch ms');
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('simulated clock: time only moves forward');
    this.t += ms;
  }
}

/** The real result, moved to the simulated time of its check. */
export function atSimulatedTime(result: ProbeResult, startedAt: number): ProbeResult {
  return { ...result, startedAt };
}

/** A small seeded PRNG so each scenario's schedule is the same on every run. */
export { seededRandom } from '../../support/random';
