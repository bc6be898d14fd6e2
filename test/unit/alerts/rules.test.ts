import * as assert from 'node:assert/strict';
import { checkRules, DEFAULT_RULES, type AlertRule } from '../../../src/shared/alertRules';
import type { ProbeResult } from '../../../src/shared/probe';
import { RuleEvaluator } from '../../../src/server/alerts/rules/evaluate';
import { MaintenanceCalendar } from '../../../src/server/alerts/rules/maintenance';

const MIN = 60_000;
const DAY = 86_400_000;

function probe(at: number, over: Partial<ProbeResult> = {}): ProbeResult {
  return { connectionId: 'db', provider: 'postgres', startedAt: at, state: 'up', timings: { totalMs: 10 }, metrics: {}, ...over };
}

const only = (ev: RuleEvaluator, id: string, now: number) => {
  const found = ev.evaluateConnection('db', now).find((x) => x.rule.id === id);
  assert.ok(found, `rule ${id} was evaluated`);
  return found.reading;
};

describe('alert rules: settings', () => {
  it('gives the default rules when nothing is configured', () => {
    const c = checkRules(undefined);
    assert.deepEqual(c.problems, []);
    assert.deepEqual(
      c.rules.map((r) => [r.id, r.severity]),
      DEFAULT_RULES.map((r) => [r.id, r.severity]),
    );
  });

  it('a configured rule with a default id replaces the default; defaults: false drops them', () => {
    const c = checkRules({ rules: [{ id: 'default-down', severity: 'warning', condition: { kind: 'down', minutes: 5 } }] });
    assert.equal(c.rules.filter((r) => r.id === 'default-down').length, 1);
    assert.equal(c.rules.find((r) => r.id === 'default-down')!.severity, 'warning');
    assert.deepEqual(checkRules({ defaults: false }).rules, []);
  });

  it('says what is wrong with each bad entry in one line and leaves it out', () => {
    const c = checkRules({
      defaults: false,
      rules: [
        { id: 'ok', severity: 'info', condition: { kind: 'replication_lag', aboveSeconds: 30 } },
        { id: 'bad id!', severity: 'info', condition: { kind: 'down', probes: 1 } },
        { id: 'sev', severity: 'urgent', condition: { kind: 'down', probes: 1 } },
        { id: 'kind', severity: 'info', condition: { kind: 'vibes' } },
        { id: 'lat', severity: 'info', condition: { kind: 'latency', stat: 'p99', aboveMs: -1, windowMinutes: 5 } },
        { id: 'down', severity: 'info', condition: { kind: 'down' } },
        { id: 'ok', severity: 'info', condition: { kind: 'config_error' } },
        'nope',
      ],
      maintenance: [
        { id: 'w1', start: '2026-12-24T22:00:00Z', end: '2026-12-25T02:00:00Z' },
        { id: 'w2', start: '2026-12-25T02:00:00Z', end: '2026-12-24T22:00:00Z' },
        { id: 'w3', cron: '0 2 * * 0' },
        { id: 'w4' },
      ],
    });
    assert.deepEqual(
      c.rules.map((r) => r.id),
      ['ok'],
    );
    assert.deepEqual(
      c.maintenance.map((w) => w.id),
      ['w1'],
    );
    const text = c.problems.join('\n');
    for (const expected of [
      'rule \'bad id!\': "id"',
      'rule \'sev\': "severity" must be one of info, warning, critical',
      'rule \'kind\': unknown condition kind "vibes"',
      'rule \'lat\': "stat" must be one of p50, p95, max',
      'rule \'lat\': "aboveMs" must be',
      "rule 'down': a down rule needs",
      "rule 'ok': the id is used twice",
      'rules: every entry must be an object',
      'maintenance window \'w2\': "end" must come after "start"',
      'maintenance window \'w3\': "durationMinutes"',
      "maintenance window 'w4': needs",
    ])
      assert.ok(text.includes(expected), `missing problem: ${expected}\n${text}`);
  });
});

describe('alert rules: conditions', () => {
  it('down for N consecutive probes, or N minutes', () => {
    const ev = new RuleEvaluator([
      { id: 'p', severity: 'critical', condition: { kind: 'down', probes: 3 } },
      { id: 'm', severity: 'critical', condition: { kind: 'down', minutes: 5 } },
    ]);
    ev.observeProbe(probe(0));
    for (let i = 1; i <= 2; i++) ev.observeProbe(probe(i * MIN, { state: 'down' }));
    assert.equal(only(ev, 'p', 2 * MIN).firing, false);
    ev.observeProbe(probe(3 * MIN, { state: 'down' }));
    assert.deepEqual([only(ev, 'p', 3 * MIN).firing, only(ev, 'p', 3 * MIN).value], [true, 3]);
    assert.equal(only(ev, 'm', 3 * MIN).firing, false);
    assert.equal(only(ev, 'm', 6 * MIN).firing, true);
    ev.observeProbe(probe(7 * MIN));
    assert.equal(only(ev, 'p', 7 * MIN).firing, false);
    assert.equal(only(ev, 'm', 7 * MIN).firing, false);
  });

  it('latency p95 of a phase over a window, with a minimum of probes', () => {
    const rule: AlertRule = {
      id: 'lat',
      severity: 'warning',
      condition: { kind: 'latency', stat: 'p95', phase: 'authMs', aboveMs: 100, windowMinutes: 10, minProbes: 5 },
    };
    const ev = new RuleEvaluator([rule]);
    const auth = [10, 20, 30, 400, 500];
    auth.forEach((ms, i) => ev.observeProbe(probe(i * MIN, { timings: { totalMs: ms + 5, authMs: ms } })));
    const r = only(ev, 'lat', 4 * MIN);
    assert.deepEqual([r.firing, r.value, r.threshold, r.unit], [true, 500, 100, 'ms']);
    // Twenty minutes later the window holds only fast probes again.
    for (let i = 0; i < 5; i++) ev.observeProbe(probe((30 + i) * MIN, { timings: { totalMs: 15, authMs: 10 } }));
    assert.deepEqual([only(ev, 'lat', 34 * MIN).firing, only(ev, 'lat', 34 * MIN).value], [false, 10]);
    const few = new RuleEvaluator([rule]);
    few.observeProbe(probe(0, { timings: { totalMs: 9000, authMs: 9000 } }));
    assert.equal(only(few, 'lat', 0).firing, false, 'one slow probe is below minProbes');
  });

  it('p50 and max read the same window', () => {
    const ev = new RuleEvaluator([
      { id: 'p50', severity: 'info', condition: { kind: 'latency', stat: 'p50', aboveMs: 25, windowMinutes: 60 } },
      { id: 'max', severity: 'info', condition: { kind: 'latency', stat: 'max', aboveMs: 45, windowMinutes: 60 } },
    ]);
    [10, 20, 30, 40, 50].forEach((ms, i) => ev.observeProbe(probe(i * MIN, { timings: { totalMs: ms } })));
    assert.equal(only(ev, 'p50', 5 * MIN).value, 30);
    assert.equal(only(ev, 'max', 5 * MIN).value, 50);
  });

  it('error rate over a window', () => {
    const ev = new RuleEvaluator([
      { id: 'e', severity: 'warning', condition: { kind: 'error_rate', abovePercent: 20, windowMinutes: 10, minProbes: 4 } },
    ]);
    ['up', 'down', 'up', 'up', 'down'].forEach((s, i) => ev.observeProbe(probe(i * MIN, { state: s as 'up' | 'down' })));
    const r = only(ev, 'e', 4 * MIN);
    assert.deepEqual([r.firing, r.value], [true, 40]);
  });

  it('capacity headroom uses the usable limit (reserved superuser slots taken off)', () => {
    const ev = new RuleEvaluator([{ id: 'c', severity: 'warning', condition: { kind: 'capacity', belowPercent: 10 } }]);
    ev.observeProbe(probe(0, { metrics: { connections_used: 90, max_connections: 100, connections_reserved: 3 } }));
    const r = only(ev, 'c', 0);
    assert.deepEqual([r.firing, r.value], [true, 7.2], '90 of 97 usable connections leave 7.2% headroom');
    ev.observeProbe(probe(MIN, { metrics: { connections_used: 50, max_connections: 100, connections_reserved: 3 } }));
    assert.equal(only(ev, 'c', MIN).firing, false);
  });

  it('replication lag and certificate expiry', () => {
    const ev = new RuleEvaluator([
      { id: 'lag', severity: 'warning', condition: { kind: 'replication_lag', aboveSeconds: 30 } },
      { id: 'cert', severity: 'warning', condition: { kind: 'tls_expiry', withinDays: 14 } },
    ]);
    const now = Date.parse('2026-12-07T00:00:00Z');
    ev.observeProbe(
      probe(now, { metrics: { replication_lag_s: 45 }, tls: { protocol: 'TLSv1.3', validTo: new Date(now + 3 * DAY).toISOString() } }),
    );
    assert.deepEqual([only(ev, 'lag', now).firing, only(ev, 'lag', now).value], [true, 45]);
    const cert = only(ev, 'cert', now);
    assert.deepEqual([cert.firing, cert.value, cert.unit], [true, 3, 'days']);
    assert.match(cert.text, /expires in 3\.0 days/);
  });

  it('prediction at or above a risk level, with a confidence floor, not while down', () => {
    const ev = new RuleEvaluator([
      { id: 'p', severity: 'critical', condition: { kind: 'prediction', atLeast: 'MONITOR_CLOSELY', minConfidence: 40 } },
    ]);
    ev.observeProbe(probe(0));
    ev.observePrediction('db', 'postgres', 'IMMEDIATE_ACTION_REQUIRED', 30);
    assert.equal(only(ev, 'p', 0).firing, false);
    ev.observePrediction('db', 'postgres', 'MONITOR_CLOSELY', 60);
    assert.equal(only(ev, 'p', 0).firing, true);
    ev.observeProbe(probe(MIN, { state: 'down' }));
    assert.equal(only(ev, 'p', MIN).firing, false);
  });

  it('rules filtered by connection and tag; disabled rules not evaluated; workspace rules apart', () => {
    const ev = new RuleEvaluator([
      { id: 'prod', severity: 'critical', tags: ['prod'], condition: { kind: 'down', probes: 1 } },
      { id: 'other', severity: 'critical', connections: ['other'], condition: { kind: 'down', probes: 1 } },
      { id: 'off', severity: 'critical', enabled: false, condition: { kind: 'down', probes: 1 } },
      { id: 'score', severity: 'warning', condition: { kind: 'security_score', below: 70 } },
      { id: 'cfg', severity: 'warning', condition: { kind: 'config_error' } },
    ]);
    ev.observeProbe(probe(0, { state: 'down' }), ['prod']);
    assert.deepEqual(
      ev.evaluateConnection('db', 0).map((x) => x.rule.id),
      ['prod'],
    );
    ev.observeWorkspace({ configErrors: 2, securityScore: 64 });
    assert.deepEqual(
      ev.evaluateWorkspace().map((x) => [x.rule.id, x.reading.firing, x.reading.value]),
      [
        ['score', true, 64],
        ['cfg', true, 2],
      ],
    );
  });
});

describe('maintenance windows', () => {
  it('one-off windows cover [start, end) for the connections they name', () => {
    const cal = new MaintenanceCalendar([{ id: 'w', start: '2026-12-24T22:00:00Z', end: '2026-12-25T02:00:00Z', tags: ['prod'] }]);
    const t = Date.parse('2026-12-24T23:00:00Z');
    assert.equal(cal.activeFor('db', ['prod'], t), 'w');
    assert.equal(cal.activeFor('db', ['dev'], t), undefined);
    assert.equal(cal.activeFor('db', ['prod'], Date.parse('2026-12-25T02:00:00Z')), undefined);
  });

  it('recurring windows cover each cron run for its duration', () => {
    const cal = new MaintenanceCalendar([{ id: 'sun', cron: '0 2 * * 0', durationMinutes: 60 }], 'UTC');
    // 2026-12-06 is a Sunday.
    assert.equal(cal.activeFor('db', [], Date.parse('2026-12-06T02:30:00Z')), 'sun');
    assert.equal(cal.activeFor('db', [], Date.parse('2026-12-06T03:00:01Z')), undefined);
    assert.equal(cal.activeFor('db', [], Date.parse('2026-12-07T02:30:00Z')), undefined);
    assert.equal(cal.activeForWorkspace(Date.parse('2026-12-06T02:10:00Z')), 'sun');
  });

  it('reports a cron expression croner refuses', () => {
    const cal = new MaintenanceCalendar([{ id: 'bad', cron: '99 99 * * *', durationMinutes: 5 }]);
    assert.match(cal.problems.join(), /maintenance window 'bad'/);
  });
});
