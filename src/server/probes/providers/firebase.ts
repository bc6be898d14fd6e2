/**
 * Firebase probe with firebase-admin@13, read-only:
 * - Auth: `listUsers(1)` (one page of at most one user);
 * - Firestore: read of a document that does not exist (`dbpulse-probe/nonexistent`);
 * - Realtime Database (only when a URL or emulator is configured): a read of
 *   `.info/serverTimeOffset`, which resolves only after the server's handshake.
 * The three run in parallel, each timed (`*_ms`) and bounded by the statement
 * timeout. Phase `auth` is the service account's OAuth token (skipped when every
 * service is emulated), `firstQuery` the fastest service answer.
 *
 * Emulators: firebase-admin reads FIREBASE_AUTH_EMULATOR_HOST / FIRESTORE_EMULATOR_HOST /
 * FIREBASE_DATABASE_EMULATOR_HOST from the process environment. So that one
 * connection's emulator never redirects another's probe, each Firebase probe runs
 * its SDK work with those variables set for it alone, one probe at a time.
 */
import * as crypto from 'node:crypto';
import { cert, deleteApp, initializeApp, type App, type Credential } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getDatabaseWithUrl } from 'firebase-admin/database';
import { getFirestore } from 'firebase-admin/firestore';
import {
  combineChecks,
  emulatorsOf,
  missingCredentials,
  needsAccessToken,
  parseServiceAccount,
  projectIdOf,
  realtimeDatabaseUrl,
  type FirebaseEmulators,
  type ServiceAccount,
  type ServiceCheck,
} from '../firebaseChecks';
import { ProbeFailure, type ProbeContext, type ProbeRequest, type ProviderOutcome } from '../types';

const ENV_KEYS = ['FIREBASE_AUTH_EMULATOR_HOST', 'FIRESTORE_EMULATOR_HOST', 'FIREBASE_DATABASE_EMULATOR_HOST'] as const;

/** One probe at a time holds the emulator variables. */
let envQueue: Promise<void> = Promise.resolve();

/** Runs `fn` with the emulator variables set for this connection (absent ones unset), then restores them. */
async function withEmulatorEnv<T>(emulators: FirebaseEmulators, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const previous = envQueue;
  envQueue = previous.then(() => mine);
  await previous;
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    release();
  };
  // An abandoned probe (deadline, cancel) gives the variables back at once.
  signal.addEventListener('abort', restore, { once: true });
  try {
    if (signal.aborted) throw signal.reason;
    const values: Record<(typeof ENV_KEYS)[number], string | undefined> = {
      FIREBASE_AUTH_EMULATOR_HOST: emulators.auth,
      FIRESTORE_EMULATOR_HOST: emulators.firestore,
      FIREBASE_DATABASE_EMULATOR_HOST: emulators.database,
    };
    for (const k of ENV_KEYS) {
      const v = values[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    return await fn();
  } finally {
    signal.removeEventListener('abort', restore);
    restore();
  }
}

let emulatorKey: string | undefined;
/**
 * A throw-away key for emulator-only connections without a service account:
 * firebase-admin's Firestore accepts only a certificate (or application default)
 * credential, and the emulators ignore it (they get the "owner" token).
 */
function emulatorOnlyAccount(projectId: string): ServiceAccount {
  emulatorKey ??= crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return { projectId, clientEmail: `dbpulse-emulator@${projectId}.iam.gserviceaccount.com`, privateKey: emulatorKey };
}

let appCounter = 0;

/** Races `work` against its own timer, so one slow service cannot cost the others their results. */
async function timedCheck(
  service: ServiceCheck['service'],
  ctx: ProbeContext,
  timeoutMs: number,
  work: () => Promise<unknown>,
): Promise<ServiceCheck> {
  const t0 = ctx.clock.monotonic();
  let timer: unknown;
  try {
    await Promise.race([
      work(),
      new Promise((_resolve, reject) => {
        timer = ctx.clock.setTimeout(
          () => reject(Object.assign(new Error(`${service} check timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
          timeoutMs,
        );
      }),
    ]);
    return { service, checked: true, ok: true, ms: Math.round((ctx.clock.monotonic() - t0) * 100) / 100 };
  } catch (error) {
    return { service, checked: true, ok: false, ms: Math.round((ctx.clock.monotonic() - t0) * 100) / 100, error };
  } finally {
    if (timer !== undefined) ctx.clock.clearTimeout(timer);
  }
}

export async function probe(req: ProbeRequest, ctx: ProbeContext): Promise<ProviderOutcome> {
  const { config, secret } = req;
  const emulators = emulatorsOf(config);
  const account = secret.serviceAccountJson ? parseServiceAccount(secret.serviceAccountJson) : undefined;
  const projectId = projectIdOf(config, account);
  if (!projectId) throw Object.assign(new Error('no Firebase project id: set projectId'), { code: 'ERR_INVALID_CONFIG' });
  const rtdbUrl = realtimeDatabaseUrl(config, projectId, emulators);
  const tokenNeeded = needsAccessToken(emulators, rtdbUrl);
  const missing = missingCredentials(secret, tokenNeeded);
  if (missing) throw missing;

  return withEmulatorEnv(emulators, ctx.signal, async () => {
    const sa = account ?? emulatorOnlyAccount(projectId);
    const credential: Credential = cert({ projectId: sa.projectId, clientEmail: sa.clientEmail, privateKey: sa.privateKey });
    const app: App = initializeApp(
      { projectId, credential, ...(rtdbUrl ? { databaseURL: rtdbUrl } : {}) },
      `dbpulse-probe-${++appCounter}`,
    );
    let deleted = false;
    const cleanup = async () => {
      if (deleted) return;
      deleted = true;
      await deleteApp(app).catch(() => undefined);
    };
    ctx.onCleanup(cleanup);
    try {
      if (tokenNeeded) {
        // The service account's OAuth exchange: wrong key, revoked key and clock skew show here.
        ctx.phases.start('auth');
        await credential.getAccessToken();
        ctx.phases.end('auth');
      }
      ctx.connected();

      const perCheck = Math.max(50, ctx.statementTimeoutMs - Math.min(200, Math.round(ctx.statementTimeoutMs * 0.1)));
      const checks: Array<Promise<ServiceCheck>> = [
        timedCheck('auth', ctx, perCheck, () => getAuth(app).listUsers(1)),
        timedCheck('firestore', ctx, perCheck, async () => {
          const db = getFirestore(app);
          if (emulators.firestore) db.settings({ host: emulators.firestore, ssl: false });
          await db.doc('dbpulse-probe/nonexistent').get();
        }),
      ];
      if (rtdbUrl) {
        checks.push(timedCheck('rtdb', ctx, perCheck, () => getDatabaseWithUrl(rtdbUrl, app).ref('.info/serverTimeOffset').once('value')));
      } else {
        checks.push(Promise.resolve({ service: 'rtdb', checked: false, ok: false, ms: null }));
      }
      const results = await Promise.all(checks);
      const answered = results.filter((r) => r.checked && r.ms !== null).map((r) => r.ms as number);
      if (answered.length > 0) ctx.phases.set('firstQuery', Math.min(...answered));

      const verdict = combineChecks(results, (err) => ctx.redact(describe(err)));
      if (verdict.failure !== undefined) throw new ProbeFailure(verdict.failure);
      return {
        metrics: verdict.metrics,
        warnings: verdict.warnings,
        tls: emulators.auth && emulators.firestore && (!rtdbUrl || emulators.database) ? null : undefined,
      };
    } finally {
      await cleanup();
    }
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.message}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}`;
  }
  return String(err);
}
