/**
 * The headless monitor's config file: `{ "connections": [...], "intervalMs"?: n, "alerts"?: {...} }`,
 * each connection a `ConnectionConfig` plus where its secrets are: the names of
 * environment variables (`passwordEnv`, `apiKeyEnv`, `serviceAccountEnv`) or files
 * (`passwordFile`, `apiKeyFile`, `serviceAccountFile`: Docker and Kubernetes secrets,
 * relative to the config file's folder). Pure: parses text, checks it, resolves
 * secrets from a given environment and a given file reader.
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
  passwordFile?: string;
  apiKeyFile?: string;
  serviceAccountFile?: string;
}

/** Reads a secret file (path as written in the config); undefined when it cannot be read. */
export type SecretFileReader = (file: string) => string | undefined;

export interface HeadlessConfig {
  connections: HeadlessConnection[];
  interval?: IntervalSpec;
  /** The `alerts` object as written (checked by `parseHeadlessAlerts`). */
  alerts?: unknown;
}

export class HeadlessConfigError extends Error {}

const SECRET_ENV_FIELDS = ['passwordEnv', 'apiKeyEnv', 'serviceAccountEnv'] as const;
const SECRET_FILE_FIELDS = ['passwordFile', 'apiKeyFile', 'serviceAccountFile'] as const;
/** Which secret each pair of fields fills. */
const SECRET_SOURCES = [
  ['passwordEnv', 'passwordFile', 'password'],
  ['apiKeyEnv', 'apiKeyFile', 'apiKey'],
  ['serviceAccountEnv', 'serviceAccountFile', 'serviceAccountJson'],
] as const;
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
    for (const field of SECRET_FILE_FIELDS) {
      const v = c[field];
      delete c[field];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.trim() === '' || v.includes('\0'))
        throw new HeadlessConfigError(`${label}: "${field}" must be a file path`);
      out[field] = v;
    }
    for (const [envField, fileField] of SECRET_SOURCES) {
      if (out[envField] && out[fileField]) throw new HeadlessConfigError(`${label}: give "${envField}" or "${fileField}", not both`);
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

/** Environment variables a config names that are not set, and secret files that cannot be read (names only). */
export function missingSecretEnv(config: HeadlessConfig, env: NodeJS.ProcessEnv, readFile?: SecretFileReader): string[] {
  const missing: string[] = [];
  for (const c of config.connections) {
    for (const field of SECRET_ENV_FIELDS) {
      const name = c[field];
      if (name && (env[name] === undefined || env[name] === '')) missing.push(`${name} (${field} of "${c.config.id}")`);
    }
    for (const field of SECRET_FILE_FIELDS) {
      const file = c[field];
      if (file && !readFile?.(file)) missing.push(`file ${file} (${field} of "${c.config.id}": missing, empty or unreadable)`);
    }
  }
  return missing;
}

/**
 * A connection's secret from the environment or its secret files, at probe time. A file's
 * trailing newline (as `echo` and most secret tools write one) is not part of the secret.
 */
export function secretFromEnv(c: HeadlessConnection, env: NodeJS.ProcessEnv, readFile?: SecretFileReader): ConnectionSecret | null {
  const secret: ConnectionSecret = {};
  for (const [envField, fileField, key] of SECRET_SOURCES) {
    const envName = c[envField];
    const file = c[fileField];
    const value = envName ? env[envName] : file && readFile ? readFile(file)?.replace(/\r?\n$/, '') : undefined;
    if (value) secret[key] = value;
  }
  return Object.keys(secret).length ? secret : null;
}
