/**
 * The rule-alert channels end to end: a rule's incident (opened, then resolved) rendered and sent
 * through the channels the settings describe (`alerts/channels.ts`), to a real Prometheus
 * Alertmanager (Debian's `prometheus-alertmanager`) delivering to a real local webhook receiver,
 * and to labelled stand-ins for the hosted APIs (Resend, Twilio) that answer as those APIs do,
 * errors included (401, 422, 429 with retry-after).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildChannels, type AlertChannel, type SecretSource } from '../../src/server/alerts/channels';
import { checkAlertSettings } from '../../src/shared/alertSettingsCheck';
import { renderNotice, type RuleNotice } from '../../src/server/alerts/notice';
import { channelAccepts } from '../../src/server/alerts/policy';
import { IncidentBook } from '../../src/server/alerts/rules/incidents';
import type { AlertRule } from '../../src/shared/alertRules';
import type { AlertSecretTarget, AlertSettings } from '../../src/shared/alertSettings';
import { alertmanagerUnavailable, startAlertmanager, type AlertmanagerServer } from '../servers/alertmanager';
import { startResendStandin, type ResendStandin } from '../standins/resend-standin';
import { startTwilioStandin, type TwilioStandin } from '../standins/twilio-standin';

const RESEND_KEY = 're_StandIn_Key_0123456789abcdef';
const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TWILIO_TOKEN = 'twilio-token-Secret-42';
const DB_PASSWORD = 'Db-Password-never-sent-42';

const downRule: AlertRule = { id: 'default-down', name: 'Connection down', severity: 'critical', condition: { kind: 'down', probes: 1 } };
const connection = { id: 'orders', name: 'Orders DB', provider: 'postgres' as const, tags: ['prod', 'eu'], user: 'app' };
const T0 = Date.UTC(2026, 11, 7, 3, 0, 0);

/** An incident of the down rule opened at T0 and resolved 5 minutes later, as the service would produce them. */
function downIncident(): { opened: RuleNotice; resolved: RuleNotice } {
  const book = new IncidentBook();
  const open = book.step(downRule, 'orders', { firing: true, value: 1, threshold: 1, unit: 'probes', text: 'down for 1 probe' }, T0);
  const close = book.step(downRule, 'orders', { firing: false, value: 0, threshold: 1, unit: 'probes', text: 'up again' }, T0 + 300_000);
  assert.equal(open.notifications.length, 1);
  assert.equal(close.notifications.length, 1);
  const ctx = {
    connection,
    diagnosis: { category: 'auth_failed' as const, rootCause: `password authentication failed for user "app" (password=${DB_PASSWORD})` },
    result: {
      connectionId: 'orders',
      provider: 'postgres' as const,
      startedAt: T0,
      state: 'down' as const,
      timings: { totalMs: 12 },
      metrics: {},
      error: { message: `postgres://app:${DB_PASSWORD}@db:5432/orders: auth failed`, category: 'auth_failed' as const },
    },
  };
  return {
    opened: renderNotice(open.notifications[0]!, downRule, ctx, 'test'),
    resolved: renderNotice(close.notifications[0]!, downRule, { connection }, 'test', 'up'),
  };
}

function secrets(map: Partial<Record<string, string>>, failing: string[] = []): SecretSource {
  return (t: AlertSecretTarget) => async () => {
    const key = t.channel === 'email' ? 'email' : `${t.channel}:${t.id}`;
    if (failing.includes(key)) throw new Error('Secret Storage is locked');
    return map[key] ?? null;
  };
}

function channels(settings: Partial<AlertSettings>, secretFor: SecretSource): AlertChannel[] {
  const checked = checkAlertSettings({ enabled: true, webhooks: [], ...settings });
  assert.deepEqual(checked.problems, []);
  return buildChannels(checked, secretFor, 'test');
}

/** A real HTTP receiver on loopback recording JSON bodies (Alertmanager's webhook_configs target). */
async function receiver(): Promise<{
  url: string;
  bodies: unknown[];
  next(n: number, ms?: number): Promise<unknown[]>;
  close(): Promise<void>;
}> {
  const bodies: unknown[] = [];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      res.writeHead(200).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/am`;
  return {
    url,
    bodies,
    async next(n, ms = 20_000) {
      const until = Date.now() + ms;
      while (bodies.length < n) {
        if (Date.now() > until) throw new Error(`receiver got ${bodies.length} of ${n} notifications`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200).unref();
        });
      }
      return bodies.slice(0, n);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('integration: rule alerts through Resend, Twilio and a real Alertmanager', function () {
  this.timeout(60_000);
  const { opened, resolved } = downIncident();

  it('every payload carries the severity, the rule and the measured value; the email subject the severity', () => {
    const p = opened.rendered.payload;
    assert.equal(opened.event, 'down');
    assert.equal(p.severity, 'critical');
    assert.deepEqual(p.rule, { id: 'default-down', name: 'Connection down', condition: 'down' });
    assert.deepEqual(p.measured, { value: 1, threshold: 1, unit: 'probes', text: 'down for 1 probe' });
    assert.equal(p.incident?.notice, 'opened');
    assert.match(opened.rendered.email.subject, /^\[DB Pulse\] \[CRITICAL\] Orders DB \(postgres\) is DOWN/);
    assert.equal(resolved.event, 'recovered');
    assert.equal(resolved.rendered.payload.severity, 'info');
    assert.equal(resolved.rendered.payload.incident?.severity, 'critical');
    assert.equal(resolved.rendered.payload.outageMs, 300_000);
    for (const r of [opened, resolved]) assert.ok(!JSON.stringify(r.rendered).includes(DB_PASSWORD));
  });

  it('routes by the rule channel list, rule ids, lowest severity, event and tag; a resolved notice follows its incident', () => {
    const a = { event: opened.event, connectionTags: connection.tags, ruleId: 'default-down', severity: 'critical' as const };
    assert.ok(channelAccepts('sms:oncall', { minSeverity: 'critical' }, a));
    assert.ok(!channelAccepts('sms:oncall', { minSeverity: 'critical' }, { ...a, severity: 'warning' }));
    assert.ok(channelAccepts('sms:oncall', { minSeverity: 'warning' }, a));
    assert.ok(!channelAccepts('sms:oncall', { rules: ['default-latency'] }, a));
    assert.ok(channelAccepts('sms:oncall', { rules: ['default-down'] }, a));
    assert.ok(!channelAccepts('sms:oncall', {}, { ...a, ruleChannels: ['webhook:ops'] }));
    assert.ok(channelAccepts('webhook:ops', {}, { ...a, ruleChannels: ['webhook:ops'] }));
    assert.ok(!channelAccepts('webhook:ops', { tags: ['staging'] }, a));
    assert.ok(!channelAccepts('webhook:ops', { events: ['degraded'] }, a));
    // The resolved notice routes with its incident's severity, not its own `info`.
    const r = {
      event: resolved.event,
      connectionTags: connection.tags,
      ruleId: 'default-down',
      severity: resolved.notification.incident.severity,
    };
    assert.ok(channelAccepts('sms:oncall', { minSeverity: 'critical' }, r));
  });

  describe('Resend (stand-in)', () => {
    let resend: ResendStandin;
    beforeEach(async () => (resend = await startResendStandin(RESEND_KEY)));
    afterEach(() => resend.close());
    const settings = (): Partial<AlertSettings> => ({
      resend: [{ id: 'team', from: 'DB Pulse <alerts@example.com>', to: ['oncall@example.com'], baseUrl: resend.baseUrl }],
    });

    it('delivers the email with the Bearer key; the key is in no outcome', async () => {
      const [ch] = channels(settings(), secrets({ 'resend:team': RESEND_KEY }));
      const o = await ch!.send(opened.rendered);
      assert.ok(o.ok, o.detail);
      assert.equal(resend.delivered.length, 1);
      const mail = resend.delivered[0]!;
      assert.match(mail.subject, /\[CRITICAL\]/);
      assert.deepEqual(mail.to, ['oncall@example.com']);
      assert.match(mail.text ?? '', /Severity: critical/);
      assert.match(mail.text ?? '', /Measured: down for 1 probe/);
      assert.ok(!mail.text?.includes(DB_PASSWORD) && !mail.html?.includes(DB_PASSWORD));
      assert.equal(resend.requests[0]!.headers.authorization, `Bearer ${RESEND_KEY}`);
      assert.match(o.detail, /email id [0-9a-f-]{36}/);
      assert.ok(!o.detail.includes(RESEND_KEY));
    });

    it('a wrong key is answered 401 and not retried; the outcome names Resend’s error', async () => {
      const [ch] = channels(settings(), secrets({ 'resend:team': 're_wrong_key_000' }));
      const o = await ch!.send(opened.rendered);
      assert.equal(o.ok, false);
      assert.equal(o.status, 401);
      assert.equal(o.attempts, 1);
      assert.match(o.detail, /validation_error: API key is invalid/);
      assert.ok(!o.detail.includes('re_wrong_key_000'));
      assert.equal(resend.delivered.length, 0);
    });

    it('429 with retry-after is retried after the delay it asks for, and the email arrives once', async () => {
      resend.rateLimitNext(1, 1);
      const [ch] = channels(settings(), secrets({ 'resend:team': RESEND_KEY }));
      const o = await ch!.send(opened.rendered);
      assert.ok(o.ok, o.detail);
      assert.equal(o.attempts, 2);
      assert.match(o.tries![0]!, /HTTP 429/);
      assert.equal(resend.delivered.length, 1);
      assert.deepEqual(
        resend.requests.map((r) => r.status),
        [429, 200],
      );
    });

    it('a 500 then a retry with the same idempotency key delivers once', async () => {
      resend.failNext(1);
      const [ch] = channels(settings(), secrets({ 'resend:team': RESEND_KEY }));
      const o = await ch!.send(opened.rendered);
      assert.ok(o.ok, o.detail);
      const keys = resend.requests.map((r) => r.headers['idempotency-key']);
      assert.equal(keys.length, 2);
      assert.equal(keys[0], keys[1]);
      assert.equal(resend.delivered.length, 1);
    });

    it('422 from Resend (a sender it refuses) is reported and not retried', async () => {
      // The checker takes "a@b"; Resend wants a dotted domain: its 422 is what the user sees.
      const [ch] = channels(
        { resend: [{ id: 'team', from: 'alerts@localhost', to: ['oncall@example.com'], baseUrl: resend.baseUrl }] },
        secrets({ 'resend:team': RESEND_KEY }),
      );
      const o = await ch!.send(opened.rendered);
      assert.equal(o.ok, false);
      assert.equal(o.status, 422);
      assert.equal(o.attempts, 1);
      assert.match(o.detail, /invalid_from_address/);
    });

    it('no key set, or a failed lookup: nothing is sent and the outcome says which', async () => {
      const [unset] = channels(settings(), secrets({}));
      assert.match((await unset!.send(opened.rendered)).detail, /no Resend API key for resend:team/);
      const [failed] = channels(settings(), secrets({ 'resend:team': RESEND_KEY }, ['resend:team']));
      assert.match((await failed!.send(opened.rendered)).detail, /could not be read from Secret Storage \(Secret Storage is locked\)/);
      assert.equal(resend.requests.length, 0);
    });
  });

  describe('SMS through Twilio (stand-in)', () => {
    let twilio: TwilioStandin;
    beforeEach(async () => (twilio = await startTwilioStandin(TWILIO_SID, TWILIO_TOKEN)));
    afterEach(() => twilio.close());
    const settings = (to = ['+15557654321', '+447700900123']): Partial<AlertSettings> => ({
      sms: [{ id: 'oncall', from: '+15551234567', to, baseUrl: twilio.baseUrl, minSeverity: 'critical' }],
    });

    it('sends one message per number, form-encoded with Basic auth; the token is in no outcome', async () => {
      const [ch] = channels(settings(), secrets({ 'sms:oncall': `${TWILIO_SID}:${TWILIO_TOKEN}` }));
      const o = await ch!.send(opened.rendered);
      assert.ok(o.ok, o.detail);
      assert.deepEqual(
        twilio.messages.map((m) => m.to),
        ['+15557654321', '+447700900123'],
      );
      assert.match(twilio.messages[0]!.body, /^\[CRITICAL\] DB Pulse: Orders DB \(postgres\) is DOWN/);
      assert.ok(twilio.messages[0]!.body.length <= 320);
      assert.ok(!twilio.messages[0]!.body.includes(DB_PASSWORD));
      assert.match(o.detail, /message SM[0-9a-f]{32}/);
      assert.ok(!o.detail.includes(TWILIO_TOKEN));
    });

    it('a wrong token gets Twilio’s 20003 and no retry; a malformed secret is refused before sending', async () => {
      const [ch] = channels(settings(['+15557654321']), secrets({ 'sms:oncall': `${TWILIO_SID}:wrong` }));
      const o = await ch!.send(opened.rendered);
      assert.equal(o.ok, false);
      assert.equal(o.attempts, 1);
      assert.match(o.detail, /Twilio 20003: Authenticate/);
      const [bad] = channels(settings(), secrets({ 'sms:oncall': 'just-a-token' }));
      assert.match((await bad!.send(opened.rendered)).detail, /must be ACCOUNT_SID:AUTH_TOKEN/);
      assert.equal(twilio.messages.length, 0);
    });

    it('429 with retry-after is retried; a number Twilio rejects (21211) is reported', async () => {
      twilio.rateLimitNext(1, 1);
      const [ch] = channels(settings(['+15557654321']), secrets({ 'sms:oncall': `${TWILIO_SID}:${TWILIO_TOKEN}` }));
      const o = await ch!.send(opened.rendered);
      assert.ok(o.ok, o.detail);
      assert.equal(o.attempts, 2);
      assert.equal(twilio.messages.length, 1);
      // A number Twilio refuses (here one the checker would have caught, built past it) comes back as its 21211.
      const checked = checkAlertSettings({ enabled: true, webhooks: [], ...settings(['+15557654321']) });
      checked.sms[0]!.to = ['+1555'];
      const [ch2] = buildChannels(checked, secrets({ 'sms:oncall': `${TWILIO_SID}:${TWILIO_TOKEN}` }), 'test');
      const o2 = await ch2!.send(opened.rendered);
      assert.equal(o2.ok, false);
      assert.equal(o2.attempts, 1);
      assert.match(o2.detail, /Twilio 21211: The 'To' number \+1555 is not a valid phone number/);
    });
  });

  describe('Alertmanager (real prometheus-alertmanager)', function () {
    let am: AlertmanagerServer | undefined;
    let hook: Awaited<ReturnType<typeof receiver>>;
    before(async function () {
      const why = alertmanagerUnavailable();
      if (why) {
        console.log(`      skipped: ${why}`);
        this.skip();
      }
      hook = await receiver();
      am = await startAlertmanager({ webhookUrl: hook.url });
    });
    after(async () => {
      await am?.stop();
      await hook?.close();
    });

    it('an opened incident fires with the labels, its resolve ends it (endsAt), and Alertmanager tells its receiver both', async () => {
      const [ch] = channels({ alertmanager: [{ id: 'main', url: am!.url, labels: { team: 'data' } }] }, secrets({}));
      const now = Date.now();
      const o = await ch!.send(opened.rendered, now);
      assert.ok(o.ok, o.detail);
      const live = (await (await fetch(`${am!.url}/api/v2/alerts?filter=connection%3D%22orders%22`)).json()) as Array<{
        labels: Record<string, string>;
        annotations: Record<string, string>;
        status: { state: string };
      }>;
      assert.equal(live.length, 1);
      assert.deepEqual(live[0]!.labels, {
        alertname: 'DBPulseDown',
        connection: 'orders',
        provider: 'postgres',
        rule: 'default-down',
        severity: 'critical',
        source: 'dbpulse',
        tags: ',prod,eu,',
        team: 'data',
      });
      assert.equal(live[0]!.status.state, 'active');
      assert.match(live[0]!.annotations.summary!, /Orders DB \(postgres\) is DOWN/);
      assert.ok(!JSON.stringify(live).includes(DB_PASSWORD));
      const [firing] = (await hook.next(1)) as Array<{ status: string; alerts: Array<{ labels: Record<string, string> }> }>;
      assert.equal(firing!.status, 'firing');
      assert.equal(firing!.alerts[0]!.labels.severity, 'critical');

      const o2 = await ch!.send(resolved.rendered, now + 1000);
      assert.ok(o2.ok, o2.detail);
      const [, done] = (await hook.next(2)) as Array<{ status: string; alerts: Array<{ status: string; labels: Record<string, string> }> }>;
      assert.equal(done!.status, 'resolved');
      assert.equal(done!.alerts[0]!.labels.severity, 'critical', 'the resolved alert keeps the labels of the one it ends');
    });
  });
});
