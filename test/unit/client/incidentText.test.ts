import * as assert from 'node:assert/strict';
import { describeIncident } from '../../../src/client/commands/incidentText';
import type { IncidentView } from '../../../src/shared/incidents';

describe('open incidents as the quick pick shows them', () => {
  const now = Date.UTC(2026, 11, 8, 12, 0, 0);
  const base: IncidentView = {
    id: 'i1',
    ruleId: 'default-tls-expiry',
    subject: 'orders',
    severity: 'warning',
    openedAt: now - 90 * 60_000,
    value: 3,
    threshold: 14,
    unit: 'days',
    text: 'the server certificate expires in 3.0 days',
    notifications: 1,
  };

  it('names the connection, what was measured, severity, rule, state and age', () => {
    const d = describeIncident(base, now);
    assert.equal(d.label, '$(warning) orders: the server certificate expires in 3.0 days');
    assert.equal(d.description, 'warning · rule default-tls-expiry · open');
    assert.equal(d.detail, 'open for 2 h, 1 notification(s)');
  });

  it('says acknowledged, or snoozed while the snooze lasts', () => {
    assert.match(describeIncident({ ...base, acknowledgedAt: now - 1000 }, now).description, /acknowledged$/);
    assert.match(describeIncident({ ...base, snoozedUntil: now + 60_000 }, now).description, /snoozed$/);
    assert.match(describeIncident({ ...base, snoozedUntil: now - 60_000 }, now).description, /open$/);
    assert.equal(
      describeIncident({ ...base, severity: 'critical', openedAt: now - 3 * 86_400_000 }, now).detail,
      'open for 3 days, 1 notification(s)',
    );
  });
});
