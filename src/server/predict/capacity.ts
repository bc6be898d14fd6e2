/**
 * Capacity forecasts from saturation metrics: for each resource a probe reports (connections
 * used vs the server's limit, transaction-ID age vs the wraparound limit), fit a weighted trend
 * to the used amount, extrapolate to the limit and give a time to failure with an interval.
 * Pure: the trend state lives in PredictorState.
 */
import type { Provider } from '../../shared/categories';
import type { MetricValue } from '../../shared/probe';
import { XID_WRAPAROUND_LIMIT } from './metrics';
import type { TrendFit } from './trend';
import { normalCdf } from './normal';

export interface SaturationResource {
  id: 'connections' | 'xid_wraparound' | 'latency';
  rootCause: string;
  preventiveActions: string[];
  /** The used amount and its limit from one probe's metrics, or null when not reported. */
  read(metrics: Record<string, MetricValue>): { used: number; limit: number } | null;
}

function num(v: MetricValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const CONNECTION_ACTIONS = [
  'Increase pool size headroom: raise max_connections or put a pooler (PgBouncer, ProxySQL) in front',
  'Find the connection leak: release clients in finally blocks and cap the application pool size',
  'Add connection and idle timeouts so abandoned connections are closed',
];

export const SATURATION_RESOURCES: Record<Provider, SaturationResource[]> = {
  postgres: [
    {
      id: 'connections',
      rootCause: 'Connection pool exhaustion (connections approaching max_connections)',
      preventiveActions: CONNECTION_ACTIONS,
      read: (m) => {
        const used = num(m.connections_used);
        const max = num(m.max_connections);
        // Ordinary roles are refused once only the reserved (superuser) slots are left.
        const reserved = num(m.connections_reserved) ?? 0;
        const limit = max === null ? null : max - Math.max(0, Math.min(reserved, max - 1));
        return used !== null && limit !== null && limit > 0 ? { used, limit } : null;
      },
    },
    {
      id: 'xid_wraparound',
      rootCause: 'Transaction ID wraparound (xid age approaching the 2^31 limit)',
      preventiveActions: [
        'Run VACUUM (FREEZE) on the tables with the oldest relfrozenxid',
        'End long-running or idle-in-transaction sessions that hold back the xmin horizon',
        'Make autovacuum more aggressive (autovacuum_freeze_max_age, cost limits)',
      ],
      read: (m) => {
        const used = num(m.xid_wraparound_age);
        return used !== null ? { used, limit: XID_WRAPAROUND_LIMIT } : null;
      },
    },
  ],
  mysql: [
    {
      id: 'connections',
      rootCause: 'Connection pool exhaustion (threads_connected approaching max_connections)',
      preventiveActions: CONNECTION_ACTIONS,
      read: (m) => {
        const used = num(m.threads_connected);
        const limit = num(m.max_connections);
        return used !== null && limit !== null && limit > 0 ? { used, limit } : null;
      },
    },
  ],
  mongodb: [
    {
      id: 'connections',
      rootCause: 'Connection pool exhaustion (connections.current approaching the server limit)',
      preventiveActions: [
        'Lower maxPoolSize per client or raise net.maxIncomingConnections',
        'Find clients that open a MongoClient per request and share one instead',
        'Set maxIdleTimeMS so idle pooled connections are closed',
      ],
      read: (m) => {
        const used = num(m.connections_current);
        const available = num(m.connections_available);
        return used !== null && available !== null ? { used, limit: used + available } : null;
      },
    },
  ],
  firebase: [],
  supabase: [],
};

export interface CapacityForecast {
  resource: SaturationResource['id'];
  used: number;
  limit: number;
  /** used / limit now (fitted). */
  saturation: number;
  /** Hours until the fitted line reaches the limit; null when not climbing. */
  timeToFailureHours: number | null;
  /** 90% interval of the time to failure (upper may be Infinity when the climb is uncertain). */
  intervalHours: [number, number] | null;
  /** Probability that the limit is reached within the horizon, from the slope's uncertainty. */
  probabilityWithinHorizon: number;
  /** Quality of the fit, 0..1. */
  fitQuality: number;
}

const MS_PER_HOUR = 3_600_000;
const Z90 = 1.6448536269514722;

/** Extrapolates a trend fit to the limit. Already at the limit → time to failure 0. */
/** Fewer points or a shorter span than this gives no extrapolation (only the at-limit check). */
export const MIN_FORECAST_POINTS = 10;
export const MIN_FORECAST_SPAN_MS = 10 * 60_000;

export function forecastToLimit(
  resource: SaturationResource['id'],
  fit: TrendFit,
  lastUsed: number,
  limit: number,
  horizonHours: number,
): CapacityForecast {
  const headroom = limit - fit.level;
  const saturation = Math.max(lastUsed, fit.level) / limit;
  const base = { resource, used: lastUsed, limit, saturation };
  const fitQuality = Math.max(0, Math.min(1, fit.r2)) * Math.min(1, fit.points / 20);
  if (lastUsed >= limit || headroom <= 0) {
    return { ...base, timeToFailureHours: 0, intervalHours: [0, 0], probabilityWithinHorizon: 1, fitQuality };
  }
  if (fit.points < MIN_FORECAST_POINTS || fit.spanMs < MIN_FORECAST_SPAN_MS) {
    return { ...base, timeToFailureHours: null, intervalHours: null, probabilityWithinHorizon: 0, fitQuality: 0 };
  }
  // P(slope > headroom / horizon), with the slope ~ Normal(fit.slope, fit.slopeSe).
  const needed = headroom / (horizonHours * MS_PER_HOUR);
  const probabilityWithinHorizon =
    Number.isFinite(fit.slopeSe) && fit.slopeSe > 0 ? 1 - normalCdf((needed - fit.slope) / fit.slopeSe) : fit.slope >= needed ? 1 : 0;
  if (!(fit.slope > 0)) return { ...base, timeToFailureHours: null, intervalHours: null, probabilityWithinHorizon, fitQuality };
  const ttf = headroom / fit.slope / MS_PER_HOUR;
  const fast = fit.slope + Z90 * fit.slopeSe;
  const slow = fit.slope - Z90 * fit.slopeSe;
  const intervalHours: [number, number] = [headroom / fast / MS_PER_HOUR, slow > 0 ? headroom / slow / MS_PER_HOUR : Infinity];
  return { ...base, timeToFailureHours: ttf, intervalHours, probabilityWithinHorizon, fitQuality };
}

/** Slope z-score a fit needs before its extrapolation is trusted for the time to failure. */
export const SIGNIFICANT_SLOPE_Z = 3;
/**
 * A fit is extrapolated at most this many times the time it spans: a 15-minute trend says something
 * about the next half hour, not about tomorrow.
 */
export const EXTRAPOLATION_WINDOWS = 3;

/**
 * Forecasts from several trend windows: the probability is the largest of the windows' (each
 * extrapolated no further than EXTRAPOLATION_WINDOWS × its length), the time to failure the
 * soonest among windows whose climb is significant (slope ≥ 3 standard errors) and within reach.
 */
export function forecastMultiScale(
  resource: SaturationResource['id'],
  fits: readonly TrendFit[],
  lastUsed: number,
  limit: number,
  horizonHours: number,
): CapacityForecast | null {
  let best: CapacityForecast | null = null;
  let maxP = 0;
  let maxQ = 0;
  for (const fit of fits) {
    const reachHours = (EXTRAPOLATION_WINDOWS * Math.min(fit.windowMs, fit.spanMs)) / MS_PER_HOUR;
    const f = forecastToLimit(resource, fit, lastUsed, limit, Math.min(horizonHours, reachHours));
    maxP = Math.max(maxP, f.probabilityWithinHorizon);
    maxQ = Math.max(maxQ, f.fitQuality);
    const significant = f.timeToFailureHours === 0 || (fit.slope > 0 && fit.slope >= SIGNIFICANT_SLOPE_Z * fit.slopeSe);
    if (!significant || f.timeToFailureHours === null || f.timeToFailureHours > reachHours) {
      if (!best) best = { ...f, timeToFailureHours: null, intervalHours: null };
      continue;
    }
    if (!best || best.timeToFailureHours === null || f.timeToFailureHours < best.timeToFailureHours) best = f;
  }
  return best ? { ...best, probabilityWithinHorizon: maxP, fitQuality: best.timeToFailureHours === null ? maxQ : best.fitQuality } : null;
}
