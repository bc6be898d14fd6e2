/**
 * Simulated probe histories for the pure scenario tests and the calibration table. Seeded, so
 * every run sees the same data; the scenarios are generic shapes (leak, healthy, flapping,
 * latency degradation), not fitted to the predictor.
 */
import type { ProbeResult } from '../../../src/shared/probe';
import type { ErrorCategory } from '../../../src/shared/categories';
import { seededRandom as rng } from '../../support/random';

export { seededRandom as rng } from '../../support/random';

export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export const MINUTE = 60_000;
export const T0 = Date.UTC(2025, 0, 6, 0, 0, 0);

export function probe(
  t: number,
  ok: boolean,
  latencyMs: number,
  metrics: ProbeResult['metrics'] = {},
  category?: ErrorCategory,
): ProbeResult {
  return {
    connectionId: 'sim',
    provider: 'postgres',
    startedAt: t,
    state: ok ? 'up' : 'down',
    timings: { totalMs: latencyMs },
    metrics,
    ...(ok ? {} : { error: { message: 'simulated', category: category ?? 'unknown' } }),
  };
}

/** Daily-seasonal healthy latency around `base` ms with noise. */
export function healthyLatency(t: number, base: number, r: () => number): number {
  const day = Math.sin((2 * Math.PI * (t - T0)) / 86_400_000);
  return Math.max(1, base * (1 + 0.2 * day) + base * 0.1 * gaussian(r));
}

export interface LeakScenario {
  history: ProbeResult[];
  /** Timestamp of the first refused connection. */
  failAt: number;
}

/**
 * A connection leak: steady use for `warmupMin` minutes, then connections climb linearly by
 * `ratePerMin` (with noise) until max_connections, after which checks are refused.
 */
export function leakScenario(
  seed: number,
  opts: { warmupMin?: number; ratePerMin?: number; max?: number; base?: number; afterMin?: number } = {},
): LeakScenario {
  const r = rng(seed);
  const { warmupMin = 600, ratePerMin = 0.25, max = 100, base = 20, afterMin = 30 } = opts;
  const history: ProbeResult[] = [];
  let failAt = -1;
  for (let m = 0; ; m++) {
    const t = T0 + m * MINUTE;
    const climb = m > warmupMin ? (m - warmupMin) * ratePerMin : 0;
    const used = Math.round(base + climb + 2 * gaussian(r));
    if (used >= max && failAt < 0) failAt = t;
    if (failAt >= 0) {
      history.push(probe(t, false, 5, {}, 'too_many_connections'));
      if (t - failAt >= afterMin * MINUTE) break;
    } else {
      history.push(probe(t, true, healthyLatency(t, 20, r), { connections_used: Math.max(0, used), max_connections: max }));
    }
  }
  return { history, failAt };
}

export function healthyScenario(seed: number, minutes = 24 * 60 + 600): ProbeResult[] {
  const r = rng(seed);
  const out: ProbeResult[] = [];
  for (let m = 0; m < minutes; m++) {
    const t = T0 + m * MINUTE;
    out.push(probe(t, true, healthyLatency(t, 20, r), { connections_used: Math.round(30 + 3 * gaussian(r)), max_connections: 100 }));
  }
  return out;
}

/** Healthy, then a flapping network: checks fail with probability `failP` in bursts. */
export function flappingScenario(seed: number, healthyMin = 600, flappingMin = 60, failP = 0.4): ProbeResult[] {
  const r = rng(seed);
  const out: ProbeResult[] = [];
  for (let m = 0; m < healthyMin + flappingMin; m++) {
    const t = T0 + m * MINUTE;
    const fail = m >= healthyMin && r() < failP;
    out.push(
      fail
        ? probe(t, false, 10_000, {}, r() < 0.5 ? 'timeout' : 'connection_reset')
        : probe(t, true, healthyLatency(t, 20, r), { connections_used: 30, max_connections: 100 }),
    );
  }
  return out;
}

/** Healthy, then latency grows geometrically by `growthPerMin` until it reaches the timeout. */
export function latencyDegradationScenario(
  seed: number,
  healthyMin = 600,
  growthPerMin = 0.02,
  timeoutMs = 10_000,
): { history: ProbeResult[]; failAt: number } {
  const r = rng(seed);
  const out: ProbeResult[] = [];
  let failAt = -1;
  for (let m = 0; m < healthyMin + 2000; m++) {
    const t = T0 + m * MINUTE;
    const factor = m > healthyMin ? Math.pow(1 + growthPerMin, m - healthyMin) : 1;
    const lat = healthyLatency(t, 20, r) * factor;
    if (lat >= timeoutMs) {
      failAt = t;
      out.push(probe(t, false, timeoutMs, {}, 'timeout'));
      break;
    }
    out.push(probe(t, true, lat, { connections_used: 30, max_connections: 100 }));
  }
  return { history: out, failAt };
}
