import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_QUIET_PERIOD_MS } from '../../../src/server/alerts/policy';
import { ALERT_SEVERITIES, CONDITION_KINDS, LATENCY_PHASES } from '../../../src/shared/alertRules';
import { ALERT_EVENTS } from '../../../src/shared/alertSettings';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));

describe('alert settings in the manifest', () => {
  it('the manifest offers the same events, the default quiet period, and restricts workspace channels', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['dbpulse.alerts.quietPeriodMinutes'].default * 60_000, DEFAULT_QUIET_PERIOD_MS);
    assert.deepEqual(props['dbpulse.alerts.webhooks'].items.properties.events.items.enum, [...ALERT_EVENTS]);
    assert.deepEqual(props['dbpulse.alerts.email'].properties.events.items.enum, [...ALERT_EVENTS]);
    for (const k of ['resend', 'alertmanager', 'sms', 'webhooks']) {
      const p = props[`dbpulse.alerts.${k}`].items.properties;
      assert.deepEqual(p.events.items.enum, [...ALERT_EVENTS], k);
      assert.deepEqual(p.minSeverity.enum, [...ALERT_SEVERITIES], k);
    }
    const cond = props['dbpulse.alerts.rules'].items.properties.condition.properties;
    assert.deepEqual(cond.kind.enum, [...CONDITION_KINDS]);
    assert.deepEqual(cond.phase.enum, [...LATENCY_PHASES]);
    assert.deepEqual(props['dbpulse.alerts.rules'].items.properties.severity.enum, [...ALERT_SEVERITIES]);
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const k of ['webhooks', 'email', 'resend', 'alertmanager', 'sms']) assert.ok(restricted.includes(`dbpulse.alerts.${k}`), k);
    for (const id of ['dbpulse.setAlertSecret', 'dbpulse.sendTestAlert'])
      assert.ok(
        pkg.contributes.commands.some((c: { command: string }) => c.command === id),
        id,
      );
  });
});
