import * as assert from 'node:assert/strict';
import { checkAlertSettings } from '../../../src/shared/alertSettingsCheck';
import type { RuleNotice } from '../../../src/server/alerts/notice';
import type { IncidentState } from '../../../src/server/alerts/rules/incidents';
import { RuleAlerting } from '../../../src/server/alerts/rules/ruleAlerting';
import type { AlertSettings } from '../../../src/shared/alertSettings';
import type { ProbeResult } from '../../../src/shared/probe';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 7, 3, 0, 0);

interface Rig {
  alerting: RuleAlerting;
  sent: RuleNotice[];
  suppressed: string[];
  state: () => IncidentState | undefined;
  clock: { t: number };
}

function rig(settings: Partial<AlertSettings> = {}, restoreFrom?: IncidentState, clock = { t: T0 }): Rig {
  const sent: RuleNotice[] = [];
  const suppressed: string[] = [];
  let saved: IncidentState | undefined;
  const alerting = new RuleAlerting({
    now: () => clock.t,
    deliver: (n) => sent.push(n),
    contextFor: (id) => ({ connection: { id, name: id.toUpperCase(), provider: 'postgres', tags: ['prod'] } }),
    recordSuppressed: (s) => suppressed.push(`${s.kind}:${s.incident.ruleId}:${s.reason}`),
    persist: (s) => (saved = JSON.parse(JSON.stringify(s)) as IncidentState),
    version: 'test',
    timezone: 'UTC',
  });
  const checked = checkAlertSettings({ enabled: true, webhooks: [], ...settings });
  assert.deepEqual(checked.problems, []);
  alerting.setRules(checked.rules, checked.maintenance, checked.quietPeriodMs);
  alerting.setConnections([{ id: 'orders', tags: ['prod'] }]);
  if (restoreFrom) alerting.restore(restoreFrom);
  return { alerting, sent, suppressed, state: () => saved, clock };
}

function probe(state: ProbeResult['state'], at: number, over: Partial<ProbeResult> = {}): ProbeResult {
  return {
    connectionId: 'orders',
    provider: 'postgres',
    startedAt: at,
    state,
    timings: { totalMs: 20 },
    metrics: {},
    ...(state === 'down' ? { error: { message: 'connection refused', category: 'network_unreachable' } } : {}),
    ...over,
  } as ProbeResult;
}

const events = (r: Rig) => r.sent.map((n) => `${n.event}/${n.rendered.payload.severity}/${n.rule.id}`);

describe('rule alerting (default rules, incidents, maintenance, restart)', () => {
  it('a stopped server gives one critical down, however many probes fail, then one recovered', () => {
    const clock = { t: T0 };
    const r = rig({}, undefined, clock);
    for (let i = 0; i < 10; i++) r.alerting.onProbe(probe('down', (clock.t = T0 + i * MIN)));
    r.alerting.onProbe(probe('up', (clock.t = T0 + 10 * MIN)));
    assert.deepEqual(events(r), ['down/critical/default-down', 'recovered/info/default-down']);
    assert.equal(r.sent[1]!.rendered.payload.outageMs, 10 * MIN);
  });

  it('latency above the default limit breaches once per incident, with the measured p95 in the payload', () => {
    const clock = { t: T0 };
    const r = rig({}, undefined, clock);
    for (let i = 0; i < 6; i++) r.alerting.onProbe(probe('up', (clock.t = T0 + i * MIN), { timings: { totalMs: 2600 + i } }));
    const lat = r.sent.filter((n) => n.rule.id === 'default-latency');
    assert.equal(lat.length, 1);
    assert.equal(lat[0]!.event, 'degraded');
    assert.equal(lat[0]!.rendered.payload.severity, 'warning');
    assert.equal(lat[0]!.rendered.payload.measured?.threshold, 2000);
    assert.ok((lat[0]!.rendered.payload.measured?.value ?? 0) >= 2600);
    assert.match(lat[0]!.rendered.payload.measured!.text, /^p95 totalMs 26\d\d ms over 3 probes in 15 min/);
  });

  it('a certificate expiring in 3 days gives a warning', () => {
    const r = rig();
    const validTo = new Date(T0 + 3 * DAY).toUTCString();
    r.alerting.onProbe(probe('up', T0, { tls: { protocol: 'TLSv1.3', authorized: true, validTo } } as Partial<ProbeResult>));
    assert.deepEqual(events(r), ['alert/warning/default-tls-expiry']);
    assert.equal(r.sent[0]!.rendered.payload.measured?.unit, 'days');
    assert.equal(r.sent[0]!.rendered.payload.measured?.value, 3);
  });

  it('a maintenance window suppresses an outage, and what it suppressed is recorded', () => {
    const clock = { t: T0 };
    const r = rig(
      { maintenance: [{ id: 'upgrade', start: new Date(T0 - MIN).toISOString(), end: new Date(T0 + 30 * MIN).toISOString() }] },
      undefined,
      clock,
    );
    for (let i = 0; i < 5; i++) r.alerting.onProbe(probe('down', (clock.t = T0 + i * MIN)));
    r.alerting.onProbe(probe('up', (clock.t = T0 + 10 * MIN)));
    // After the window, the same outage alerts.
    r.alerting.onProbe(probe('down', (clock.t = T0 + 31 * MIN)));
    assert.deepEqual(events(r), ['down/critical/default-down']);
    r.sent.length = 0;
    assert.deepEqual(r.sent, []);
    assert.deepEqual(r.suppressed, ['opened:default-down:maintenance', 'resolved:default-down:maintenance']);
  });

  it('a restart in the middle of an incident does not re-alert; the recovery is still sent once', () => {
    const clock = { t: T0 };
    const first = rig({}, undefined, clock);
    first.alerting.onProbe(probe('down', clock.t));
    assert.deepEqual(events(first), ['down/critical/default-down']);
    const saved = first.state();
    assert.equal(saved?.open.length, 1);
    // The process dies; a new one restores the persisted state and keeps probing.
    const second = rig({}, saved, clock);
    for (let i = 1; i < 5; i++) second.alerting.onProbe(probe('down', (clock.t = T0 + i * MIN)));
    assert.deepEqual(events(second), []);
    second.alerting.onProbe(probe('up', (clock.t = T0 + 6 * MIN)));
    assert.deepEqual(events(second), ['recovered/info/default-down']);
    assert.equal(second.sent[0]!.rendered.payload.outageMs, 6 * MIN, 'the outage is counted from before the restart');
  });

  it('repeats while open every N minutes; an acknowledgement silences repeats, a snooze pauses them', () => {
    const clock = { t: T0 };
    const r = rig(
      { rules: [{ id: 'default-down', severity: 'critical', condition: { kind: 'down', probes: 1 }, repeatMinutes: 10 }] },
      undefined,
      clock,
    );
    for (let i = 0; i <= 25; i++) r.alerting.onProbe(probe('down', (clock.t = T0 + i * MIN)));
    assert.deepEqual(
      r.sent.map((n) => n.rendered.payload.incident?.notice),
      ['opened', 'repeat', 'repeat'],
    );
    const id = r.alerting.openIncidents()[0]!.id;
    r.alerting.acknowledge(id, 'ana');
    for (let i = 26; i <= 60; i++) r.alerting.onProbe(probe('down', (clock.t = T0 + i * MIN)));
    assert.equal(r.sent.length, 3, 'acknowledged: no more repeats');
    r.alerting.onProbe(probe('up', (clock.t = T0 + 61 * MIN)));
    assert.equal(r.sent.at(-1)!.event, 'recovered');
  });

  it('removing a rule closes its incidents silently; custom rules replace a default by id', () => {
    const r = rig();
    r.alerting.onProbe(probe('down', T0));
    assert.equal(r.alerting.openIncidents().length, 1);
    const checked = checkAlertSettings({ enabled: true, webhooks: [], defaultRules: false });
    r.alerting.setRules(checked.rules, checked.maintenance);
    assert.equal(r.alerting.openIncidents().length, 0);
    r.alerting.onProbe(probe('up', T0 + MIN));
    assert.equal(r.sent.length, 1, 'no resolved notice for a rule the user removed');
  });
});
