/**
 * PredictorState: everything the predictor needs, updated once per probe in O(1) (amortised) and
 * serialisable as JSON, so predicting after each probe never re-reads the history.
 */
import type { Provider } from '../../shared/categories';
import type { ProbeResult } from '../../shared/probe';
import type { DetectorState } from './anomaly/detector';
import { DEFAULT_DETECTOR_CONFIG, detectorUpdate, newDetectorState } from './anomaly/detector';
import { SATURATION_RESOURCES } from './capacity';
import type { CheckSummary } from './patterns';
import type { TrendState } from './trend';
import { newTrend, trendUpdate } from './trend';

export interface PredictorStateOptions {
  window: number;
  /**
   * Lengths of the trend windows, ms. Several run side by side: a short one follows a leak that
   * just started, a long one a slow climb through noise (see capacity.ts).
   */
  trendWindowsMs: number[];
}

export const DEFAULT_STATE_OPTIONS: PredictorStateOptions = { window: 100, trendWindowsMs: [15, 60, 240, 960].map((m) => m * 60_000) };

export interface ResourceTrack {
  trends: TrendState[];
  lastUsed: number;
  limit: number;
  lastT: number;
}

export interface PredictorState {
  version: 1;
  connectionId: string;
  provider: Provider;
  options: PredictorStateOptions;
  checks: number;
  /** The last `options.window` checks, oldest first. */
  recent: CheckSummary[];
  latencyDetector: DetectorState;
  latencyTrends: TrendState[];
  resources: Partial<Record<string, ResourceTrack>>;
}

export function newPredictorState(connectionId: string, provider: Provider, options: Partial<PredictorStateOptions> = {}): PredictorState {
  const o = { ...DEFAULT_STATE_OPTIONS, ...options };
  return {
    version: 1,
    connectionId,
    provider,
    options: o,
    checks: 0,
    recent: [],
    latencyDetector: newDetectorState(DEFAULT_DETECTOR_CONFIG),
    latencyTrends: o.trendWindowsMs.map((h) => newTrend(h)),
    resources: {},
  };
}

function breakerOpen(p: ProbeResult): boolean {
  return (p.warnings ?? []).some((w) => /breaker/i.test(w)) || /breaker/i.test(p.error?.code ?? '');
}

/** Feeds one probe result (in time order). */
export function updatePredictor(state: PredictorState, probe: ProbeResult): void {
  const ok = probe.state !== 'down';
  const latency = ok && Number.isFinite(probe.timings?.totalMs) ? probe.timings.totalMs : null;
  let anomaly = 0;
  if (latency !== null) {
    anomaly = detectorUpdate(state.latencyDetector, probe.startedAt, latency, DEFAULT_DETECTOR_CONFIG).score;
    for (const tr of state.latencyTrends) trendUpdate(tr, probe.startedAt, latency);
  }
  state.recent.push({
    t: probe.startedAt,
    ok,
    latencyMs: latency,
    category: probe.error?.category ?? null,
    breakerOpen: breakerOpen(probe),
    anomaly,
  });
  // The window is small (default 100), so shift() is cheap next to the rest of the update.
  while (state.recent.length > state.options.window) state.recent.shift();
  for (const resource of SATURATION_RESOURCES[state.provider] ?? []) {
    const reading = resource.read(probe.metrics ?? {});
    if (!reading) continue;
    const track = (state.resources[resource.id] ??= {
      trends: state.options.trendWindowsMs.map((h) => newTrend(h)),
      lastUsed: 0,
      limit: reading.limit,
      lastT: 0,
    });
    for (const tr of track.trends) trendUpdate(tr, probe.startedAt, reading.used);
    track.lastUsed = reading.used;
    track.limit = reading.limit;
    track.lastT = probe.startedAt;
  }
  // A refused connection says the connection resource is at its limit even without metrics.
  const conn = state.resources.connections;
  if (
    conn &&
    (probe.error?.category === 'too_many_connections' || probe.error?.category === 'pool_exhausted') &&
    conn.lastT !== probe.startedAt
  ) {
    for (const tr of conn.trends) trendUpdate(tr, probe.startedAt, conn.limit);
    conn.lastUsed = conn.limit;
    conn.lastT = probe.startedAt;
  }
  state.checks++;
}
