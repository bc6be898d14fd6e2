import * as assert from 'node:assert/strict';
import { isAlertsToHost } from '../../../src/client/webviews/messages';
import { applyAlertsEdit, buildAlertsView, describeCondition, type ScopeSettings } from '../../../src/client/webviews/model/alertsModel';
import { CONDITION_KINDS, DEFAULT_RULES, type RuleCondition } from '../../../src/shared/alertRules';
import type { AlertSettings } from '../../../src/shared/alertSettings';

const empty: ScopeSettings = { rules: [], maintenance: [], defaultRules: true };
const all = (over: Partial<AlertSettings> = {}): AlertSettings => ({ enabled: true, webhooks: [], ...over });

describe('webviews: alerts page model', () => {
  it('lists the default rules marked as defaults, and a configured rule with a default id as changed', () => {
    const v = buildAlertsView(all(), empty);
    assert.deepEqual(
      v.rules.map((r) => [r.id, r.isDefault, r.configured]),
      DEFAULT_RULES.map((d) => [d.id, true, false]),
    );
    const changed = applyAlertsEdit(empty, { kind: 'setRuleEnabled', id: 'default-latency', enabled: false });
    assert.ok(changed.ok);
    const v2 = buildAlertsView(all(), changed.settings);
    const lat = v2.rules.find((r) => r.id === 'default-latency')!;
    assert.deepEqual([lat.isDefault, lat.configured, lat.enabled], [true, true, false]);
    assert.equal(v2.rules.filter((r) => r.id === 'default-latency').length, 1);
  });

  it('hides the defaults when they are switched off', () => {
    const r = applyAlertsEdit(empty, { kind: 'setDefaultRules', enabled: false });
    assert.ok(r.ok);
    assert.deepEqual(r.changed, ['defaultRules']);
    assert.deepEqual(buildAlertsView(all(), r.settings).rules, []);
  });

  it('refuses a rule the server would refuse, with the checker’s own message, and writes nothing', () => {
    const r = applyAlertsEdit(empty, {
      kind: 'saveRule',
      rule: { id: 'slow', severity: 'warning', condition: { kind: 'latency', stat: 'p95', aboveMs: -5, windowMinutes: 15 } },
    });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.problems.some((p) => /aboveMs/.test(p)), JSON.stringify(r));
    const bad = applyAlertsEdit(empty, { kind: 'saveRule', rule: { id: '', severity: 'loud' as never, condition: { kind: 'down' } } });
    assert.equal(bad.ok, false);
  });

  it('adds, edits (renaming through `replacing`), and deletes a rule; a duplicate id is refused', () => {
    const rule = {
      id: 'errors',
      severity: 'warning' as const,
      condition: { kind: 'error_rate', abovePercent: 10, windowMinutes: 30 } as RuleCondition,
    };
    const a = applyAlertsEdit(empty, { kind: 'saveRule', rule });
    assert.ok(a.ok);
    const b = applyAlertsEdit(a.settings, {
      kind: 'saveRule',
      rule: { ...rule, id: 'errors-2', severity: 'critical' },
      replacing: 'errors',
    });
    assert.ok(b.ok);
    assert.deepEqual(
      b.settings.rules.map((r) => [r.id, r.severity]),
      [['errors-2', 'critical']],
    );
    const dup = applyAlertsEdit(
      applyAlertsEdit(b.settings, { kind: 'saveRule', rule }).ok ? { ...b.settings, rules: [...b.settings.rules, rule] } : b.settings,
      {
        kind: 'saveRule',
        rule: { ...rule, id: 'errors-2' },
        replacing: 'errors',
      },
    );
    assert.equal(dup.ok, false);
    const c = applyAlertsEdit(b.settings, { kind: 'deleteRule', id: 'errors-2' });
    assert.ok(c.ok && c.settings.rules.length === 0);
    assert.equal(applyAlertsEdit(empty, { kind: 'deleteRule', id: 'nope' }).ok, false);
  });

  it('maintenance windows: a bad cron or a window without times is refused; a good one is added and deleted', () => {
    assert.equal(applyAlertsEdit(empty, { kind: 'saveMaintenance', window: { id: 'w' } }).ok, false);
    const ok = applyAlertsEdit(empty, {
      kind: 'saveMaintenance',
      window: { id: 'nightly', cron: '0 2 * * *', durationMinutes: 30, tags: ['prod'] },
    });
    assert.ok(ok.ok);
    const v = buildAlertsView(all(), ok.settings);
    assert.deepEqual(v.maintenance, [{ id: 'nightly', name: 'nightly', when: '0 2 * * * for 30 min', applies: '#prod' }]);
    const del = applyAlertsEdit(ok.settings, { kind: 'deleteMaintenance', id: 'nightly' });
    assert.ok(del.ok && del.settings.maintenance.length === 0);
  });

  it('channels show where they send without a URL path or secret, their routing and last outcome', () => {
    const v = buildAlertsView(
      all({
        webhooks: [
          {
            id: 'ops',
            url: 'https://hooks.slack.com/services/T000/B000/SECRETPATH',
            format: 'slack',
            scope: 'user',
            minSeverity: 'warning',
          },
        ],
        alertmanager: [{ id: 'main', url: 'http://am.internal:9093', scope: 'workspace' }],
        sms: [{ id: 'oncall', from: '+15551234567', to: ['+15557654321'], minSeverity: 'critical' }],
      }),
      empty,
      [{ channel: 'webhook:ops', ok: false, detail: 'https://hooks.slack.com: HTTP 404' }],
    );
    assert.deepEqual(
      v.channels.map((c) => [c.name, c.target, c.routing, c.scope, c.lastOutcome?.ok]),
      [
        ['webhook:ops', 'https://hooks.slack.com (slack)', 'warning+', 'user', false],
        ['alertmanager:main', 'http://am.internal:9093', 'everything', 'workspace', undefined],
        ['sms:oncall', 'Twilio → 1 number(s)', 'critical+', 'workspace', undefined],
      ],
    );
    assert.ok(!JSON.stringify(v).includes('SECRETPATH'));
  });

  it('reports the checker’s problems for the merged settings', () => {
    const v = buildAlertsView(all({ webhooks: [{ id: 'x', url: 'https://u:p@example.com/h' }] }), empty);
    assert.ok(v.problems.some((p) => /carries credentials/.test(p)));
  });

  it('describes every condition kind in one line', () => {
    for (const kind of CONDITION_KINDS) {
      const d = describeCondition({
        kind,
        stat: 'p95',
        aboveMs: 1,
        windowMinutes: 1,
        abovePercent: 1,
        atLeast: 'MONITOR_CLOSELY',
        belowPercent: 1,
        aboveSeconds: 1,
        withinDays: 1,
        below: 1,
      } as unknown as RuleCondition);
      assert.ok(d.length > 5 && !d.includes('undefined'), `${kind}: ${d}`);
    }
  });

  it('message guards take well-formed page messages and refuse the rest', () => {
    assert.ok(isAlertsToHost({ type: 'ready' }));
    assert.ok(isAlertsToHost({ type: 'setScope', scope: 'workspace' }));
    assert.ok(isAlertsToHost({ type: 'edit', edit: { kind: 'setRuleEnabled', id: 'a', enabled: false } }));
    assert.ok(isAlertsToHost({ type: 'edit', edit: { kind: 'saveRule', rule: { id: 'a' } } }));
    assert.ok(isAlertsToHost({ type: 'setSecret', channel: 'sms:oncall' }));
    assert.ok(isAlertsToHost({ type: 'setSecret', channel: 'email' }));
    for (const bad of [
      null,
      { type: 'setScope', scope: 'machine' },
      { type: 'edit', edit: { kind: 'dropTable' } },
      { type: 'edit', edit: { kind: 'setRuleEnabled', id: 'a', enabled: 'no' } },
      { type: 'edit', edit: { kind: 'saveRule', rule: 'x' } },
      { type: 'setSecret', channel: 'webhook:../../etc' },
      { type: 'setSecret', channel: 'ftp:x' },
      { type: 'nope' },
    ])
      assert.equal(isAlertsToHost(bad), false, JSON.stringify(bad));
  });
});
