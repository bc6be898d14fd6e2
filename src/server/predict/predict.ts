/**
 * The predictor: PredictorState (or a history) → the product's Prediction. Pure; the clock is the
 * latest check's timestamp, never Date.now().
 */
import type { ProbeResult } from '../../shared/probe';
import { anomalyProbability, combineRisks, degradingWeight, patternProbability } from './calibration';
import type { CapacityForecast } from './capacity';
import { SATURATION_RESOURCES, forecastMultiScale } from './capacity';
import type { FailurePatterns } from './patterns';
import { failurePatterns } from './patterns';
import type { PredictorState } from './state';
import { newPredictorState, updatePredictor } from './state';
import type { TrendFit } from './trend';
import { trendFit } from './trend';
import type { PredictOptions, Prediction, ResponseTimeTrend } from './types';
import { riskLevel } from './types';

const DEFAULTS = { window: 100, horizonHours: 6, timeoutMs: 10_000 };

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Hours to 0.01 h (36 s): a leak minutes from the limit needs minutes of resolution (0.1 h, six
 * minutes, was a ±30% error on its own for a failure ten minutes away).
 */
function roundHours(x: number): number {
  return Math.round(x * 100) / 100;
}

function responseTimeTrend(state: PredictorState): ResponseTimeTrend {
  const lat = state.recent.map((c) => c.latencyMs).filter((x): x is number => x !== null);
  if (lat.length < 10) return 'unknown';
  const half = Math.floor(lat.length / 2);
  const older = lat.slice(0, half);
  const newer = lat.slice(half);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const variance = (a: number[], m: number) => a.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, a.length - 1);
  const mo = mean(older);
  const mn = mean(newer);
  const se = Math.sqrt(variance(older, mo) / older.length + variance(newer, mn) / newer.length);
  const diff = mn - mo;
  if (Math.abs(diff) <= 3 * se || Math.abs(diff) < 0.2 * Math.max(mo, 1)) return 'stable';
  return diff > 0 ? 'degrading' : 'improving';
}

/** Mean latency of the newer half of the window (the half the trend calls newer), or null. */
function newerHalfMean(state: PredictorState): number | null {
  const lat = state.recent.map((c) => c.latencyMs).filter((x): x is number => x !== null);
  const newer = lat.slice(Math.floor(lat.length / 2));
  return newer.length ? newer.reduce((s, x) => s + x, 0) / newer.length : null;
}

interface Candidate {
  family: 'capacity' | 'latency' | 'patterns' | 'anomaly';
  probability: number;
  rootCause: string;
  actions: string[];
  forecast?: CapacityForecast;
}

function patternCause(p: FailurePatterns): { rootCause: string; actions: string[] } {
  if (p.flaps >= 4 && p.failureRate < 0.8) {
    return {
      rootCause: 'Flapping connection (intermittent network or server restarts)',
      actions: [
        'Check network stability between client and server (packet loss, NAT/firewall idle timeouts)',
        'Enable TCP keepalives and client retries with backoff',
        'Check the server log for restarts or OOM kills',
      ],
    };
  }
  switch (p.dominantCategory) {
    case 'too_many_connections':
    case 'pool_exhausted':
      return {
        rootCause: 'Connection pool exhaustion',
        actions: [
          'Increase pool size headroom or add a pooler',
          'Add connection timeout and idle timeout settings',
          'Find and fix connection leaks',
        ],
      };
    case 'timeout':
      return {
        rootCause: 'Timeouts: the server or network is too slow to answer',
        actions: ['Check server load and slow queries', 'Check network latency and packet loss', 'Review connect and statement timeouts'],
      };
    case null:
      return { rootCause: 'Repeated check failures', actions: ['Open the failed checks in the history and diagnose the errors'] };
    default:
      return {
        rootCause: `Repeated failures (${p.dominantCategory})`,
        actions: ['Run "DB Pulse: Diagnose" on the latest error and apply its fixes'],
      };
  }
}

export function predictFromState(state: PredictorState, options: PredictOptions = {}): Prediction {
  const o = { ...DEFAULTS, ...options };
  const checks = state.recent.slice(-o.window);
  const patterns = failurePatterns(checks);
  const latencies = checks.map((c) => c.latencyMs).filter((x): x is number => x !== null);
  const avgLatency = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null;
  const trend = responseTimeTrend(state);

  const candidates: Candidate[] = [];
  for (const resource of SATURATION_RESOURCES[state.provider] ?? []) {
    const track = state.resources[resource.id];
    if (!track) continue;
    const fits = track.trends.map(trendFit).filter((f): f is TrendFit => f !== null);
    const forecast = forecastMultiScale(resource.id, fits, track.lastUsed, track.limit, o.horizonHours);
    if (!forecast) continue;
    candidates.push({
      family: 'capacity',
      probability: forecast.probabilityWithinHorizon,
      rootCause: resource.rootCause,
      actions: resource.preventiveActions,
      forecast,
    });
  }
  const latFits = state.latencyTrends.map(trendFit).filter((f): f is TrendFit => f !== null);
  const latForecast =
    latencies.length > 0 ? forecastMultiScale('latency', latFits, latencies[latencies.length - 1], o.timeoutMs, o.horizonHours) : null;
  if (latForecast) {
    const forecast = latForecast;
    candidates.push({
      family: 'latency',
      probability: forecast.probabilityWithinHorizon,
      rootCause: 'Latency degradation toward the probe timeout',
      actions: [
        'Look for slow queries, locks and resource saturation on the server',
        'Check network latency between client and server',
        'Scale the server or reduce load before the timeout is reached',
      ],
      forecast,
    });
  }
  const pat = patternCause(patterns);
  candidates.push({ family: 'patterns', probability: patternProbability(patterns), rootCause: pat.rootCause, actions: pat.actions });
  const recentAnomaly = Math.max(0, ...checks.slice(-5).map((c) => c.anomaly));
  candidates.push({
    family: 'anomaly',
    probability: anomalyProbability(recentAnomaly, degradingWeight(trend === 'degrading', newerHalfMean(state), o.timeoutMs)),
    rootCause: 'Unusual response times (anomaly detected)',
    actions: ['Compare with recent deployments and traffic changes', 'Check server load and slow queries'],
  });

  const probability = combineRisks(candidates.map((c) => c.probability));
  const top = candidates.reduce((a, b) => (b.probability > a.probability ? b : a));
  const failureProbability = Math.round(100 * probability);
  const risk = riskLevel(failureProbability);

  // Time to failure: the soonest limit among the forecasts that are actually climbing.
  const climbing = candidates.filter(
    (c) => c.forecast && c.forecast.timeToFailureHours !== null && c.forecast.timeToFailureHours <= 24 * 365,
  );
  const soonest = climbing.reduce<Candidate | null>(
    (a, b) => (a === null || (b.forecast?.timeToFailureHours ?? Infinity) < (a.forecast?.timeToFailureHours ?? Infinity) ? b : a),
    null,
  );
  // A climb beyond the horizon is still reported (HEALTHY with a time to failure).
  const lead =
    risk !== 'HEALTHY' && (top.family === 'capacity' || top.family === 'latency') && top.forecast?.timeToFailureHours !== null
      ? top
      : soonest;

  const dataShare = Math.min(1, checks.length / o.window);
  const fitQuality = lead?.forecast ? lead.forecast.fitQuality : 1;
  const confidence = Math.round(100 * (0.2 + 0.8 * dataShare) * (0.5 + 0.5 * fitQuality));

  const ttf = lead?.forecast?.timeToFailureHours ?? null;
  const interval = lead?.forecast?.intervalHours ?? null;
  return {
    failure_rate: `${round1(100 * patterns.failureRate)}%`,
    avg_response_time: avgLatency === null ? 'n/a' : `${Math.round(avgLatency)}ms`,
    response_time_trend: trend,
    prediction: {
      failure_probability: failureProbability,
      time_to_failure_hours: ttf === null ? null : roundHours(ttf),
      time_to_failure_interval_hours: interval
        ? [roundHours(interval[0]), Number.isFinite(interval[1]) ? roundHours(interval[1]) : null]
        : null,
      // HEALTHY with a limit beyond the horizon still names that limit and what to do about it.
      root_cause: risk !== 'HEALTHY' ? top.rootCause : lead ? lead.rootCause : 'No failure expected',
      preventive_actions: risk !== 'HEALTHY' ? top.actions : lead ? lead.actions : [],
      confidence_score: confidence,
      risk_level: risk,
    },
  };
}

/**
 * Predicts from a history of probe results (any order; sorted by time here). The failure rate,
 * averages and patterns use the last `window` checks; trends and the anomaly detector use all.
 */
export function predict(history: readonly ProbeResult[], options: PredictOptions = {}): Prediction {
  const o = { ...DEFAULTS, ...options };
  const sorted = [...history].sort((a, b) => a.startedAt - b.startedAt);
  const first = sorted[0];
  const state = newPredictorState(first?.connectionId ?? 'unknown', first?.provider ?? 'postgres', {
    window: o.window,
    ...(o.trendWindowsMs ? { trendWindowsMs: o.trendWindowsMs } : {}),
  });
  for (const p of sorted) updatePredictor(state, p);
  return predictFromState(state, o);
}
