/**
 * What the team services (metrics, the team API) read from a running monitor, as one narrow
 * interface, and the one adapter that builds it from today's headless monitor. When the
 * monitoring service runs `dbpulse monitor`, it gets its own `TeamSource` adapter and
 * `headlessTeamSource` goes: nothing else in src/server/team, src/server/metrics or
 * src/server/serve changes.
 */
import type { ConnectionConfig } from '../../shared/connection';
import type { AlertSeverity } from '../../shared/alertRules';
import type { Prediction } from '../../shared/prediction';
import type { HeadlessMonitor } from '../engine/headless';
import type { ConnectionStatus } from '../engine/engine';
import type { EngineListener } from '../engine/events';
import type { MonitorSelfHealth } from '../metrics/registry';
import type { TimeRange } from '../serve/teamApi';

export interface Disposable {
  dispose(): void;
}

export interface TeamSource {
  /** The connections monitored now. */
  connections(): readonly ConnectionConfig[];
  onConnectionsChanged(listener: (connections: readonly ConnectionConfig[]) => void): Disposable;
  /** Results, health and breaker transitions as the engine reports them. */
  onEvent(listener: EngineListener): Disposable;
  /** Predictions and advisor findings, where the monitor produces them (the monitoring service does). */
  onPrediction?(listener: (connectionId: string, prediction: Prediction) => void): Disposable;
  onFindings?(listener: (connectionId: string, findings: ReadonlyArray<{ severity: AlertSeverity }>) => void): Disposable;
  snapshot(): ConnectionStatus[];
  /** Scheduled rounds that came due, probe slots, queue (achieved rounds are counted from the events). */
  selfHealth(): Omit<MonitorSelfHealth, 'probesAchieved'>;
  storeOpen(): boolean;
  series?(connectionId: string, range: TimeRange): Promise<unknown>;
  predictions?(range: TimeRange): Promise<unknown>;
  incidents?(range: TimeRange): Promise<unknown>;
  findings?(): Promise<unknown>;
}

/** THE hook: today's `dbpulse monitor` (engine + history store) as a TeamSource. */
export function headlessTeamSource(monitor: HeadlessMonitor): TeamSource {
  const { service } = monitor;
  const parts = service.parts();
  if (!parts) throw new Error('the monitoring service is not open yet');
  const { engine, store } = parts;
  return {
    connections: () => monitor.connections(),
    onConnectionsChanged: (listener) => monitor.onReload(listener),
    onEvent: (listener) => engine.on(listener),
    onPrediction: (listener) => service.on('prediction', ({ connectionId, prediction }) => listener(connectionId, prediction)),
    snapshot: () => engine.snapshot(),
    selfHealth: () => {
      const s = engine.stats();
      return {
        probesScheduled: s.ticks,
        probesSkipped: s.skipped,
        probeSlotsInUse: s.inFlight,
        probeSlots: engine.settings.maxConcurrentProbes,
        probesQueued: s.queued,
      };
    },
    storeOpen: () => monitor.storeOpen(),
    ...(store
      ? {
          series: (id: string, r: TimeRange) => store.series(id, r.from, r.to),
          predictions: (r: TimeRange) => store.predictions(r),
          incidents: async (r: TimeRange) => ({ alerts: await store.alerts(r), transitions: await store.transitions(r) }),
        }
      : {}),
  };
}
