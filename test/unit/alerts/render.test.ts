import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ProbeResult } from '../../../src/shared/probe';
import { ALERT_PAYLOAD_VERSION, renderAlert, type AlertContext } from '../../../src/server/alerts/render';
import type { AlertDecision } from '../../../src/server/alerts/policy';

const AT = Date.UTC(2026, 10, 3, 12, 0, 0);

function downResult(message: string, code = 'ECONNREFUSED'): ProbeResult {
  return {
    connectionId: 'orders',
    provider: 'postgres',
    startedAt: AT,
    state: 'down',
    timings: { dnsMs: 1, connectMs: 3, totalMs: 12 },
    metrics: {},
    error: { message, code, category: 'conn_refused' },
  };
}

const ctx = (message: string, rootCause = 'Nothing listens on port 5432 of db.internal.'): AlertContext => ({
  connection: { id: 'orders', name: 'Orders DB', provider: 'postgres', tags: ['prod', 'eu'], user: 'orders_app' },
  diagnosis: { category: 'conn_refused', rootCause },
  result: downResult(message),
});

const down: AlertDecision = {
  event: 'down',
  connectionId: 'orders',
  at: AT,
  state: 'down',
  previousState: 'up',
  breaker: 'CLOSED',
  downSince: AT,
};

describe('alert rendering', () => {
  it('builds the JSON payload with event, connection, state, diagnosis, timings, ISO time and version', () => {
    const r = renderAlert(down, ctx('connect ECONNREFUSED 10.0.0.5:5432'), '0.1.0');
    const p = JSON.parse(r.json);
    assert.equal(p.version, ALERT_PAYLOAD_VERSION);
    assert.equal(p.event, 'down');
    assert.equal(p.at, '2026-11-03T12:00:00.000Z');
    assert.deepEqual(p.connection, { id: 'orders', name: 'Orders DB', provider: 'postgres', tags: ['prod', 'eu'] });
    assert.equal(p.state, 'down');
    assert.equal(p.previousState, 'up');
    assert.deepEqual(p.diagnosis, { category: 'conn_refused', rootCause: 'Nothing listens on port 5432 of db.internal.' });
    assert.equal(p.timings.totalMs, 12);
    assert.equal(p.dbpulseVersion, '0.1.0');
    assert.match(p.summary, /^DB Pulse: Orders DB \(postgres\) is DOWN: conn_refused: Nothing listens/);
  });

  it('gives chat and email variants of the same summary; the HTML is escaped', () => {
    const r = renderAlert(down, ctx('x', 'Role <script>alert(1)</script> & co'), '0.1.0');
    const chat = JSON.parse(r.slack);
    assert.equal(chat.text, r.payload.summary);
    assert.equal(chat.content, r.payload.summary);
    assert.match(r.email.subject, /^\[DB Pulse\] Orders DB \(postgres\) is DOWN/);
    assert.ok(r.email.text.startsWith(r.payload.summary));
    assert.match(r.email.text, /Tags: prod, eu/);
    assert.ok(!r.email.html.includes('<script>'));
    assert.match(r.email.html, /&#60;script&#62;/);
  });

  it('keeps the root cause to one line, and recovered/flapping/prediction say what happened', () => {
    assert.equal(renderAlert(down, ctx('x', 'first line\nsecond line'), 'v').payload.diagnosis?.rootCause, 'first line');
    const rec = renderAlert(
      {
        event: 'recovered',
        connectionId: 'orders',
        at: AT,
        state: 'up',
        previousState: 'down',
        outageMs: 252_000,
        downSince: AT - 252_000,
      },
      ctx('x'),
      'v',
    );
    assert.match(rec.payload.summary, /recovered after 4 min 12 s down \(now up\)/);
    assert.equal(rec.payload.outageMs, 252_000);
    const flap = renderAlert(
      { event: 'flapping', connectionId: 'orders', at: AT, state: 'up', flaps: 7, windowMs: 900_000 },
      ctx('x'),
      'v',
    );
    assert.match(flap.payload.summary, /flapped 7 times in 15 min \(now up\)/);
    const pred = renderAlert(
      { event: 'prediction', connectionId: 'orders', at: AT, state: 'up', riskLevel: 'IMMEDIATE_ACTION_REQUIRED', confidence: 62 },
      {},
      'v',
    );
    assert.match(pred.payload.summary, /orders \(unknown\) is likely to fail \(IMMEDIATE_ACTION_REQUIRED, confidence 62\)/);
  });

  // Secrets in the shapes error texts carry them (URL passwords, key=value pairs, env assignments, known
  // key formats), in the error, the root cause, the code and the connection's name: none reaches any variant.
  it('never lets a connection secret reach any payload (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9!$%*+_~-]{12,40}$/).filter((s) => /[A-Za-z]/.test(s) && /[0-9]/.test(s));
    // RFC 6750 bearer tokens are b64token characters only.
    const token = fc.stringMatching(/^[A-Za-z0-9._~+/-]{12,40}$/).filter((s) => /[A-Za-z]/.test(s) && /[0-9]/.test(s));
    type Shape = (s: string, t: string) => string;
    const shape = fc.constantFrom<Shape>(
      (s) => `password authentication failed: postgres://orders_app:${s}@db.internal:5432/orders`,
      (s) => `connect failed (password=${s})`,
      (s) => `PGPASSWORD=${s} psql failed`,
      (s) => `options: {"password":"${s}"}`,
      (s) => `mysql://root:${s}@10.0.0.5/app refused`,
      (s) => `apiKey: ${s}`,
      (_s, t) => `Authorization: Bearer ${t}`,
    );
    fc.assert(
      fc.property(
        secret,
        token,
        shape,
        shape,
        fc.constantFrom<AlertDecision['event']>('down', 'recovered', 'degraded', 'flapping', 'prediction', 'test'),
        (s, t, inError, inCause, event) => {
          const c = ctx(inError(s, t), inCause(s, t));
          c.result!.error!.code = `token=${s}`;
          c.connection!.name = `Orders ${inError(s, t)}`;
          const d: AlertDecision = { ...down, event, state: event === 'recovered' ? 'up' : 'down' };
          const r = renderAlert(d, c, '0.1.0');
          for (const body of [r.json, r.slack, r.email.subject, r.email.text, r.email.html])
            assert.ok(!body.includes(s) && !body.includes(t), `secret in ${body}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never names the connection by URL, host or user', () => {
    const r = renderAlert(down, ctx('password authentication failed for user "orders_app"'), 'v');
    for (const body of [r.json, r.slack, r.email.text]) {
      assert.ok(!body.includes('orders_app'), body);
      assert.ok(!body.includes('postgres://'), body);
    }
  });
});
