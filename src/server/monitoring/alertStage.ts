/**
 * The alert stage of the monitoring pipeline, behind a small interface: `RuleAlertStage` (rules,
 * incidents, maintenance windows; ruleAlertStage.ts) is the one the service uses; tests hand in
 * their own. Secrets are asked at send time through `secret` (the editor's Secret Storage, or the
 * headless monitor's environment) and dropped after. A failed send is logged, never thrown.
 */
import type { AlertChannelOutcome, AlertSecretTarget } from '../../shared/alertSettings';
import type { CheckedAlertSettings } from '../../shared/alertSettingsCheck';
import type { AlertRecord } from '../../shared/history';
import type { IncidentView } from '../../shared/incidents';
import type { HealthState, ProbeResult } from '../../shared/probe';
import type { BreakerState } from '../../shared/history';
import type { AlertChannel } from '../alerts/channels';
import type { AlertContext } from '../alerts/render';
import type { Clock } from '../engine/clock';
import type { Prediction } from '../predict/types';

export interface AlertStage {
  setSettings(settings: CheckedAlertSettings): void;
  setConnections(ids: ReadonlySet<string>): void;
  onHealthTransition(t: { connectionId: string; at: number; from: HealthState | null; to: HealthState }): void;
  onBreaker(t: { connectionId: string; at: number; to: BreakerState }): void;
  onProbe(result: ProbeResult): void;
  onPrediction(connectionId: string, prediction: Prediction, state: HealthState, at: number): void;
  /** A test alert through every channel, each outcome reported. */
  sendTest(): Promise<AlertChannelOutcome[]>;
  /** Open incidents and what may be done to them (stages that keep incidents). */
  incidents?(): IncidentView[];
  acknowledge?(incidentId: string, by?: string): IncidentView | undefined;
  snooze?(incidentId: string, minutes: number): IncidentView | undefined;
  /** Waits (at most a few seconds) for sends in flight. */
  dispose(): Promise<void>;
}

export interface AlertStageDeps {
  version: string;
  clock: Clock;
  /** A channel's secret: resolves null when none is set, rejects when the lookup failed. */
  secret(target: AlertSecretTarget): Promise<string | null>;
  /** Whether a channel may send (the editor's Restricted Mode keeps workspace channels out). */
  usable(channel: AlertChannel): boolean;
  /** What the alert says about the connection (its config, last result, diagnosis, forecast). */
  context(connectionId: string): AlertContext;
  /** Whether this process sends for the workspace (of two windows, the history writer does). */
  primary(): Promise<boolean>;
  /** Each alert sent (or tried): the service records it in history and emits it. */
  outcome(record: AlertRecord): void;
  log(message: string): void;
  warn(message: string): void;
}

export { NOT_USABLE } from './delivery';
