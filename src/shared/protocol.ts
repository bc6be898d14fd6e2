/**
 * Every custom LSP request and notification between the DB Pulse client and server, typed on both
 * ends, and nothing else: the values they carry are domain types in their own files of src/shared
 * (health.ts, alertSettings.ts, securityReport.ts, ...), which the core imports without this file.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { AlertChannelOutcome, AlertSecretTarget, AlertSettings } from './alertSettings';
import type { ErrorCategory, Provider } from './categories';
import type { ConnectionConfig, ConnectionSecret } from './connection';
import type { ConnectionCheck, DiscoveredConnection } from './connectionTools';
import type { Diagnosis } from './diagnosis';
import type { FeedbackAnswer } from './feedback';
import type { IncidentAction, IncidentView } from './incidents';
import type { ConnectionHealth, MonitoringStatus } from './health';
import type { AuditAction, Series, SeriesQuery, Uptime } from './history';
import type { MonitoringSettingKey } from './monitoringSettings';
import type { Prediction } from './prediction';
import type { ProbeResult } from './probe';
import type { SecurityReport } from './securityReport';

/** Passed by the client in `initialize`. */
export interface InitializationOptions {
  /** `context.storageUri.fsPath`: where history, feedback and audit live. Absent with no workspace. */
  storagePath?: string;
  /** `context.globalStorageUri.fsPath`: fallback storage with no workspace open. */
  globalStoragePath?: string;
  /** False in Restricted Mode: the server then never connects anywhere on the workspace's behalf. */
  workspaceTrusted: boolean;
  /** The extension's version, for the status reply. */
  clientVersion: string;
  /** `dbpulse.monitoring.*` settings (engine overrides, milliseconds and counts); a change restarts the server. */
  monitoring?: Partial<Record<MonitoringSettingKey, number>>;
}

export interface ServerStatus {
  version: string;
  pid: number;
  node: string;
  startedAt: number;
  workspaceTrusted: boolean;
  storagePath: string | null;
  /** Number of open documents the server is linting. */
  documents: number;
  /** Provider driver modules loaded so far (lazy: empty until something is probed). */
  loadedDrivers: string[];
}

export namespace ServerStatusRequest {
  export const method = 'dbpulse/serverStatus' as const;
  export const type = new RequestType0<ServerStatus, void>(method);
}

/** Sent by the server when its status changes (trust, storage, drivers loaded). */
export namespace ServerStatusNotification {
  export const method = 'dbpulse/serverStatusChanged' as const;
  export const type = new NotificationType<ServerStatus>(method);
}

/** The client tells the server that workspace trust was granted. */
export namespace WorkspaceTrustNotification {
  export const method = 'dbpulse/workspaceTrust' as const;
  export const type = new NotificationType<{ trusted: boolean }>(method);
}

/** Pings are used by tests and the benchmark to measure a round trip. */
export namespace PingRequest {
  export const method = 'dbpulse/ping' as const;
  export const type = new RequestType<{ at: number }, { at: number; serverAt: number }, void>(method);
}

// ---- connections and health ----

/** Client → server: the full list of configured connections (settings, both scopes). Sent at start and on every change. */
export namespace ConnectionsChangedNotification {
  export const method = 'dbpulse/connectionsChanged' as const;
  export const type = new NotificationType<{ connections: ConnectionConfig[] }>(method);
}

/** Server → client at probe time: the secret for one connection, read from SecretStorage. Never cached by the server. */
export namespace GetSecretRequest {
  export const method = 'dbpulse/getSecret' as const;
  export const type = new RequestType<{ connectionId: string }, ConnectionSecret | null, void>(method);
}

/** Client → server: probe a configured connection now (or an unsaved one from the form, with its secret). */
export namespace ProbeConnectionRequest {
  export const method = 'dbpulse/probeConnection' as const;
  export type Params = { connectionId: string } | { config: ConnectionConfig; secret?: ConnectionSecret };
  export const type = new RequestType<Params, ConnectionHealth, void>(method);
}

/** Server → client: a connection's health changed (after every probe). */
export namespace HealthChangedNotification {
  export const method = 'dbpulse/healthChanged' as const;
  export const type = new NotificationType<ConnectionHealth>(method);
}

/** Client → server: the current health of every known connection. */
export namespace HealthSnapshotRequest {
  export const method = 'dbpulse/healthSnapshot' as const;
  export const type = new RequestType0<ConnectionHealth[], void>(method);
}

// ---- config lint (security score, report) ----

/** Client → server: "DB Pulse: Security Report" (whole workspace; open documents' unsaved text included). */
export namespace SecurityReportRequest {
  export const method = 'dbpulse/securityReport' as const;
  export const type = new RequestType<{ uri?: string }, SecurityReport, void>(method);
}

/** Server → client after linting a document: its score, for the status bar tooltip. */
export namespace SecurityScoreNotification {
  export const method = 'dbpulse/securityScore' as const;
  export const type = new NotificationType<{ uri: string; score: number; problems: number }>(method);
}

// ---- monitoring, history, prediction, diagnosis, feedback, discovery ----
// Query results are plain values typed in src/shared (history.ts, prediction.ts, diagnosis.ts, health.ts).

export namespace MonitoringStatusRequest {
  export const method = 'dbpulse/monitoring/status' as const;
  export const type = new RequestType0<MonitoringStatus, void>(method);
}

/** Turn monitoring on (with an interval: ms or cron) or off; optionally for one connection's override. */
export namespace SetMonitoringRequest {
  export const method = 'dbpulse/monitoring/set' as const;
  export type Params = { enabled: boolean; interval?: number | string; connectionId?: string };
  export const type = new RequestType<Params, MonitoringStatus, void>(method);
}

export namespace ProbeAllRequest {
  export const method = 'dbpulse/monitoring/probeAll' as const;
  export const type = new RequestType0<ConnectionHealth[], void>(method);
}

export namespace HistorySeriesRequest {
  export const method = 'dbpulse/history/series' as const;
  export type Params = SeriesQuery;
  export const type = new RequestType<Params, Series, void>(method);
}

export namespace UptimeRequest {
  export const method = 'dbpulse/history/uptime' as const;
  export const type = new RequestType<{ connectionId: string }, Uptime, void>(method);
}

export namespace ErrorCountsRequest {
  export const method = 'dbpulse/history/errorCounts' as const;
  export const type = new RequestType<{ connectionId?: string; from?: number; to?: number }, Partial<Record<ErrorCategory, number>>, void>(
    method,
  );
}

export namespace LastResultsRequest {
  export const method = 'dbpulse/history/lastResults' as const;
  export const type = new RequestType<{ connectionId: string; limit?: number }, ProbeResult[], void>(method);
}

export namespace PredictRequest {
  export const method = 'dbpulse/predict' as const;
  export const type = new RequestType<{ connectionId: string }, Prediction | null, void>(method);
}

/** Server → client: a connection entered IMMEDIATE_ACTION_REQUIRED (once per episode). */
export namespace PredictionAlertNotification {
  export const method = 'dbpulse/predictionAlert' as const;
  export const type = new NotificationType<{ connectionId: string; prediction: Prediction }>(method);
}

/** Analyse a connection's last failure, or an error message the user selected. */
export namespace AnalyzeErrorRequest {
  export const method = 'dbpulse/analyzeError' as const;
  export type Params = { connectionId: string } | { provider: Provider; message: string; fields?: Record<string, string | number> };
  export const type = new RequestType<Params, Diagnosis, void>(method);
}

export namespace FeedbackRequest {
  export const method = 'dbpulse/feedback' as const;
  export type Params = FeedbackAnswer;
  export const type = new RequestType<Params, void, void>(method);
}

/** Client → server: the user did something worth an audit entry. */
export namespace AuditRequest {
  export const method = 'dbpulse/audit' as const;
  export const type = new RequestType<
    { action: AuditAction; connectionId?: string; details?: Record<string, string | number | boolean | null> },
    void,
    void
  >(method);
}

/** Live validation of the Add Connection form: settings problems plus the config rules' findings and score. */
export namespace ValidateConnectionRequest {
  export const method = 'dbpulse/validateConnection' as const;
  export type Result = ConnectionCheck;
  export const type = new RequestType<{ config: ConnectionConfig; secret?: ConnectionSecret }, Result, void>(method);
}

export namespace DiscoverConnectionsRequest {
  export const method = 'dbpulse/discoverConnections' as const;
  export const type = new RequestType0<DiscoveredConnection[], void>(method);
}

// ---- optional LLM diagnosis ----

/** Server → client: the LLM API key from SecretStorage (only asked when `dbpulse.llm.enabled` is on). */
export namespace GetLlmKeyRequest {
  export const method = 'dbpulse/getLlmKey' as const;
  export const type = new RequestType0<string | null, void>(method);
}

/** Server → client: the LLM's answer for an error the knowledge base did not know well (after AnalyzeError answered). */
export namespace DiagnosisRefinedNotification {
  export const method = 'dbpulse/diagnosisRefined' as const;
  export const type = new NotificationType<{ connectionId?: string; diagnosis: Diagnosis }>(method);
}

// ---- alert channels (webhooks, email) ----

/** Client → server: the alert settings (at start and on every change); the reply lists problems found in them. */
export namespace SetAlertSettingsRequest {
  export const method = 'dbpulse/alerts/settings' as const;
  /** `changed`: the user edited the settings (recorded in the audit log); false at start. */
  export const type = new RequestType<{ settings: AlertSettings; changed: boolean }, { problems: string[] }, void>(method);
}

/** Server → client at send time: a channel's secret from SecretStorage. Never cached by the server. */
export namespace GetAlertSecretRequest {
  export const method = 'dbpulse/alerts/getSecret' as const;
  export const type = new RequestType<AlertSecretTarget, string | null, void>(method);
}

/** Client → server: the open alert incidents, newest first. */
export namespace IncidentsRequest {
  export const method = 'dbpulse/alerts/incidents' as const;
  export const type = new RequestType0<IncidentView[], void>(method);
}

/** Client → server: acknowledge (no more repeats) or snooze an open incident; null when it is no longer open. */
export namespace IncidentActionRequest {
  export const method = 'dbpulse/alerts/incidentAction' as const;
  export const type = new RequestType<IncidentAction, IncidentView | null, void>(method);
}

/** Client → server: "DB Pulse: Send Test Alert" through every configured channel. */
export namespace SendTestAlertRequest {
  export const method = 'dbpulse/alerts/test' as const;
  export const type = new RequestType0<{ outcomes: AlertChannelOutcome[]; problems: string[] }, void>(method);
}
