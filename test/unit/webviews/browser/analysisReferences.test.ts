/**
 * The analysis page's "provider's error reference" card in headless Chromium with the real CSP:
 * what it lists for the references the host sends, that each opens by keyboard through the host
 * (the page posts the entry's position, never a URL), and that reference text stays text.
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Diagnosis } from '../../../../src/shared/diagnosis';
import { chromiumAvailable, cspViolations, launch, open, type Harness } from './harness';

async function ready(h: Harness): Promise<void> {
  const t0 = Date.now();
  while (!(await h.posted()).some((m) => m.type === 'ready')) {
    if (Date.now() - t0 > 10_000) throw new Error('the page never said ready');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webviews in Chromium: provider references on the analysis page', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  const diagnosis: Diagnosis = {
    category: 'unknown',
    confidence: 0.1,
    rootCause: 'Unrecognised error from the MongoDB server: E11000 duplicate key error collection: app.users',
    fixes: [{ id: 'check-server-logs', title: 'Check the server log around the time of the failure' }],
    references: [
      {
        provider: 'mongodb',
        code: '11000',
        name: 'DuplicateKey',
        text: 'duplicate key <img src=x id=injected>',
        url: 'https://www.mongodb.com/docs/manual/reference/error-codes/',
        source: 'mongodb-error-codes',
        exact: true,
      },
      {
        provider: 'mongodb',
        code: '86',
        name: 'IndexKeySpecsConflict',
        text: 'index key specs conflict',
        url: 'https://www.mongodb.com/docs/manual/reference/error-codes/',
        source: 'mongodb-error-codes',
        exact: false,
      },
    ],
  };

  it('lists each reference with its code, name, kind of match and an Open button that posts its position', async () => {
    const h = await open(browser, 'errorAnalysis', 'analysis');
    try {
      await ready(h);
      await h.send({ type: 'analysis', diagnosis, source: 'pasted error', feedback: {} });
      const p = h.page;
      const items = p.locator('ul.references li');
      assert.equal(await items.count(), 2);
      const first = (await items.nth(0).textContent()) ?? '';
      assert.match(first, /11000/);
      assert.match(first, /DuplicateKey/);
      assert.match(first, /this error’s code/);
      assert.match((await items.nth(1).textContent()) ?? '', /similar wording/);
      assert.equal(await p.locator('#injected').count(), 0, 'reference text is never markup');
      await items.nth(1).locator('button').focus();
      await p.keyboard.press('Enter');
      const t1 = Date.now();
      let posted = (await h.posted()).filter((m) => m.type === 'openReference');
      while (!posted.length && Date.now() - t1 < 5000) {
        await new Promise((r) => setTimeout(r, 25));
        posted = (await h.posted()).filter((m) => m.type === 'openReference');
      }
      assert.deepEqual(posted, [{ type: 'openReference', index: 1 }]);
      await h.screenshot('analysis-references');
      assert.deepEqual(await cspViolations(p), []);
      assert.deepEqual(h.problems(), []);
    } finally {
      await h.close();
    }
  });

  it('shows no reference card when the diagnosis has none', async () => {
    const h = await open(browser, 'errorAnalysis', 'analysis');
    try {
      await ready(h);
      await h.send({ type: 'analysis', diagnosis: { ...diagnosis, references: undefined }, source: 'pasted error', feedback: {} });
      await h.page.waitForSelector('h1');
      assert.equal(await h.page.locator('ul.references').count(), 0);
    } finally {
      await h.close();
    }
  });
});
