import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../shared/connection';

const SECTION = 'dbpulse';
const KEY = 'connections';

/** Connections from both settings scopes, each marked with where it came from (workspace wins on equal ids). */
export function readConnections(): ConnectionConfig[] {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<ConnectionConfig[]>(KEY);
  const user = (inspected?.globalValue ?? []).map((c) => ({ ...c, scope: 'user' as const }));
  const workspace = [...(inspected?.workspaceValue ?? []), ...(inspected?.workspaceFolderValue ?? [])].map((c) => ({
    ...c,
    scope: 'workspace' as const,
  }));
  const byId = new Map<string, ConnectionConfig>();
  for (const c of [...user, ...workspace]) if (c && typeof c.id === 'string') byId.set(c.id, c);
  return [...byId.values()];
}

function target(scope: ConnectionConfig['scope']): vscode.ConfigurationTarget {
  return scope === 'user' || !vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Global
    : vscode.ConfigurationTarget.Workspace;
}

/** Adds or replaces a connection in its scope. The config must not hold a secret (the form splits it out). */
export async function saveConnection(config: ConnectionConfig): Promise<void> {
  const scope = target(config.scope);
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<ConnectionConfig[]>(KEY);
  const current = (scope === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue) ?? [];
  const { scope: _scope, ...stored } = config;
  const next = current.filter((c) => c.id !== config.id).concat([stripUndefined(stored)]);
  await vscode.workspace.getConfiguration(SECTION).update(KEY, next, scope);
}

export async function removeConnection(config: ConnectionConfig): Promise<void> {
  const scope = target(config.scope);
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<ConnectionConfig[]>(KEY);
  const current = (scope === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue) ?? [];
  await vscode.workspace.getConfiguration(SECTION).update(
    KEY,
    current.filter((c) => c.id !== config.id),
    scope,
  );
}

/** A new id that no existing connection uses, from a display name. */
export function newConnectionId(name: string, existing: ConnectionConfig[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'connection';
  const ids = new Set(existing.map((c) => c.id));
  if (!ids.has(base)) return base;
  for (let i = 2; ; i++) if (!ids.has(`${base}-${i}`)) return `${base}-${i}`;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}
