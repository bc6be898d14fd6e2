import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_QUIET_PERIOD_MS } from '../../../src/server/alerts/policy';
import { ALERT_EVENTS } from '../../../src/shared/alertSettings';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));

describe('alert settings in the manifest', () => {
  it('the manifest offers the same events, the default quiet period, and restricts workspace channels', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['dbpulse.alerts.quietPeriodMinutes'].default * 60_000, DEFAULT_QUIET_PERIOD_MS);
    assert.deepEqual(props['dbpulse.alerts.webhooks'].items.properties.events.items.enum, [...ALERT_EVENTS]);
    assert.deepEqual(props['dbpulse.alerts.email'].properties.events.items.enum, [...ALERT_EVENTS]);
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.ok(restricted.includes('dbpulse.alerts.webhooks') && restricted.includes('dbpulse.alerts.email'));
    for (const id of ['dbpulse.setAlertSecret', 'dbpulse.sendTestAlert'])
      assert.ok(
        pkg.contributes.commands.some((c: { command: string }) => c.command === id),
        id,
      );
  });
});
