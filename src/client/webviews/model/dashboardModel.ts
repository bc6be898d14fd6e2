/** What the dashboard asks for and shows, as plain values: ranges, resolutions, rows. Pure. */
import type { ErrorCategory } from '../../../shared/categories';
import type { SeriesQuery } from '../../../shared/history';
import type { Uptime } from '../../../shared/history';
import type { Prediction } from '../../../shared/prediction';
import { categoryLabel, formatHours, formatHoursInterval, formatPercent, RISK_LABELS, riskTone } from './format';

export const RANGES = ['1h', '24h', '7d', '30d'] as const;
export type RangeId = (typeof RANGES)[number];

export const RANGE_MS: Readonly<Record<RangeId, number>> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export const RANGE_LABELS: Readonly<Record<RangeId, string>> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

/** Raw probe points are drawn for windows up to this long; longer ones use hourly p50/p95. */
export const RAW_WINDOW_LIMIT_MS = 2 * 86_400_000;

export function isRangeId(v: unknown): v is RangeId {
  return typeof v === 'string' && (RANGES as readonly string[]).includes(v);
}

/** The history request for a range ending now. */
export function seriesParams(connectionId: string, range: RangeId, now: number): SeriesQuery {
  const span = RANGE_MS[range];
  return { connectionId, from: now - span, to: now, resolution: span <= RAW_WINDOW_LIMIT_MS ? 'raw' : 'hour' };
}

export interface ErrorRow {
  category: ErrorCategory;
  label: string;
  count: number;
  /** 0..1 of all errors in the window. */
  share: number;
}

/** Error counts as rows, most frequent first (ties by id, so the order is stable); zero counts left out. */
export function errorRows(counts: Partial<Record<ErrorCategory, number>> | null | undefined): ErrorRow[] {
  if (!counts) return [];
  const entries = Object.entries(counts).filter((e): e is [ErrorCategory, number] => typeof e[1] === 'number' && e[1] > 0);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return entries
    .map(([category, count]) => ({ category, label: categoryLabel(category), count, share: total ? count / total : 0 }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}

export interface UptimeRow {
  label: string;
  text: string;
  /** `ok` ≥ 99.9, `warn` ≥ 99, `bad` below, `none` without probes. */
  tone: 'ok' | 'warn' | 'bad' | 'none';
  detail: string;
}

export function uptimeRows(u: Uptime | null | undefined): UptimeRow[] {
  const figures: Array<[string, Uptime['h24'] | undefined]> = [
    ['24 hours', u?.h24],
    ['7 days', u?.d7],
    ['30 days', u?.d30],
  ];
  return figures.map(([label, f]) => {
    if (!f || f.percent === null || f.probes === 0) return { label, text: '—', tone: 'none' as const, detail: 'no probes' };
    const tone = f.percent >= 99.9 ? 'ok' : f.percent >= 99 ? 'warn' : 'bad';
    const parts = [`${f.probes} probes`, `${f.down} failed`];
    if (f.degraded) parts.push(`${f.degraded} degraded`);
    return { label, text: formatPercent(f.percent), tone, detail: parts.join(' · ') };
  });
}

export interface PredictionView {
  riskLabel: string;
  tone: 'bad' | 'warn' | 'ok';
  probability: string;
  /** 0..100 for the meter. */
  probabilityValue: number;
  timeToFailure: string;
  interval: string;
  rootCause: string;
  actions: string[];
  confidence: string;
  facts: Array<[string, string]>;
}

export function predictionView(p: Prediction): PredictionView {
  const q = p.prediction;
  const prob = Math.max(0, Math.min(100, q.failure_probability));
  return {
    riskLabel: RISK_LABELS[q.risk_level] ?? q.risk_level,
    tone: riskTone(q.risk_level),
    probability: `${Math.round(prob)}%`,
    probabilityValue: prob,
    timeToFailure: q.time_to_failure_hours === null ? 'nothing is running out' : formatHours(q.time_to_failure_hours),
    interval: q.time_to_failure_hours === null ? '—' : formatHoursInterval(q.time_to_failure_interval_hours),
    rootCause: q.root_cause,
    actions: q.preventive_actions.slice(),
    confidence: `${Math.round(Math.max(0, Math.min(100, q.confidence_score)))}%`,
    facts: [
      ['Failure rate', p.failure_rate],
      ['Average response', p.avg_response_time],
      ['Response trend', p.response_time_trend],
    ],
  };
}
