/**
 * Every custom LSP request and notification between the DB Pulse client and
 * server, typed on both ends. Nothing else sends custom messages.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ErrorCategory } from './categories';
import type { ConnectionConfig, ConnectionSecret } from './connection';
import type { HealthState, ProbeResult } from './probe';

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

/** The short diagnosis shown with a failed probe (the full analysis has its own request). */
export interface DiagnosisSummary {
  category: ErrorCategory;
  confidence: number;
  rootCause: string;
  fixes: string[];
  docsUrl?: string;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** Everything the tree, status bar and dashboards show for one connection. */
export interface ConnectionHealth {
  connectionId: string;
  state: HealthState | 'unknown' | 'skipped';
  /** Why the connection is not probed (Restricted Mode, missing secret, ...). */
  skippedReason?: string;
  result?: ProbeResult;
  diagnosis?: DiagnosisSummary;
  breaker?: BreakerState;
  /** Epoch ms of the next scheduled probe, when monitoring is on. */
  nextProbeAt?: number;
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

/** One config finding as the security report lists it (positions are LSP, 0-based). */
export interface SecurityReportFinding {
  ruleId: string;
  category: import('./categories').FindingCategory;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  range: import('vscode-languageserver-protocol').Range;
  /** docs/rules/<id>.md */
  docsUrl: string;
}

export interface SecurityReportFile {
  uri: string;
  /** Relative to its workspace folder. */
  file: string;
  /** 0-100, 100 = nothing found (docs/security-score.md). */
  score: number;
  /** Security findings counted in the score. */
  problems: number;
  /** Covered by .gitignore. */
  ignored: boolean;
  findings: SecurityReportFinding[];
}

export interface SecurityReportRuleGroup {
  ruleId: string;
  category: import('./categories').FindingCategory;
  title: string;
  docsUrl: string;
  count: number;
  locations: Array<{ uri: string; file: string; range: import('vscode-languageserver-protocol').Range; severity: SecurityReportFinding['severity'] }>;
}

export interface SecurityReport {
  /** Workspace score over every linted file. */
  score: number;
  /** Files with findings first, lowest score first. */
  files: SecurityReportFile[];
  /** Findings grouped by rule, most frequent first. */
  byRule: SecurityReportRuleGroup[];
  /** Files looked at (including clean ones). */
  filesScanned: number;
  generatedAt: number;
}

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
