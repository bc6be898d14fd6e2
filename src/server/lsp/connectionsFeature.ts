/**
 * LSP adapter for connections and health: keeps the client's connection list,
 * fetches a secret from the client only at probe time, runs the check and
 * publishes health. Restricted Mode: workspace-defined connections are never probed.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import {
  ConnectionHealth,
  ConnectionsChangedNotification,
  GetSecretRequest,
  HealthChangedNotification,
  HealthSnapshotRequest,
  ProbeConnectionRequest,
} from '../../shared/protocol';
import type { FeatureContext } from './context';

/** Runs one health check (probe + diagnosis). Injected so the engine and tests can share it. */
export type HealthCheck = (config: ConnectionConfig, secret: ConnectionSecret, signal?: AbortSignal) => Promise<ConnectionHealth>;

export interface ConnectionsFeature {
  connections(): ConnectionConfig[];
  /** Why a connection may not be probed now, or undefined when it may. */
  skipReason(config: ConnectionConfig): string | undefined;
  /** Reads the secret from the client (never cached) and checks the connection; publishes the result. */
  checkNow(config: ConnectionConfig, signal?: AbortSignal): Promise<ConnectionHealth>;
  publish(health: ConnectionHealth): void;
  onConnectionsChanged(listener: (connections: ConnectionConfig[]) => void): void;
}

export function registerConnectionsFeature(ctx: FeatureContext, check: HealthCheck): ConnectionsFeature {
  const { connection } = ctx;
  let list: ConnectionConfig[] = [];
  const latest = new Map<string, ConnectionHealth>();
  const listeners: Array<(c: ConnectionConfig[]) => void> = [];

  const skipReason = (config: ConnectionConfig): string | undefined => {
    if (!ctx.options().workspaceTrusted && config.scope !== 'user')
      return 'Restricted Mode: connections defined by this workspace are not probed until you trust it';
    return undefined;
  };

  const publish = (health: ConnectionHealth): void => {
    latest.set(health.connectionId, health);
    void connection.sendNotification(HealthChangedNotification.type, health);
  };

  const secretFor = async (config: ConnectionConfig): Promise<ConnectionSecret> => {
    try {
      return (await connection.sendRequest(GetSecretRequest.type, { connectionId: config.id })) ?? {};
    } catch {
      return {}; // no client (CLI) or the request failed: probe without a secret, the driver reports the auth error
    }
  };

  const checkNow = async (config: ConnectionConfig, signal?: AbortSignal): Promise<ConnectionHealth> => {
    const reason = skipReason(config);
    if (reason) {
      const skipped: ConnectionHealth = { connectionId: config.id, state: 'skipped', skippedReason: reason };
      publish(skipped);
      return skipped;
    }
    const health = await check(config, await secretFor(config), signal);
    publish(health);
    return health;
  };

  connection.onNotification(ConnectionsChangedNotification.type, ({ connections }) => {
    list = Array.isArray(connections) ? connections.filter((c) => c && typeof c.id === 'string') : [];
    const ids = new Set(list.map((c) => c.id));
    for (const id of [...latest.keys()]) if (!ids.has(id)) latest.delete(id);
    for (const l of listeners) l(list);
  });

  connection.onRequest(ProbeConnectionRequest.type, async (params) => {
    if ('connectionId' in params) {
      const config = list.find((c) => c.id === params.connectionId);
      if (!config) throw new Error(`No connection with id '${params.connectionId}'`);
      return checkNow(config);
    }
    // An unsaved connection from the Add Connection form: the user is testing it explicitly.
    const health = await check(params.config, params.secret ?? {});
    return health;
  });

  connection.onRequest(HealthSnapshotRequest.type, () =>
    list.map((c) => latest.get(c.id) ?? { connectionId: c.id, state: skipReason(c) ? ('skipped' as const) : ('unknown' as const), skippedReason: skipReason(c) }),
  );

  return {
    connections: () => list,
    skipReason,
    checkNow,
    publish,
    onConnectionsChanged: (l) => listeners.push(l),
  };
}
