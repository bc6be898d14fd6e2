/**
 * LSP adapter for connections: keeps the client's connection list, fetches a
 * secret from the client only at probe time (never cached), and publishes
 * health. Restricted Mode: workspace-defined connections are never probed.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import { ConnectionsChangedNotification, GetSecretRequest, HealthChangedNotification, HealthSnapshotRequest } from '../../shared/protocol';
import { type ConnectionHealth } from '../../shared/health';
import type { FeatureContext } from './context';

export interface ConnectionsFeature {
  connections(): ConnectionConfig[];
  /** Why a connection may not be probed now, or undefined when it may. */
  skipReason(config: ConnectionConfig): string | undefined;
  /** Asks the client for the connection's secret (SecretStorage); null when there is none or no client answers. */
  secretFor(config: ConnectionConfig): Promise<ConnectionSecret | null>;
  publish(health: ConnectionHealth): void;
  onConnectionsChanged(listener: (connections: ConnectionConfig[]) => void): void;
  onTrustChanged(listener: () => void): void;
  /** server.ts calls this when the client reports a trust change. */
  trustChanged(): void;
}

export function registerConnectionsFeature(ctx: FeatureContext): ConnectionsFeature {
  const { connection } = ctx;
  let list: ConnectionConfig[] = [];
  const latest = new Map<string, ConnectionHealth>();
  const listeners: Array<(c: ConnectionConfig[]) => void> = [];
  const trustListeners: Array<() => void> = [];

  const skipReason = (config: ConnectionConfig): string | undefined => {
    if (!ctx.options().workspaceTrusted && config.scope !== 'user')
      return 'Restricted Mode: connections defined by this workspace are not probed until you trust it';
    return undefined;
  };

  const publish = (health: ConnectionHealth): void => {
    latest.set(health.connectionId, health);
    void connection.sendNotification(HealthChangedNotification.type, health);
  };

  connection.onNotification(ConnectionsChangedNotification.type, ({ connections }) => {
    list = Array.isArray(connections) ? connections.filter((c) => c && typeof c.id === 'string' && typeof c.provider === 'string') : [];
    const ids = new Set(list.map((c) => c.id));
    for (const id of [...latest.keys()]) if (!ids.has(id)) latest.delete(id);
    for (const l of listeners) l(list);
  });

  connection.onRequest(HealthSnapshotRequest.type, () =>
    list.map((c) => {
      const reason = skipReason(c);
      if (reason) return { connectionId: c.id, state: 'skipped' as const, skippedReason: reason };
      return latest.get(c.id) ?? { connectionId: c.id, state: 'unknown' as const };
    }),
  );

  return {
    connections: () => list,
    skipReason,
    async secretFor(config) {
      try {
        return await connection.sendRequest(GetSecretRequest.type, { connectionId: config.id });
      } catch {
        return null; // no client answered: the probe runs without a secret and reports the auth error
      }
    },
    publish,
    onConnectionsChanged: (l) => listeners.push(l),
    onTrustChanged: (l) => trustListeners.push(l),
    trustChanged: () => trustListeners.forEach((l) => l()),
  };
}
