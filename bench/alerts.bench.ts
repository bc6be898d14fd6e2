/**
 * Alert figures, printed next to their targets (no pass/fail):
 *
 *  A. Rule evaluation cost per probe at 1,000 connections with 10 rules each (the four defaults
 *     and six more: error rate, capacity, replication lag, down for N minutes, p50 and max of a
 *     phase), through RuleAlerting.onProbe, side by side with the same loop that only builds the
 *     probe results (the baseline). Target: under 0.05 ms per probe.
 *  B. Detection to arrival, per channel: the time from the probe that finds the outage
 *     (RuleAlerting.onProbe) to the alert arriving at a real webhook receiver, an SMTP receiver
 *     (the smtp-server library in-process: the SMTP protocol on a loopback socket, STARTTLS), a real Alertmanager's webhook receiver (Debian's
 *     prometheus-alertmanager, group_wait 100 ms in the test config: Alertmanager's own wait is
 *     the user's setting), and the Resend and Twilio stand-ins. Targets: email under 10 s,
 *     webhook and Alertmanager under 2 s.
 *
 *   npx tsx bench/alerts.bench.ts
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { buildChannels, type AlertChannel } from '../src/server/alerts/channels';
import { checkAlertSettings } from '../src/shared/alertSettingsCheck';
import type { RuleNotice } from '../src/server/alerts/notice';
import { RuleAlerting } from '../src/server/alerts/rules/ruleAlerting';
import type { AlertRule } from '../src/shared/alertRules';
import type { AlertSettings } from '../src/shared/alertSettings';
import type { ProbeResult } from '../src/shared/probe';
import { alertmanagerUnavailable, startAlertmanager } from '../test/servers/alertmanager';
import { makeSelfSignedCert, makeTempDir, removeDir } from '../test/servers/common';
import { startResendStandin } from '../test/standins/resend-standin';
import { startTwilioStandin } from '../test/standins/twilio-standin';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

const EXTRA_RULES: AlertRule[] = [
  { id: 'errors', severity: 'warning', condition: { kind: 'error_rate', abovePercent: 20, windowMinutes: 30, minProbes: 5 } },
  { id: 'capacity', severity: 'warning', condition: { kind: 'capacity', belowPercent: 10 } },
  { id: 'lag', severity: 'warning', condition: { kind: 'replication_lag', aboveSeconds: 30 } },
  { id: 'down-5min', severity: 'critical', condition: { kind: 'down', minutes: 5 } },
  { id: 'p50', severity: 'info', condition: { kind: 'latency', stat: 'p50', aboveMs: 500, windowMinutes: 60 } },
  {
    id: 'connect-max',
    severity: 'warning',
    condition: { kind: 'latency', stat: 'max', phase: 'connectMs', aboveMs: 1000, windowMinutes: 10 },
  },
];

function result(i: number, at: number): ProbeResult {
  const down = i % 97 === 0 && at % 7 === 0;
  return {
    connectionId: `c${i}`,
    provider: 'postgres',
    startedAt: at,
    state: down ? 'down' : 'up',
    timings: { totalMs: 15 + (i % 40), connectMs: 3 + (i % 5), authMs: 2, firstQueryMs: 1 },
    metrics: { connections_used: 20 + (i % 70), max_connections: 100, replication_lag_s: i % 13 },
    ...(down ? { error: { message: 'refused', category: 'network_unreachable' } } : {}),
  } as ProbeResult;
}

function ruleCost(): void {
  const clock = { t: Date.UTC(2026, 11, 7) };
  let sent = 0;
  const alerting = new RuleAlerting({
    now: () => clock.t,
    deliver: () => void sent++,
    contextFor: (id) => ({ connection: { id, name: id, provider: 'postgres', tags: [] } }),
    version: 'bench',
  });
  const checked = checkAlertSettings({ enabled: true, webhooks: [], rules: EXTRA_RULES });
  alerting.setRules(checked.rules, checked.maintenance);
  alerting.setConnections(Array.from({ length: CONNECTIONS }, (_, i) => ({ id: `c${i}`, tags: i % 2 ? ['prod'] : [] })));
  console.log(
    `A. rule evaluation: ${CONNECTIONS} connections × ${checked.rules.length} rules, ${ROUNDS} rounds of one probe each (1 min apart)`,
  );
  // Warm-up round fills the windows.
  let sink = 0;
  for (let round = 0; round < 5; round++) {
    clock.t += 60_000;
    for (let i = 0; i < CONNECTIONS; i++) alerting.onProbe(result(i, clock.t));
  }
  const t0 = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) {
    clock.t += 60_000;
    for (let i = 0; i < CONNECTIONS; i++) alerting.onProbe(result(i, clock.t));
  }
  const withRules = Number(process.hrtime.bigint() - t0) / 1e6;
  const t1 = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) {
    clock.t += 60_000;
    for (let i = 0; i < CONNECTIONS; i++) sink += result(i, clock.t).timings.totalMs;
  }
  const bare = Number(process.hrtime.bigint() - t1) / 1e6;
  const probes = ROUNDS * CONNECTIONS;
  const per = (withRules - bare) / probes;
  console.log(`   with rules ${withRules.toFixed(0)} ms, baseline (results only) ${bare.toFixed(0)} ms for ${probes} probes`);
  console.log(
    `   rule evaluation per probe: ${per.toFixed(4)} ms (target < 0.05 ms: ${per < 0.05 ? 'met' : 'NOT met'}); ratio ${(withRules / Math.max(bare, 0.001)).toFixed(1)}x the baseline; ${sent} notices (${sink > 0 ? 'ok' : ''})`,
  );
}

async function httpReceiver(): Promise<{ url: string; arrived: Promise<number>; close(): Promise<void> }> {
  let resolve!: (t: number) => void;
  const arrived = new Promise<number>((r) => (resolve = r));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      resolve(performance.now());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrived,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Detection (onProbe of the failing probe) to `arrived`, through one channel. */
async function timeChannel(
  name: string,
  settings: Partial<AlertSettings>,
  secret: string | null,
  arrived: () => Promise<number>,
): Promise<void> {
  const checked = checkAlertSettings({ enabled: true, webhooks: [], ...settings });
  if (checked.problems.length) throw new Error(checked.problems.join('; '));
  const channels: AlertChannel[] = buildChannels(checked, () => async () => secret, 'bench');
  const sends: Promise<unknown>[] = [];
  const alerting = new RuleAlerting({
    now: () => Date.now(),
    deliver: (n: RuleNotice) => void sends.push(...channels.map((c) => c.send(n.rendered))),
    contextFor: (id) => ({ connection: { id, name: 'Orders', provider: 'postgres', tags: [] } }),
    version: 'bench',
  });
  alerting.setRules(checked.rules, checked.maintenance);
  alerting.setConnections([{ id: 'orders' }]);
  const t0 = performance.now();
  alerting.onProbe({
    ...result(1, Date.now()),
    connectionId: 'orders',
    state: 'down',
    error: { message: 'refused', category: 'network_unreachable' },
  } as ProbeResult);
  const outcomes = (await Promise.all(sends)) as Array<{ ok: boolean; detail: string }>;
  const at = await Promise.race([arrived(), new Promise<number>((r) => setTimeout(() => r(NaN), 30_000))]);
  const ms = at - t0;
  const target = name === 'email (SMTP)' || name === 'email (Resend stand-in)' ? 10_000 : 2000;
  console.log(
    `   ${name.padEnd(34)} ${Number.isNaN(ms) ? 'did not arrive' : `${ms.toFixed(0).padStart(5)} ms`}  (target < ${target / 1000} s)${outcomes.every((o) => o.ok) ? '' : `  send: ${outcomes.map((o) => o.detail).join('; ')}`}`,
  );
}

async function delivery(): Promise<void> {
  console.log('B. detection → arrival, per channel');
  const hook = await httpReceiver();
  await timeChannel('webhook (real HTTP receiver)', { webhooks: [{ id: 'ops', url: hook.url }] }, null, () => hook.arrived);
  await hook.close();

  const dir = makeTempDir('dbpulse-bench-smtp-');
  const cert = makeSelfSignedCert(dir);
  let mailAt!: (t: number) => void;
  const mail = new Promise<number>((r) => (mailAt = r));
  const fs = await import('node:fs');
  const smtp = new SMTPServer({
    key: fs.readFileSync(cert.keyFile),
    cert: fs.readFileSync(cert.certFile),
    authOptional: true,
    onData(stream, _s, cb) {
      stream.resume();
      stream.on('end', () => (mailAt(performance.now()), cb()));
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as AddressInfo).port;
  await timeChannel(
    'email (SMTP)',
    { email: { host: '127.0.0.1', port, from: 'alerts@example.com', to: ['ops@example.com'], allowSelfSigned: true } },
    null,
    () => mail,
  );
  await new Promise<void>((r) => smtp.close(() => r()));
  removeDir(dir);

  const why = alertmanagerUnavailable();
  if (why) console.log(`   alertmanager: skipped (${why})`);
  else {
    const amHook = await httpReceiver();
    const am = await startAlertmanager({ webhookUrl: amHook.url });
    await timeChannel('Alertmanager → its receiver (real)', { alertmanager: [{ id: 'main', url: am.url }] }, null, () => amHook.arrived);
    await am.stop();
    await amHook.close();
  }

  const resend = await startResendStandin('re_bench_key_0123456789');
  await timeChannel(
    'email (Resend stand-in)',
    { resend: [{ id: 'team', from: 'alerts@example.com', to: ['ops@example.com'], baseUrl: resend.baseUrl }] },
    're_bench_key_0123456789',
    async () => performance.now(),
  );
  await resend.close();
  const sid = `AC${'ab'.repeat(16)}`;
  const twilio = await startTwilioStandin(sid, 'tok');
  await timeChannel(
    'SMS (Twilio stand-in)',
    { sms: [{ id: 'oncall', from: '+15551234567', to: ['+15557654321'], baseUrl: twilio.baseUrl }] },
    `${sid}:tok`,
    async () => performance.now(),
  );
  await twilio.close();
}

async function main(): Promise<void> {
  ruleCost();
  await delivery();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
