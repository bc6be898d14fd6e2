/**
 * Pure: what the editor shows for a connection, from the core's values
 * (probe result, diagnosis, breaker, schedule, prediction).
 */
import type { MetricValue, ProbeResult } from '../../shared/probe';
import type { ConnectionHealth, DiagnosisSummary } from '../../shared/health';
import type { BreakerState } from '../../shared/history';
import type { Diagnosis } from '../diagnosis/types';
import type { Prediction } from '../predict/types';

export function summarize(d: Diagnosis): DiagnosisSummary {
  const s: DiagnosisSummary = {
    category: d.category,
    confidence: d.confidence,
    rootCause: d.rootCause,
    fixes: d.fixes.map((f) => f.title),
  };
  if (d.docsUrl) s.docsUrl = d.docsUrl;
  return s;
}

export function assembleHealth(
  connectionId: string,
  result: ProbeResult | undefined,
  extra: {
    diagnosis?: Diagnosis;
    breaker?: BreakerState;
    nextProbeAt?: number;
    prediction?: Prediction;
    /** The latest real metrics, for results of liveness-only probes (metrics read at most once a minute). */
    lastMetrics?: { startedAt: number; metrics: Record<string, MetricValue> };
  } = {},
): ConnectionHealth {
  const h: ConnectionHealth = { connectionId, state: result?.state ?? 'unknown' };
  if (result) {
    const skipped = result.metrics.metrics_skipped === true;
    if (skipped && extra.lastMetrics) {
      h.result = { ...result, metrics: extra.lastMetrics.metrics };
      h.metricsAt = extra.lastMetrics.startedAt;
    } else {
      h.result = result;
      if (!skipped) h.metricsAt = result.startedAt;
    }
  }
  if (result?.state === 'down' && extra.diagnosis) h.diagnosis = summarize(extra.diagnosis);
  if (extra.breaker) h.breaker = extra.breaker;
  if (extra.nextProbeAt !== undefined) h.nextProbeAt = extra.nextProbeAt;
  if (extra.prediction) h.prediction = extra.prediction;
  return h;
}
