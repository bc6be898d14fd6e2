/**
 * The alerts configuration page in headless Chromium with the real CSP: what it lists for the
 * view the host sends, what it posts for each control (keyboard included), and that a refused
 * edit shows the checker's message without losing what was typed. Screenshots:
 * test-results/webviews-alerts-*.png.
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { buildAlertsView } from '../../../../src/client/webviews/model/alertsModel';
import { chromiumAvailable, cspViolations, launch, open, type Harness } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function posted(h: Harness, type: string, count = 1): Promise<Array<Record<string, unknown>>> {
  const t0 = Date.now();
  for (;;) {
    const all = (await h.posted()).filter((m) => m.type === type);
    if (all.length >= count) return all;
    if (Date.now() - t0 > 5000) throw new Error(`no ${count}× '${type}' posted; got ${JSON.stringify(await h.posted())}`);
    await sleep(25);
  }
}

const view = buildAlertsView(
  {
    enabled: true,
    webhooks: [{ id: 'ops', url: 'https://hooks.example.com/services/SECRETPATH', format: 'slack', scope: 'user' }],
    sms: [{ id: 'oncall', from: '+15551234567', to: ['+15557654321'], minSeverity: 'critical', scope: 'workspace' }],
  },
  {
    rules: [
      { id: 'errors', name: 'Error rate', severity: 'warning', condition: { kind: 'error_rate', abovePercent: 20, windowMinutes: 30 } },
    ],
    maintenance: [{ id: 'nightly', cron: '0 2 * * *', durationMinutes: 30 }],
    defaultRules: true,
  },
  [{ channel: 'webhook:ops', ok: true, detail: 'https://hooks.example.com: HTTP 200 after 1 attempt' }],
);

describe('webviews in Chromium: alerts page', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('lists rules (defaults marked), channels with their last delivery, and maintenance windows', async () => {
    const h = await open(browser, 'alerts', 'alerts');
    try {
      await posted(h, 'ready');
      await h.send({ type: 'view', view, scope: 'workspace', hasWorkspace: true, trusted: true });
      const p = h.page;
      await p.waitForSelector('tr[data-rule="errors"]');
      assert.equal(await p.locator('tr[data-rule]').count(), 5);
      assert.match(
        await p.locator('tr[data-rule="default-down"]').innerText(),
        /Connection down\s+default[\s\S]*down for 1 probe[\s\S]*critical/,
      );
      assert.match(await p.locator('tr[data-rule="errors"]').innerText(), /error rate above 20% over 30 min[\s\S]*warning/);
      assert.equal(await p.locator('tr[data-rule="default-down"] button', { hasText: 'Delete' }).count(), 0, 'a default cannot be deleted');
      assert.match(
        await p.locator('tr[data-channel="webhook:ops"]').innerText(),
        /https:\/\/hooks\.example\.com \(slack\)[\s\S]*delivered/,
      );
      assert.match(await p.locator('tr[data-channel="sms:oncall"]').innerText(), /critical\+[\s\S]*not sent yet/);
      assert.ok(!(await p.content()).includes('SECRETPATH'));
      assert.match(await p.locator('li[data-window="nightly"]').innerText(), /0 2 \* \* \* for 30 min/);
      await h.screenshot('alerts-page');
      await p.locator('tr[data-rule="default-latency"] input[type=checkbox]').click();
      const [toggle] = await posted(h, 'edit');
      assert.deepEqual(toggle!.edit, { kind: 'setRuleEnabled', id: 'default-latency', enabled: false });
      await p.locator('tr[data-channel="sms:oncall"] button', { hasText: 'Set secret' }).click();
      assert.deepEqual((await posted(h, 'setSecret'))[0], { type: 'setSecret', channel: 'sms:oncall' });
      await p.locator('button', { hasText: 'Send test alert' }).click();
      await posted(h, 'testSend');
      await p.locator('input[name=scope][value=user]').check();
      assert.deepEqual((await posted(h, 'setScope'))[0], { type: 'setScope', scope: 'user' });
      const cleanState = { csp: await cspViolations(p), errors: h.problems() };
      assert.deepEqual(cleanState, { csp: [], errors: [] });
    } finally {
      await h.close();
    }
  });

  it('adds a rule from the keyboard; a refused rule shows the checker’s message and keeps what was typed', async () => {
    const h = await open(browser, 'alerts', 'alerts');
    try {
      await posted(h, 'ready');
      await h.send({ type: 'view', view, scope: 'workspace', hasWorkspace: true, trusted: false });
      const p = h.page;
      await p.waitForSelector('tr[data-rule]');
      assert.match(await p.locator('.warn').innerText(), /Restricted Mode/);
      await p.locator('button', { hasText: 'Add rule' }).focus();
      await p.keyboard.press('Enter');
      await p.waitForSelector('form.rule-form');
      await p.fill('#r-id', 'slow-connect');
      await p.selectOption('#r-kind', 'latency');
      await p.waitForSelector('#r-aboveMs');
      assert.equal(await p.inputValue('#r-id'), 'slow-connect', 'changing the condition keeps the id typed');
      await p.selectOption('#r-phase', 'connectMs');
      await p.selectOption('#r-stat', 'max');
      await p.fill('#r-aboveMs', '800');
      await p.fill('#r-windowMinutes', '10');
      await p.selectOption('#r-severity', 'critical');
      await p.fill('#r-channels', 'sms:oncall, webhook:ops');
      await p.locator('#r-windowMinutes').press('Enter');
      const [save] = await posted(h, 'edit');
      assert.deepEqual(save!.edit, {
        kind: 'saveRule',
        rule: {
          id: 'slow-connect',
          severity: 'critical',
          condition: { kind: 'latency', stat: 'max', phase: 'connectMs', aboveMs: 800, windowMinutes: 10 },
          channels: ['sms:oncall', 'webhook:ops'],
        },
      });
      await h.send({ type: 'refused', problems: ["rule 'slow-connect': condition.minProbes must be a whole number ≥ 1"] });
      await p.waitForSelector('form.rule-form ul.problems');
      assert.match(await p.locator('form.rule-form ul.problems').innerText(), /minProbes/);
      assert.equal(await p.inputValue('#r-aboveMs'), '800', 'what was typed stays');
      await h.screenshot('alerts-rule-refused');
      assert.deepEqual(await cspViolations(p), []);
      assert.deepEqual(h.problems(), []);
    } finally {
      await h.close();
    }
  });
});
