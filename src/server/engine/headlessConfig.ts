/**
 * The headless monitor's config file: `{ "connections": [...], "intervalMs"?: n, "alerts"?: {...} }`,
 * each connection a `ConnectionConfig` plus the names of the environment
 * variables holding its secrets (`passwordEnv`, `apiKeyEnv`, `serviceAccountEnv`).
 * Pure: parses text, checks it, resolves secrets from a given environment.
 * Errors name the connection and the field; they never echo a secret.
 */
import { isProvider } from '../../shared/categories';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { IntervalSpec } from './schedule';

export interface HeadlessConnection {
  config: ConnectionConfig;
  passwordEnv?: string;
  apiKeyEnv?: string;
  serviceAccountEnv?: string;
}

export interface HeadlessConfig {
  connections: HeadlessConnection[];
  interval?: IntervalSpec;
  /** The `alerts` object as written (checked by `parseHeadlessAlerts`). */
  alerts?: unknown;
}

export class HeadlessConfigError extends Error {}

const SECRET_ENV_FIELDS = ['passwordEnv', 'apiKeyEnv', 'serviceAccountEnv'] as const;
/** Fields that would put a secret into the config file itself. */
const INLINE_SECRET_FIELDS = ['password', 'apiKey', 'serviceAccountJson', 'serviceAccount', 'secret', 'token'];
const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseHeadlessConfig(text: string, source = 'config'): { config: HeadlessConfig; warnings: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new HeadlessConfigError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new HeadlessConfigError(`${source}: expected an object like { "connections": [...] }`);
  const obj = raw as Record<string, unknown>;
  if (!Array.isArray(obj.connections)) throw new HeadlessConfigError(`${source}: "connections" must be an array of connections`);
  const warnings: string[] = [];
  let interval: IntervalSpec | undefined;
  if (obj.intervalMs !== undefined) {
    if (typeof obj.intervalMs !== 'number' || !Number.isInteger(obj.intervalMs) || obj.intervalMs <= 0) {
      throw new HeadlessConfigError(`${source}: "intervalMs" must be a positive whole number of milliseconds`);
    }
    interval = obj.intervalMs;
  }
  const seen = new Set<string>();
  const connections = obj.connections.map((entry, i): HeadlessConnection => {
    const where = `${source}: connections[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new HeadlessConfigError(`${where} is not an object`);
    const c = { ...(entry as Record<string, unknown>) };
    if (typeof c.id !== 'string' || !ID_PATTERN.test(c.id))
      throw new HeadlessConfigError(`${where}: "id" must be letters, digits, "_", "." or "-"`);
    const label = `${source}: connection "${c.id}"`;
    if (seen.has(c.id)) throw new HeadlessConfigError(`${label} appears twice`);
    seen.add(c.id);
    if (!isProvider(c.provider))
      throw new HeadlessConfigError(`${label}: "provider" must be one of postgres, mysql, mongodb, firebase, supabase`);
    if (c.name === undefined) c.name = c.id;
    else if (typeof c.name !== 'string') throw new HeadlessConfigError(`${label}: "name" must be a string`);
    for (const field of INLINE_SECRET_FIELDS) {
      if (field in c)
        throw new HeadlessConfigError(
          `${label}: "${field}" must not be in the config file; name an environment variable with "${field === 'password' ? 'passwordEnv' : field === 'apiKey' ? 'apiKeyEnv' : 'serviceAccountEnv'}" instead`,
        );
    }
    if (c.interval !== undefined && typeof c.interval !== 'number' && typeof c.interval !== 'string') {
      throw new HeadlessConfigError(`${label}: "interval" must be milliseconds or a cron expression`);
    }
    const out: HeadlessConnection = { config: undefined as unknown as ConnectionConfig };
    for (const field of SECRET_ENV_FIELDS) {
      const v = c[field];
      delete c[field];
      if (v === undefined) continue;
      if (typeof v !== 'string' || !ENV_NAME.test(v))
        throw new HeadlessConfigError(`${label}: "${field}" must be an environment variable name`);
      out[field] = v;
    }
    if (typeof c.url === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*:[^/?#@]+@/i.test(c.url)) {
      warnings.push(`${label}: its "url" contains a password; move it to an environment variable named by "passwordEnv"`);
    }
    out.config = c as unknown as ConnectionConfig;
    return out;
  });
  const config: HeadlessConfig = { connections };
  if (interval !== undefined) config.interval = interval;
  if (obj.alerts !== undefined) config.alerts = obj.alerts;
  return { config, warnings };
}

/** Environment variables a config names that are not set (names only). */
export function missingSecretEnv(config: HeadlessConfig, env: NodeJS.ProcessEnv): string[] {
  const missing: string[] = [];
  for (const c of config.connections) {
    for (const field of SECRET_ENV_FIELDS) {
      const name = c[field];
      if (name && (env[name] === undefined || env[name] === '')) missing.push(`${name} (${field} of "${c.config.id}")`);
    }
  }
  return missing;
}

/** Reads a connection's secret from the environment, at probe time. */
export function secretFromEnv(c: HeadlessConnection, env: NodeJS.ProcessEnv): ConnectionSecret | null {
  const secret: ConnectionSecret = {};
  if (c.passwordEnv && env[c.passwordEnv]) secret.password = env[c.passwordEnv];
  if (c.apiKeyEnv && env[c.apiKeyEnv]) secret.apiKey = env[c.apiKeyEnv];
  if (c.serviceAccountEnv && env[c.serviceAccountEnv]) secret.serviceAccountJson = env[c.serviceAccountEnv];
  return Object.keys(secret).length ? secret : null;
}
