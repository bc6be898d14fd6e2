/**
 * Where a SQL connection points: explicit settings win, the URL (without
 * password) fills the gaps, the provider's defaults fill the rest; the TLS mode,
 * when neither sets it, is the secure default for the host (tlsOptions.ts). Pure.
 */
import type { ConnectionConfig, TlsOptions } from '../../shared/connection';
import { parseConnectionString } from '../../shared/providerSchemas';
import { effectiveTlsMode } from './tlsOptions';

export interface SqlEndpoint {
  host: string;
  port: number;
  database?: string;
  user: string;
  tls: TlsOptions;
}

export function sqlEndpoint(config: ConnectionConfig, defaults: { port: number; user: string; database?: string }): SqlEndpoint {
  let fromUrl: Partial<ConnectionConfig> = {};
  if (config.url) fromUrl = parseConnectionString(config.url, { provider: config.provider, id: config.id, name: config.name }).config;
  const host = config.host ?? fromUrl.host;
  if (!host) throw Object.assign(new Error('no host configured (set host or url)'), { code: 'ERR_INVALID_CONFIG' });
  const database = config.database ?? fromUrl.database ?? defaults.database;
  return {
    host,
    port: config.port ?? fromUrl.port ?? defaults.port,
    ...(database ? { database } : {}),
    user: config.user ?? fromUrl.user ?? defaults.user,
    tls: { ...fromUrl.tls, ...config.tls, mode: effectiveTlsMode({ mode: config.tls?.mode ?? fromUrl.tls?.mode }, host) },
  };
}
