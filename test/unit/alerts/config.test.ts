import * as assert from 'node:assert/strict';
import { checkAlertSettings, urlOrigin } from '../../../src/shared/alertSettingsCheck';
import { DEFAULT_QUIET_PERIOD_MS } from '../../../src/server/alerts/policy';
import type { AlertSettings } from '../../../src/shared/alertSettings';

const email = { host: 'smtp.example.com', port: 587, from: 'alerts@example.com', to: ['ops@example.com'] };

describe('alert settings checks', () => {
  it('accepts good channels and applies the defaults', () => {
    const s = checkAlertSettings({
      enabled: true,
      webhooks: [{ id: 'ops', url: 'https://hooks.example.com/T1/B2', format: 'slack', events: ['down'], tags: ['prod'] }],
      email,
    });
    assert.deepEqual(s.problems, []);
    assert.equal(s.webhooks.length, 1);
    assert.ok(s.email);
    assert.equal(s.quietPeriodMs, DEFAULT_QUIET_PERIOD_MS);
    assert.equal(checkAlertSettings({ webhooks: [], quietPeriodMinutes: 2 }).quietPeriodMs, 120_000);
  });

  it('refuses a webhook URL that carries credentials, and never repeats them or the path in the problem', () => {
    const s = checkAlertSettings({
      enabled: true,
      webhooks: [{ id: 'ops', url: 'https://bob:hunter2secret@hooks.example.com/services/T1/XYZSECRETPATH' }],
    });
    assert.equal(s.webhooks.length, 0);
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0]!, /webhook 'ops'.*carries credentials/);
    assert.match(s.problems[0]!, /https:\/\/hooks\.example\.com/);
    for (const leak of ['hunter2secret', 'bob', 'XYZSECRETPATH']) assert.ok(!s.problems[0]!.includes(leak), s.problems[0]);
    assert.equal(urlOrigin('https://u:p@h.example:8443/x?y=1'), 'https://h.example:8443');
  });

  it('reports bad schemes, ids, formats, events, duplicates and a credentialed SMTP host, one line each', () => {
    const raw = {
      enabled: true,
      quietPeriodMinutes: -1,
      webhooks: [
        { id: 'a', url: 'ftp://x.example.com' },
        { id: 'b c', url: 'https://x.example.com' },
        { id: 'd', url: 'https://x.example.com', format: 'xml' },
        { id: 'e', url: 'https://x.example.com', events: ['down', 'exploded'] },
        { id: 'f', url: 'https://x.example.com' },
        { id: 'f', url: 'https://y.example.com' },
        { id: 'g', url: 'not a url' },
      ],
      email: { ...email, host: 'user:pw@smtp.example.com', to: ['ops@example.com', 'x\r\nBcc: evil@example.com'] },
    } as unknown as AlertSettings;
    const s = checkAlertSettings(raw);
    assert.deepEqual(
      s.webhooks.map((w) => w.id),
      ['f'],
    );
    assert.equal(s.email, undefined);
    assert.equal(s.quietPeriodMs, DEFAULT_QUIET_PERIOD_MS);
    const text = s.problems.join('\n');
    for (const re of [
      /quietPeriodMinutes/,
      /'a'.*http/,
      /'b c'.*"id"/,
      /'d'.*"format"/,
      /'e'.*unknown event "exploded"/,
      /'f'.*used twice/,
      /'g'.*not a valid URL/,
      /email: "host" must be a bare host/,
      /email: .* in "to" is not an address/,
    ])
      assert.match(text, re);
    assert.ok(!text.includes(' pw@'), text);
  });

  it('enabled defaults to true; a missing email stays off', () => {
    const s = checkAlertSettings({ webhooks: [] });
    assert.equal(s.enabled, true);
    assert.equal(s.email, undefined);
    assert.equal(checkAlertSettings({ enabled: false, webhooks: [] }).enabled, false);
  });
});
