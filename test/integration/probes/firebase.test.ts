/**
 * Firebase probe against the official Auth emulator (firebase-tools, real) and two
 * stand-ins: `@firestore-emulator/server` for Firestore and `firebase-server` for the
 * Realtime Database (the official Firestore/Database emulators need Java 21 and a
 * download). Every socket the probe opens is checked to stay on loopback.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import type { ConnectionConfig, ConnectionSecret } from '../../../src/shared/connection';
import type { ProbeResult } from '../../../src/shared/probe';
import { runProbe } from '../../../src/server/probes/runProbe';
import { closedPort } from '../../servers/ports';
import { authEmulatorUnavailable, startAuthEmulator, type AuthEmulator } from '../../servers/firebaseAuthEmulator';
import { firestoreStandInUnavailable, startFirestoreStandIn, type FirestoreStandIn } from '../../standins/firestore-standin';
import { rtdbStandInUnavailable, startRtdbStandIn, type RtdbStandIn } from '../../standins/rtdb-standin';

const PROJECT = 'demo-dbpulse';

/** A service-account key file of the shape Google issues, with a freshly made key. */
function fakeServiceAccount(projectId = PROJECT): { json: string; privateKey: string } {
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const json = JSON.stringify({
    type: 'service_account',
    project_id: projectId,
    private_key_id: crypto.randomBytes(20).toString('hex'),
    private_key: privateKey,
    client_email: `probe@${projectId}.iam.gserviceaccount.com`,
    client_id: '100000000000000000001',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
  return { json, privateKey };
}

/** Records every outgoing TCP connection that is not to loopback (there must be none). */
const offLoopback: string[] = [];
const originalConnect = net.Socket.prototype.connect;
function guardLoopback(): void {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const o = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; path?: string } | undefined;
    const host = typeof o === 'object' && o !== null ? o.host : undefined;
    if (host && !/^(127\.|::1$|localhost$)/.test(host)) offLoopback.push(host);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
}

async function probe(over: Partial<ConnectionConfig>, secret: ConnectionSecret): Promise<ProbeResult> {
  const config: ConnectionConfig = {
    id: 'fb-test',
    name: 'firebase test',
    provider: 'firebase',
    projectId: PROJECT,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 4000,
    ...over,
  };
  // runProbe's own classifier, the diagnoser (src/server/diagnosis), as in the product.
  const r = await runProbe({ config, secret });
  const text = JSON.stringify(r);
  const keyLine = /-----BEGIN PRIVATE KEY-----\\n([A-Za-z0-9+/=]{20,})/.exec(secret.serviceAccountJson ?? '')?.[1];
  if (keyLine) assert.ok(!text.includes(keyLine), 'the private key leaked into the result');
  return r;
}

describe('Firebase probe — Auth emulator (firebase-tools) + Firestore and RTDB stand-ins', function () {
  this.timeout(90000);
  let auth: AuthEmulator;
  let firestore: FirestoreStandIn;
  let rtdb: RtdbStandIn;
  const sa = fakeServiceAccount();
  const emulator = () => ({ auth: auth.hostPort, firestore: firestore.hostPort, database: rtdb.hostPort });

  before(async function () {
    if (authEmulatorUnavailable() || firestoreStandInUnavailable() || rtdbStandInUnavailable()) this.skip();
    guardLoopback();
    [auth, firestore, rtdb] = await Promise.all([
      startAuthEmulator(PROJECT),
      startFirestoreStandIn(),
      startRtdbStandIn({ users: { a: 1 } }),
    ]);
  });
  after(async () => {
    net.Socket.prototype.connect = originalConnect;
    await Promise.all([auth?.stop(), firestore?.stop(), rtdb?.stop()]);
  });
  afterEach(() => {
    assert.deepEqual(offLoopback.splice(0), [], 'a probe connected outside loopback');
  });

  it('all three services answer: up, *_ok true with latencies (Auth emulator, Firestore + RTDB stand-ins)', async () => {
    const r = await probe({ emulator: emulator() }, { serviceAccountJson: sa.json });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.deepEqual([r.metrics.auth_ok, r.metrics.firestore_ok, r.metrics.rtdb_ok], [true, true, true]);
    for (const k of ['auth_ms', 'firestore_ms', 'rtdb_ms']) assert.equal(typeof r.metrics[k], 'number', k);
    assert.equal(typeof r.timings.firstQueryMs, 'number');
    assert.equal(r.timings.authMs, undefined, 'no OAuth exchange when every service is emulated');
    assert.equal(r.tls, null);
  });

  it('emulators only, no service account stored: still up (Auth emulator, stand-ins)', async () => {
    const r = await probe({ emulator: emulator() }, {});
    assert.equal(r.state, 'up', JSON.stringify(r));
  });

  it('no Realtime Database configured: rtdb_ok/rtdb_ms are null, up (Auth emulator, Firestore stand-in)', async () => {
    const r = await probe({ emulator: { auth: auth.hostPort, firestore: firestore.hostPort } }, { serviceAccountJson: sa.json });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.equal(r.metrics.rtdb_ok, null);
    assert.equal(r.metrics.rtdb_ms, null);
  });

  it('Auth refuses another project (single-project emulator): degraded, auth_ok false (Auth emulator)', async () => {
    const strict = await startAuthEmulator('some-other-project', { singleProject: true });
    try {
      const r = await probe({ emulator: { ...emulator(), auth: strict.hostPort } }, { serviceAccountJson: sa.json });
      assert.equal(r.state, 'degraded', JSON.stringify(r));
      assert.equal(r.metrics.auth_ok, false);
      assert.equal(r.metrics.firestore_ok, true);
      assert.ok(r.warnings?.some((w) => /^Auth check failed/.test(w)));
    } finally {
      await strict.stop();
    }
  });

  it('Auth emulator not running (port refused): degraded, auth_ok false, the others up', async () => {
    const r = await probe({ emulator: { ...emulator(), auth: `127.0.0.1:${await closedPort()}` } }, { serviceAccountJson: sa.json });
    assert.equal(r.state, 'degraded', JSON.stringify(r));
    assert.equal(r.metrics.auth_ok, false);
    assert.equal(r.metrics.rtdb_ok, true);
    assert.ok(
      r.warnings?.some((w) => /^Auth check failed: .*ECONNREFUSED/.test(w)),
      JSON.stringify(r.warnings),
    );
  });

  it('Firestore unreachable: degraded at the per-check timeout, firestore_ok false (Firestore stand-in stopped)', async () => {
    const gone = await startFirestoreStandIn();
    await gone.stop();
    const r = await probe(
      { emulator: { ...emulator(), firestore: gone.hostPort }, statementTimeoutMs: 1500 },
      { serviceAccountJson: sa.json },
    );
    assert.equal(r.state, 'degraded', JSON.stringify(r));
    assert.equal(r.metrics.firestore_ok, false);
    assert.equal(r.metrics.auth_ok, true);
  });

  it('Realtime Database unreachable: degraded, rtdb_ok false (RTDB stand-in stopped)', async () => {
    const gone = await startRtdbStandIn();
    await gone.stop();
    const r = await probe(
      { emulator: { ...emulator(), database: gone.hostPort }, statementTimeoutMs: 1500 },
      { serviceAccountJson: sa.json },
    );
    assert.equal(r.state, 'degraded', JSON.stringify(r));
    assert.equal(r.metrics.rtdb_ok, false);
    assert.ok(r.warnings?.some((w) => /^Realtime Database check failed: .*timed out/.test(w)));
  });

  it('every service unreachable (ports refused): down with the Auth error, conn_refused', async () => {
    const [a, f, d] = await Promise.all([closedPort(), closedPort(), closedPort()]);
    const r = await probe(
      { emulator: { auth: `127.0.0.1:${a}`, firestore: `127.0.0.1:${f}`, database: `127.0.0.1:${d}` }, statementTimeoutMs: 1500 },
      { serviceAccountJson: sa.json },
    );
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'conn_refused', JSON.stringify(r.error));
  });

  it('service-account JSON that is not JSON: down before any request, key never quoted', async () => {
    const broken = sa.json.slice(0, -20);
    const r = await probe({ emulator: emulator() }, { serviceAccountJson: broken });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.code, 'ERR_CREDENTIALS_INVALID');
    assert.ok(!JSON.stringify(r).includes('PRIVATE KEY'));
    assert.equal(r.error?.category, 'credentials_invalid', JSON.stringify(r.error));
  });

  it('a real (not emulated) project without a service account: down / credentials_missing, nothing contacted', async () => {
    const r = await probe({ emulator: undefined }, {});
    assert.equal(r.state, 'down');
    assert.equal(r.error?.code, 'ERR_CREDENTIALS_MISSING');
    assert.equal(r.error?.category, 'credentials_missing', JSON.stringify(r.error));
  });

  it("a connection's emulator settings never leak into the process environment", async () => {
    const before = {
      a: process.env.FIREBASE_AUTH_EMULATOR_HOST,
      f: process.env.FIRESTORE_EMULATOR_HOST,
      d: process.env.FIREBASE_DATABASE_EMULATOR_HOST,
    };
    await Promise.all([
      probe({ emulator: emulator() }, {}),
      probe({ emulator: { auth: auth.hostPort, firestore: firestore.hostPort } }, {}),
    ]);
    assert.deepEqual(
      {
        a: process.env.FIREBASE_AUTH_EMULATOR_HOST,
        f: process.env.FIRESTORE_EMULATOR_HOST,
        d: process.env.FIREBASE_DATABASE_EMULATOR_HOST,
      },
      before,
    );
  });
});
