/**
 * The cost optimiser, pure: findings and measured statistics in, a cost report
 * with ranked recommendations out. Every recommendation names what it rests on
 * (`basedOn`), and its savings follow a stated rule (docs/advisors.md, "Cost"):
 *   query_optimization  current × share of statement time of the queries an index
 *                       or rewrite would cut × REWRITE_GAIN
 *   caching             current × share of calls of repeated identical reads × CACHE_HIT
 *   pooling             current × connection set-up share, CONNECT_MS / (CONNECT_MS + avg session ms)
 *   storage_cleanup     reclaimable bytes (unused/duplicate indexes, dead rows) × price per GB-month
 *   instance_sizing     instance model only: half the instance price when connections and
 *                       cache leave a size of headroom
 * Ranking: priority (HIGH, MEDIUM, LOW), then the shortest ROI time, then the
 * largest saving, then kind. Priority: HIGH when the saving is ≥ 10 % of the
 * current cost or the recommendation rests on a critical finding; MEDIUM when
 * ≥ 2 % or it rests on a warning; LOW otherwise.
 */
import type { CostReport, Finding, Level, Priority, Recommendation, RecommendationKind } from '../../shared/advisors';
import { RECOMMENDATION_KINDS } from '../../shared/advisors';
import type { Provider } from '../../shared/categories';
import {
  costModel,
  DEFAULT_HOURLY_RATE,
  DEFAULT_STORAGE_PER_GB_MONTH,
  HOURS_PER_MONTH,
  monthlyCost,
  round2,
  type CostSettings,
} from './models';
import { requestVolume, type CounterSample } from './volume';

export const REWRITE_GAIN = 0.8;
export const CACHE_HIT = 0.5;
/** Typical cost of opening a PostgreSQL/MySQL session (fork or thread, authentication), in ms. */
export const CONNECT_MS = 3;
/** A statement is a repeated read worth caching when it has at least this share of all calls. */
export const CACHING_MIN_CALL_SHARE = 0.1;
export const EFFORT_HOURS: Record<Level, number> = { low: 2, medium: 8, high: 40 };

export interface StatementStat {
  id: string;
  /** Normalised text, as the statistics view stores it. */
  query: string;
  calls: number;
  meanMs: number;
  /** Share of all statement time / of all calls. */
  timeShare: number;
  callShare: number;
}

export interface CostInputs {
  provider: Provider;
  settings?: CostSettings;
  /** Cumulative request counter samples (at least two for a volume). */
  samples: CounterSample[];
  counterName: string;
  findings: Finding[];
  statements?: StatementStat[];
  /** Peak connections seen and the limit. */
  connections?: { peak: number; max: number };
  cacheHitRate?: number;
}

interface Draft {
  kind: RecommendationKind;
  title: string;
  effort: Level;
  savings: number;
  basedOn: Finding[];
  extraBasis?: string[];
  /** Raises priority regardless of savings (risk, not money). */
  risk?: boolean;
}

const key = (f: Finding) => `${f.kind}:${f.object ?? ''}`;
const numberOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function costReport(inputs: CostInputs): CostReport {
  const model = costModel(inputs.provider, inputs.settings);
  const volume = requestVolume(inputs.samples, inputs.counterName);
  const current = monthlyCost(model, volume?.requestsPerMonth ?? null);
  const drafts = draftsFor(inputs, current ?? 0);
  const recommendations = rank(drafts.map((d) => finish(d, current, inputs.settings?.hourlyRate ?? DEFAULT_HOURLY_RATE)));
  const saved = recommendations.reduce((a, r) => a + r.monthlySavings, 0);
  return {
    currency: 'USD',
    model,
    requestsPerMonth: volume?.requestsPerMonth ?? null,
    basis: volume?.basis ?? `no request volume: fewer than two readings of ${inputs.counterName}`,
    monthly: { current, optimized: current === null ? null : round2(Math.max(0, current - saved)) },
    recommendations,
  };
}

function draftsFor(inputs: CostInputs, current: number): Draft[] {
  const out: Draft[] = [];
  const f = inputs.findings;
  const stmts = inputs.statements ?? [];
  // Query optimisation: each missing index with the statements that read its table; slow/top queries.
  for (const mi of f.filter((x) => x.kind === 'missing_index')) {
    const table = (mi.object ?? '').split('.').pop()?.replace(/"/g, '') ?? '';
    const hits = stmts.filter((s) => table && new RegExp(`\\b${table.replace(/[^\w]/g, '')}\\b`, 'i').test(s.query));
    const share = hits.reduce((a, s) => a + s.timeShare, 0);
    out.push({
      kind: 'query_optimization',
      title: `Index ${mi.object}`,
      effort: 'low',
      savings: current * Math.min(1, share) * REWRITE_GAIN,
      basedOn: [mi],
      extraBasis: hits.map((s) => `statement:${s.id}`),
    });
  }
  const covered = new Set(out.flatMap((d) => d.extraBasis ?? []));
  for (const q of f.filter((x) => x.kind === 'slow_query' || x.kind === 'top_time_query')) {
    const id = String(q.evidence.queryid ?? q.evidence.digest ?? q.object);
    if (covered.has(`statement:${id}`)) continue;
    covered.add(`statement:${id}`);
    const related = f.filter((x) => (x.kind === 'slow_query' || x.kind === 'top_time_query') && x.object === q.object);
    out.push({
      kind: 'query_optimization',
      title: `Optimise ${q.object} (${numberOf(q.evidence.mean_ms)} ms average)`,
      effort: 'medium',
      savings: current * Math.min(1, numberOf(q.evidence.share_of_time)) * REWRITE_GAIN,
      basedOn: related,
    });
  }
  // Caching: repeated identical reads.
  for (const s of stmts.filter((x) => x.callShare >= CACHING_MIN_CALL_SHARE && /^\s*select\b/i.test(x.query))) {
    out.push({
      kind: 'caching',
      title: `Cache the result of statement ${s.id} (${Math.round(s.callShare * 100)}% of all calls)`,
      effort: 'medium',
      savings: current * s.callShare * CACHE_HIT,
      basedOn: [],
      extraBasis: [`statement:${s.id}`],
    });
  }
  // Pooling: churn (money) and saturation / idle transactions (risk).
  const churn = f.find((x) => x.kind === 'connection_churn');
  const pressure = f.filter((x) => x.kind === 'connection_saturation' || x.kind === 'idle_in_transaction');
  if (churn || pressure.length) {
    const avg = churn ? numberOf(churn.evidence.avg_session_ms) : 0;
    out.push({
      kind: 'pooling',
      title: churn ? 'Pool connections instead of opening one per request' : 'Pool connections to stay clear of the connection limit',
      effort: 'low',
      savings: churn ? (current * CONNECT_MS) / (CONNECT_MS + avg) : 0,
      basedOn: [...(churn ? [churn] : []), ...pressure],
      risk: pressure.length > 0,
    });
  }
  // Storage clean-up.
  const storage = f.filter((x) => x.kind === 'unused_index' || x.kind === 'duplicate_index' || x.kind === 'table_bloat');
  if (storage.length) {
    const bytes = storage.reduce((a, x) => a + numberOf(x.kind === 'table_bloat' ? x.evidence.wasted_bytes_estimate : x.evidence.bytes), 0);
    const price = inputs.settings?.storagePerGbMonth ?? DEFAULT_STORAGE_PER_GB_MONTH;
    out.push({
      kind: 'storage_cleanup',
      title: `Reclaim ${(bytes / 1e9).toFixed(3)} GB (${storage.length} unused or duplicate indexes and bloated tables)`,
      effort: 'low',
      savings: (bytes / 1e9) * price,
      basedOn: storage,
    });
  }
  // Instance sizing, under the instance model only.
  const perHour = inputs.settings?.instancePerHour;
  if (perHour !== undefined && inputs.connections && inputs.connections.max > 0) {
    const use = inputs.connections.peak / inputs.connections.max;
    const cacheTight = f.some((x) => x.kind === 'low_cache_hit');
    if (use < 0.25 && !cacheTight && (inputs.cacheHitRate ?? 1) >= 0.999)
      out.push({
        kind: 'instance_sizing',
        title: `Try one instance size smaller (peak ${Math.round(use * 100)}% of connections, cache hit ${((inputs.cacheHitRate ?? 1) * 100).toFixed(1)}%)`,
        effort: 'medium',
        savings: (perHour * HOURS_PER_MONTH) / 2,
        basedOn: [],
        extraBasis: ['metric:connections_peak', 'metric:cache_hit_rate'],
      });
    else if (cacheTight)
      out.push({
        kind: 'instance_sizing',
        title: 'Give the instance more memory: the working set does not fit in the cache',
        effort: 'medium',
        savings: 0,
        basedOn: f.filter((x) => x.kind === 'low_cache_hit'),
        risk: true,
      });
  }
  return out;
}

function levelOf(share: number): Level {
  return share >= 0.1 ? 'high' : share >= 0.02 ? 'medium' : 'low';
}

export function priorityOf(share: number, basedOn: Finding[], risk = false): Priority {
  if (share >= 0.1 || basedOn.some((f) => f.severity === 'critical')) return 'HIGH';
  if (share >= 0.02 || risk || basedOn.some((f) => f.severity === 'warning')) return 'MEDIUM';
  return 'LOW';
}

function finish(d: Draft, current: number | null, hourlyRate: number): Recommendation {
  const savings = round2(Math.max(0, d.savings));
  const share = current && current > 0 ? savings / current : 0;
  const critical = d.basedOn.some((f) => f.severity === 'critical');
  return {
    kind: d.kind,
    title: d.title,
    priority: priorityOf(share, d.basedOn, d.risk),
    effort: d.effort,
    impact: critical ? 'high' : d.risk ? (levelOf(share) === 'low' ? 'medium' : levelOf(share)) : levelOf(share),
    monthlySavings: savings,
    roiMonths: savings > 0 ? Math.round(((EFFORT_HOURS[d.effort] * hourlyRate) / savings) * 100) / 100 : null,
    basedOn: [...d.basedOn.map(key), ...(d.extraBasis ?? [])],
  };
}

const PRIORITY_ORDER: Record<Priority, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/** The documented order: priority, shortest ROI (none last), largest saving, kind. */
export function rank(list: Recommendation[]): Recommendation[] {
  return [...list].sort(
    (a, b) =>
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
      (a.roiMonths ?? Infinity) - (b.roiMonths ?? Infinity) ||
      b.monthlySavings - a.monthlySavings ||
      RECOMMENDATION_KINDS.indexOf(a.kind) - RECOMMENDATION_KINDS.indexOf(b.kind) ||
      a.title.localeCompare(b.title),
  );
}
