/**
 * Failure patterns over the recent checks: failure rate and its trend, the mix of error
 * categories, circuit-breaker trips and flapping. Pure.
 */
import type { ErrorCategory } from '../../shared/categories';

export interface CheckSummary {
  t: number;
  ok: boolean;
  latencyMs: number | null;
  category: ErrorCategory | null;
  breakerOpen: boolean;
  /** The latency anomaly score of this check (0 when failed or still learning). */
  anomaly: number;
}

export interface FailurePatterns {
  checks: number;
  failureRate: number;
  /** Failure rate of the most recent 10 checks. */
  recentFailureRate: number;
  /** recentFailureRate minus the rate of the older checks. */
  failureTrend: number;
  /** Most frequent error category among failures, if any. */
  dominantCategory: ErrorCategory | null;
  /** Share of failures that are saturation errors (too_many_connections, pool_exhausted, timeout). */
  saturationShare: number;
  breakerTrips: number;
  /** ok ↔ failed transitions in the window. */
  flaps: number;
}

const SATURATION: ReadonlySet<ErrorCategory> = new Set(['too_many_connections', 'pool_exhausted', 'timeout']);
const RECENT = 10;

export function failurePatterns(checks: readonly CheckSummary[]): FailurePatterns {
  const n = checks.length;
  let failed = 0;
  let saturation = 0;
  let breakerTrips = 0;
  let flaps = 0;
  const byCategory = new Map<ErrorCategory, number>();
  checks.forEach((c, i) => {
    if (!c.ok) {
      failed++;
      if (c.category) {
        byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + 1);
        if (SATURATION.has(c.category)) saturation++;
      }
    }
    if (c.breakerOpen && (i === 0 || !checks[i - 1].breakerOpen)) breakerTrips++;
    if (i > 0 && c.ok !== checks[i - 1].ok) flaps++;
  });
  const recent = checks.slice(-RECENT);
  const older = checks.slice(0, Math.max(0, n - RECENT));
  const recentFailureRate = recent.length ? recent.filter((c) => !c.ok).length / recent.length : 0;
  const olderRate = older.length ? older.filter((c) => !c.ok).length / older.length : recentFailureRate;
  let dominantCategory: ErrorCategory | null = null;
  let best = 0;
  for (const [cat, count] of byCategory)
    if (count > best) {
      best = count;
      dominantCategory = cat;
    }
  return {
    checks: n,
    failureRate: n ? failed / n : 0,
    recentFailureRate,
    failureTrend: recentFailureRate - olderRate,
    dominantCategory,
    saturationShare: failed ? saturation / failed : 0,
    breakerTrips,
    flaps,
  };
}
