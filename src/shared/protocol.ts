/**
 * Every custom LSP request and notification between the DB Pulse client and
 * server, typed on both ends. Nothing else sends custom messages.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

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
