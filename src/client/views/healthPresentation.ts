import type { ConnectionHealth } from '../../shared/health';

/** Pure presentation of health: icons, labels, ordering. Shared by the tree and the status bar. */
export type ShownState = ConnectionHealth['state'];

const RANK: Record<ShownState, number> = { down: 4, degraded: 3, unknown: 1, skipped: 0, up: 2 };

/** The worse of two states for the status bar: down > degraded > up > unknown > skipped. */
export function worst(states: ShownState[]): ShownState | undefined {
  return states.reduce<ShownState | undefined>((w, s) => (w === undefined || RANK[s] > RANK[w] ? s : w), undefined);
}

export function iconId(state: ShownState): string {
  switch (state) {
    case 'up':
      return 'pass-filled';
    case 'degraded':
      return 'warning';
    case 'down':
      return 'error';
    case 'skipped':
      return 'circle-slash';
    default:
      return 'circle-outline';
  }
}

export function themeColor(state: ShownState): string | undefined {
  switch (state) {
    case 'up':
      return 'testing.iconPassed';
    case 'degraded':
      return 'list.warningForeground';
    case 'down':
      return 'list.errorForeground';
    default:
      return undefined;
  }
}

export function describeLatency(health: ConnectionHealth | undefined): string | undefined {
  const ms = health?.result?.timings.totalMs;
  return typeof ms === 'number' ? `${Math.round(ms)} ms` : undefined;
}

/** The one metric that says most about saturation, as "37/100 connections". */
export function keyMetric(health: ConnectionHealth | undefined): string | undefined {
  const m = health?.result?.metrics;
  if (!m) return undefined;
  const pairs: Array<[string, string, string]> = [
    ['connections_used', 'max_connections', 'connections'],
    ['threads_connected', 'max_connections', 'threads'],
    ['connections_current', 'connections_available', 'connections'],
  ];
  for (const [used, max, label] of pairs) {
    const u = m[used];
    const x = m[max];
    if (typeof u === 'number' && typeof x === 'number') {
      const total = used === 'connections_current' ? u + x : x;
      return `${u}/${total} ${label}`;
    }
  }
  return undefined;
}

export function relativeTime(epochMs: number, now: number): string {
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h ago`;
  return `${Math.round(h / 24)}d ago`;
}
