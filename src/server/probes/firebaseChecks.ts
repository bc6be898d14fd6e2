/**
 * Firebase probe logic without I/O: the service account, emulator endpoints,
 * the Realtime Database URL, and how the three service checks (Auth, Firestore,
 * Realtime Database) combine into one state.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { MetricValue } from '../../shared/probe';

export interface ServiceAccount {
  projectId: string;
  clientEmail: string;
  privateKey: string;
}

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Reads a service-account key file's JSON. Errors never quote the text (it holds
 * the private key): `ERR_CREDENTIALS_INVALID` with what is wrong.
 */
export function parseServiceAccount(json: string): ServiceAccount {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw coded(
      'Failed to parse service account JSON: the stored credentials are not valid JSON (paste the whole key file)',
      'ERR_CREDENTIALS_INVALID',
    );
  }
  if (typeof doc !== 'object' || doc === null)
    throw coded('Failed to parse service account JSON: the stored credentials are not a JSON object', 'ERR_CREDENTIALS_INVALID');
  const o = doc as Record<string, unknown>;
  if (o.type !== undefined && o.type !== 'service_account') {
    throw coded(
      `Failed to parse service account JSON: the stored credentials are of type "${String(o.type).slice(0, 40)}", not a service-account key`,
      'ERR_CREDENTIALS_INVALID',
    );
  }
  const missing = ['project_id', 'client_email', 'private_key'].filter((k) => typeof o[k] !== 'string' || (o[k] as string).length === 0);
  // firebase-admin's own wording for the same problem.
  if (missing.length > 0) throw coded(`Service account object must contain a string "${missing[0]}" property`, 'ERR_CREDENTIALS_INVALID');
  const privateKey = (o.private_key as string).replace(/\\n/g, '\n');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
    throw coded('Failed to parse private key: the service-account private_key is not a PEM private key', 'ERR_CREDENTIALS_INVALID');
  return { projectId: o.project_id as string, clientEmail: o.client_email as string, privateKey };
}

export interface FirebaseEmulators {
  /** host:port of the Auth emulator. */
  auth?: string;
  /** host:port of the Firestore emulator. */
  firestore?: string;
  /** host:port of the Realtime Database emulator. */
  database?: string;
}

/** `host:port` from `host:port` or `http(s)://host:port[/...]`. */
function hostPort(v: string): string {
  const m = /^https?:\/\/([^/?#]+)/i.exec(v.trim());
  return m ? m[1] : v.trim();
}

export function emulatorsOf(config: Pick<ConnectionConfig, 'emulator'>): FirebaseEmulators {
  const e = config.emulator ?? {};
  const out: FirebaseEmulators = {};
  const pick = (...keys: string[]) => keys.map((k) => e[k]).find((v) => typeof v === 'string' && v.trim() !== '');
  const auth = pick('auth');
  const firestore = pick('firestore');
  const database = pick('database', 'rtdb');
  if (auth) out.auth = hostPort(auth);
  if (firestore) out.firestore = hostPort(firestore);
  if (database) out.database = hostPort(database);
  return out;
}

/** The Realtime Database URL to probe, or undefined when the connection uses none. */
export function realtimeDatabaseUrl(
  config: Pick<ConnectionConfig, 'databaseUrl'>,
  projectId: string,
  emulators: FirebaseEmulators,
): string | undefined {
  if (emulators.database) {
    // The namespace of a hosted URL (https://<ns>.firebaseio.com), else the project's default instance.
    let ns = `${projectId}-default-rtdb`;
    if (config.databaseUrl) {
      try {
        ns = new URL(config.databaseUrl).hostname.split('.')[0] || ns;
      } catch {
        /* keep the default namespace */
      }
    }
    return `http://${emulators.database}?ns=${encodeURIComponent(ns)}`;
  }
  return config.databaseUrl?.trim() || undefined;
}

/** The project id: the connection's, else the service account's. */
export function projectIdOf(config: Pick<ConnectionConfig, 'projectId'>, account: ServiceAccount | undefined): string | undefined {
  return config.projectId?.trim() || account?.projectId;
}

/** Does this probe need a real Google access token (some service is not emulated)? */
export function needsAccessToken(emulators: FirebaseEmulators, rtdbUrl: string | undefined): boolean {
  return !emulators.auth || !emulators.firestore || (rtdbUrl !== undefined && !emulators.database);
}

/** What the secret lacks for this probe, as an error to throw, or undefined. */
export function missingCredentials(secret: ConnectionSecret, tokenNeeded: boolean): Error | undefined {
  if (tokenNeeded && !secret.serviceAccountJson) {
    return coded(
      'Firebase credentials are missing: no service-account JSON is stored for this connection, and the Admin SDK needs one to reach Auth, Firestore and the Realtime Database (Firebase console → Project settings → Service accounts → Generate new private key)',
      'ERR_CREDENTIALS_MISSING',
    );
  }
  return undefined;
}

export type FirebaseService = 'auth' | 'firestore' | 'rtdb';

export interface ServiceCheck {
  service: FirebaseService;
  /** False when the connection does not use this service (RTDB without a URL). */
  checked: boolean;
  ok: boolean;
  ms: number | null;
  error?: unknown;
}

/** Firestore's answer when the project has no Firestore database: the service is unused, not broken. */
export function isFirestoreDatabaseMissing(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const o = err as { code?: unknown; details?: unknown; message?: unknown };
  const text = `${typeof o.details === 'string' ? o.details : ''} ${typeof o.message === 'string' ? o.message : ''}`;
  return (o.code === 5 || o.code === 'NOT_FOUND') && /database .*does not exist/i.test(text);
}

const LABEL: Record<FirebaseService, string> = { auth: 'Auth', firestore: 'Firestore', rtdb: 'Realtime Database' };

export interface FirebaseVerdict {
  metrics: Record<string, MetricValue>;
  warnings: string[];
  /** Set when every service that matters failed: the probe is down with this error. */
  failure?: unknown;
}

/**
 * Metrics and state from the three checks. A service that failed makes the probe
 * `degraded` while another works; when all that matter failed, the first failure
 * (Auth, Firestore, RTDB order) is the probe's error. A project without a Firestore
 * database counts as not using Firestore.
 */
export function combineChecks(checks: ServiceCheck[], describe: (err: unknown) => string): FirebaseVerdict {
  const metrics: Record<string, MetricValue> = {};
  const warnings: string[] = [];
  const failures: unknown[] = [];
  let anyOk = false;
  for (const c of checks) {
    metrics[`${c.service}_ok`] = c.checked ? c.ok : null;
    metrics[`${c.service}_ms`] = c.checked ? c.ms : null;
    if (!c.checked) continue;
    if (c.ok) anyOk = true;
    else if (c.service === 'firestore' && isFirestoreDatabaseMissing(c.error)) {
      continue; // the project does not use Firestore: neither a failure nor a warning
    } else {
      failures.push(c.error);
      warnings.push(`${LABEL[c.service]} check failed: ${describe(c.error)}`);
    }
  }
  if (failures.length > 0 && !anyOk) return { metrics, warnings: [], failure: failures[0] };
  return { metrics, warnings };
}
