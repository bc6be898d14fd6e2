import type { Provider } from './categories';

/**
 * A connection as stored in settings (`dbpulse.connections`). It never holds a
 * secret: passwords, API keys and service-account JSON live in SecretStorage,
 * keyed by `id`, and reach the server only at probe time.
 */
export interface ConnectionConfig {
  /** Stable id, also the SecretStorage key suffix. */
  id: string;
  name: string;
  provider: Provider;
  /** A URL without the password (postgres://user@host:5432/db?sslmode=require). */
  url?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  tls?: TlsOptions;
  /** Milliseconds; honoured exactly by every probe. */
  connectTimeoutMs?: number;
  /** Milliseconds for each statement or request the probe makes. */
  statementTimeoutMs?: number;
  tags?: string[];
  /** Firebase: project id; Supabase: project URL (https://<ref>.supabase.co). */
  projectId?: string;
  projectUrl?: string;
  /** Firebase Realtime Database URL, when used. */
  databaseUrl?: string;
  /** Emulator / stand-in endpoints (tests, local development). */
  emulator?: Record<string, string>;
  /** Monitoring interval override: milliseconds or a cron expression. */
  interval?: number | string;
  /** Where this connection came from: settings scope. Filled in by the client. */
  scope?: 'user' | 'workspace';
}

export interface TlsOptions {
  /** off | prefer | require | verify-ca | verify-full (libpq's vocabulary for every provider). */
  mode?: 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  /** Path to a CA bundle (PEM). */
  caFile?: string;
  /** Allow a self-signed certificate (rejectUnauthorized=false). */
  allowSelfSigned?: boolean;
}

/** The secret material for one connection, as held in SecretStorage. */
export interface ConnectionSecret {
  password?: string;
  /** Supabase anon/publishable or service key, Firebase web API key. */
  apiKey?: string;
  /** Firebase service-account JSON text. */
  serviceAccountJson?: string;
}
