/**
 * The monitoring engine's public surface. The LSP adapter and the CLI import
 * from here; everything else in this folder is an implementation detail.
 */
import type { ConnectionHealth } from '../../shared/health';
import type { ConnectionStatus } from './engine';

export { MonitorEngine, createMonitorEngine } from './engine';
export type { ConnectionStatus, EngineOptions, EngineStats, SecretSource, StateSaver } from './engine';
export type { EngineEvent, EngineListener, ProbeTrigger, ResultSink, SkipReason, TransitionRecord } from './events';
export { ENGINE_DEFAULTS, MONITOR_STATE_FILE, resolveSettings, type EngineSettings } from './defaults';
export { MonitorStateFile, defaultMonitorState, type LoadedMonitorState, type MonitorState } from './monitorState';
export { parseSchedule, ScheduleError, type IntervalSpec } from './schedule';
export { systemClock, type Clock, type TimerHandle } from './clock';
export type { EngineProbeRequest, ProbeRunner } from './deadline';
export { startHeadlessMonitor, probeOnceHeadless, HeadlessUsageError, type HeadlessOptions, type HeadlessMonitor } from './headless';

/** The engine's view of one connection as the tree/status bar message (diagnosis is added by the adapter). */
export function toConnectionHealth(status: ConnectionStatus): ConnectionHealth {
  return {
    connectionId: status.connectionId,
    state: status.health,
    breaker: status.breaker,
    ...(status.lastResult ? { result: status.lastResult } : {}),
    ...(status.nextProbeAt !== undefined ? { nextProbeAt: status.nextProbeAt } : {}),
  };
}
