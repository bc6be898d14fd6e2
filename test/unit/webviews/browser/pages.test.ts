/**
 * The three webviews in headless Chromium with the real CSP: what they show
 * for what the host sends, what they post back, and what they store.
 * Screenshots go to test-results/webviews-*.png.
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Diagnosis as FullDiagnosis } from '../../../../src/shared/diagnosis';
import type { ConnectionHealth } from '../../../../src/shared/health';
import type { Prediction } from '../../../../src/shared/prediction';
import type { HourBucket, RawPoint } from '../../../../src/server/store/types';
import { chromiumAvailable, cspViolations, launch, open, type Harness } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForPost(h: Harness, type: string, count = 1, timeoutMs = 5000): Promise<Array<Record<string, unknown>>> {
  const t0 = Date.now();
  for (;;) {
    const all = (await h.posted()).filter((m) => m.type === type);
    if (all.length >= count) return all;
    if (Date.now() - t0 > timeoutMs) throw new Error(`no ${count}× '${type}' posted; got ${JSON.stringify(await h.posted())}`);
    await sleep(25);
  }
}

/** Waits for at least `count` posts of a type, then until none has come for longer than the debounce. */
async function settledPosts(h: Harness, type: string, count: number): Promise<Array<Record<string, unknown>>> {
  let all = await waitForPost(h, type, count);
  for (;;) {
    await sleep(350);
    const now = (await h.posted()).filter((m) => m.type === type);
    if (now.length === all.length) return all;
    all = now;
  }
}

async function clean(h: Harness): Promise<void> {
  assert.deepEqual(await cspViolations(h.page), [], 'no CSP violation');
  assert.deepEqual(h.problems(), [], 'no page error');
}

describe('webviews in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  describe('connection form', () => {
    const init = {
      type: 'init',
      mode: 'add',
      provider: 'postgres',
      secretsKept: {},
      existingIds: ['orders'],
      scope: 'workspace',
      hasWorkspace: true,
      serverRunning: true,
    };

    it('generates fields from the schema, validates as you type (debounced), keeps secrets out of its state', async () => {
      const h = await open(browser, 'connectionForm', 'form');
      try {
        await waitForPost(h, 'ready');
        await h.send(init);
        const p = h.page;
        assert.equal(await p.inputValue('#f-host'), 'localhost');
        assert.equal(await p.inputValue('#f-port'), '5432');
        assert.equal(await p.locator('#f-tls-caFile').count(), 0, 'hidden for tls.mode=prefer');
        assert.equal(await p.getAttribute('#f-password', 'type'), 'password');

        const before = (await waitForPost(h, 'validate')).length; // the first check, right after init
        // 23 keystrokes in one task (no timing luck): one validation 250 ms after the last.
        await p.evaluate(`(() => {
          const type = (sel, text) => { const el = document.querySelector(sel); el.focus(); el.value = ''; for (const ch of text) { el.value += ch; el.dispatchEvent(new Event('input', { bubbles: true })); } };
          type('#f-name', 'Orders DB');
          type('#f-password', 'hunter2-Secret');
        })()`);
        assert.equal(await p.inputValue('#f-id'), 'orders-db', 'the id follows the name');
        assert.equal((await h.posted()).filter((m) => m.type === 'validate').length, before, 'nothing sent while typing');
        // Wait for the debounced check (however slow the machine). Then a barrier: one more edit, in a
        // later task, brings its own check; any further check from the typing above was due before it.
        await waitForPost(h, 'validate', before + 1);
        await p.evaluate(`(() => {
          const el = document.querySelector('#f-database'); el.focus(); el.value = 'barrier_db';
          el.dispatchEvent(new Event('input', { bubbles: true }));
        })()`);
        const isBarrier = (m: Record<string, unknown>): boolean => (m.values as Record<string, unknown>).database === 'barrier_db';
        await waitForPost(h, 'validate', before + 2);
        const validates = (await h.posted()).filter((m) => m.type === 'validate');
        const barrier = validates.findIndex(isBarrier);
        assert.ok(barrier >= 0, 'the barrier edit was checked');
        assert.equal(barrier - before, 1, `typing 23 characters sent ${barrier - before} validations`);
        const last = validates[before] as { seq: number; values: Record<string, unknown>; secrets: Record<string, unknown> };
        assert.equal(last.values.name, 'Orders DB');
        assert.equal(last.secrets.password, 'hunter2-Secret', 'the secret goes to the host for the server check');

        await p.selectOption('#f-tls-mode', 'verify-full');
        assert.equal(await p.locator('#f-tls-caFile').count(), 1, 'shown for verify-full');
        assert.equal(await p.inputValue('#f-password'), 'hunter2-Secret', 'a rebuild keeps what was typed');

        await p.fill('#f-id', 'orders');
        assert.match((await p.textContent('#f-id-err')) ?? '', /exists already/);
        assert.equal(await p.getAttribute('#f-id', 'aria-invalid'), 'true');

        // The edits above (tls mode, id) bring one more debounced check: answer that newest one.
        const seq = ((await settledPosts(h, 'validate', validates.length + 1)).pop() as { seq: number }).seq;
        await h.send({
          type: 'validation',
          seq,
          result: {
            problems: [{ field: 'port', message: 'port is odd', severity: 'warning' }],
            findings: [{ ruleId: 'weak-password', category: 'weak_password', severity: 'warning', message: 'The password is weak' }],
            score: 62,
          },
        });
        assert.equal(await p.textContent('#score-value'), '62');
        assert.match((await p.textContent('#score')) ?? '', /The password is weak/);
        assert.match((await p.textContent('#f-port-err')) ?? '', /port is odd/);
        await h.screenshot('form-add');

        // A stale answer (older seq) does not replace a newer one.
        await h.send({ type: 'validation', seq: seq - 1, result: { problems: [], findings: [], score: 100 } });
        assert.equal(await p.textContent('#score-value'), '62');

        assert.ok(!(await h.states()).some((s) => s.includes('hunter2-Secret')), 'the password never reaches setState');
        await clean(h);
      } finally {
        await h.close();
      }
    });

    it('fills the fields from a pasted connection string; the password goes to the password input only', async () => {
      const h = await open(browser, 'connectionForm', 'form');
      try {
        await waitForPost(h, 'ready');
        await h.send(init);
        const p = h.page;
        await p.click('details.paste summary');
        await p.fill('#paste', 'mysql://root:pa55w0rd@db.example.com:3307/shop?ssl-mode=REQUIRED');
        await p.press('#paste', 'Enter');
        assert.ok(await p.isChecked('#provider-mysql'));
        assert.equal(await p.inputValue('#f-host'), 'db.example.com');
        assert.equal(await p.inputValue('#f-port'), '3307');
        assert.equal(await p.inputValue('#f-database'), 'shop');
        assert.equal(await p.inputValue('#f-tls-mode'), 'require');
        assert.equal(await p.inputValue('#f-password'), 'pa55w0rd');
        assert.equal(await p.inputValue('#paste'), '', 'the pasted text is cleared');

        assert.equal(await p.isVisible('#paste'), false, 'the box closes once the fields are filled');
        await p.click('details.paste summary');
        await p.fill('#paste', 'oracle://x@y/z');
        await p.press('#paste', 'Enter');
        assert.match((await p.textContent('#paste-err')) ?? '', /unsupported scheme/);
        assert.ok(await p.isVisible('#paste'), 'stays open to show the problem');

        await p.click('#test');
        const probe = (await waitForPost(h, 'probe')).pop() as { seq: number; provider: string; secrets: Record<string, string> };
        assert.equal(probe.provider, 'mysql');
        assert.equal(probe.secrets.password, 'pa55w0rd');
        const health: ConnectionHealth = {
          connectionId: 'unsaved',
          state: 'down',
          result: {
            connectionId: 'unsaved',
            provider: 'mysql',
            startedAt: Date.now(),
            state: 'down',
            timings: { totalMs: 41, dnsMs: 2, connectMs: 12 },
            metrics: {},
            error: {
              message: "Access denied for user 'root'@'10.0.0.5' (using password: YES)",
              code: 'ER_ACCESS_DENIED_ERROR',
              category: 'auth_failed',
            },
          },
          diagnosis: {
            category: 'auth_failed',
            confidence: 0.93,
            rootCause: "MySQL rejected the password for 'root'",
            fixes: ['Check the password in Secret Storage'],
          },
        };
        await h.send({ type: 'probeResult', seq: probe.seq, health });
        const text = (await p.textContent('#probe')) ?? '';
        assert.match(text, /Down/);
        assert.match(text, /Wrong user name or password/);
        assert.match(text, /auth_failed/);
        assert.match(text, /rejected the password for 'root'/);
        assert.match(text, /Connect\s*12 ms/);
        await h.screenshot('form-probe-failed');

        await p.fill('#f-name', 'Shop');
        await p.fill('#f-id', 'shop');
        await p.click('#save');
        const save = (await waitForPost(h, 'save')).pop() as {
          values: Record<string, unknown>;
          secrets: Record<string, string>;
          scope: string;
        };
        assert.equal(save.values.host, 'db.example.com');
        assert.equal(save.secrets.password, 'pa55w0rd');
        assert.equal(save.scope, 'workspace');
        await h.send({ type: 'saved', id: 'shop', name: 'Shop' });
        await h.send({ type: 'secretsKept', kept: { password: 'stored' } });
        assert.equal(await p.inputValue('#f-password'), '', 'the saved secret is not shown again');
        assert.match((await p.getAttribute('#f-password', 'placeholder')) ?? '', /Stored in Secret Storage/);
        assert.equal(await p.getAttribute('#f-id', 'readonly'), '', 'editing now: the id is fixed');
        assert.ok(!(await h.states()).some((s) => s.includes('pa55w0rd')));
        await clean(h);
      } finally {
        await h.close();
      }
    });

    it('edits a saved connection: provider fixed, stored secret kept unless retyped, nothing saved while a field is wrong', async () => {
      const h = await open(browser, 'connectionForm', 'form');
      try {
        await waitForPost(h, 'ready');
        await h.send({
          ...init,
          mode: 'edit',
          values: { id: 'orders', name: 'Orders', host: 'db', port: 'x', user: 'app', 'tls.mode': 'require', tags: '' },
          secretsKept: { password: 'stored' },
        });
        const p = h.page;
        assert.ok(await p.isDisabled('#provider-mysql'));
        assert.equal(await p.textContent('h1'), 'Edit Orders');
        await p.click('#save');
        // The save handler either posts the save or says why not: once it has said why, it posted nothing.
        await p.locator('#banner', { hasText: /Not saved/ }).waitFor({ timeout: 5000 });
        assert.match((await p.textContent('#f-port-err')) ?? '', /whole number/);
        assert.equal((await h.posted()).filter((m) => m.type === 'save').length, 0, 'a port that is not a number blocks the save');
        await p.fill('#f-port', '5433');
        await p.click('#save');
        const save = (await waitForPost(h, 'save')).pop() as { secrets: Record<string, string> };
        assert.ok(!('password' in save.secrets), 'empty password field while a stored one exists: keep it');
        await h.screenshot('form-edit');
        await clean(h);
      } finally {
        await h.close();
      }
    });

    it('comes back after being hidden with its values, without secrets', async () => {
      const state = {
        mode: 'add',
        provider: 'supabase',
        values: { name: 'Proj', id: 'proj', projectUrl: 'https://abcdefghijklmnop.supabase.co' },
        idTouched: true,
        scope: 'user',
      };
      const h = await open(browser, 'connectionForm', 'form', state);
      try {
        await waitForPost(h, 'ready');
        await h.send({ ...init, secretsKept: { apiKey: 'draft' } });
        const p = h.page;
        assert.ok(await p.isChecked('#provider-supabase'));
        assert.equal(await p.inputValue('#f-projectUrl'), 'https://abcdefghijklmnop.supabase.co');
        assert.equal(await p.inputValue('#f-apiKey'), '');
        assert.match((await p.getAttribute('#f-apiKey', 'placeholder')) ?? '', /Entered earlier/);
        const v = (await waitForPost(h, 'validate')).pop() as { secrets: Record<string, string> };
        assert.ok(!('apiKey' in v.secrets), 'a kept draft is not overwritten by the empty input');
        assert.equal(v.secrets.password, '', 'an empty field with nothing kept says so');
        await clean(h);
      } finally {
        await h.close();
      }
    });
  });

  describe('dashboard', () => {
    const T = Date.UTC(2025, 2, 3, 12, 0);
    const prediction: Prediction = {
      failure_rate: '4.2%',
      avg_response_time: '38ms',
      response_time_trend: 'degrading',
      prediction: {
        failure_probability: 76,
        time_to_failure_hours: 3.5,
        time_to_failure_interval_hours: [2, 6],
        root_cause: 'connections_used is climbing towards max_connections (92/100)',
        preventive_actions: ['Add a connection pooler', 'Raise max_connections'],
        confidence_score: 68,
        risk_level: 'IMMEDIATE_ACTION_REQUIRED',
      },
    };
    const rawPoints = (): RawPoint[] => {
      const pts: RawPoint[] = [];
      for (let i = 0; i < 288; i++) {
        const at = T - 86_400_000 + i * 300_000;
        if (i % 97 === 50) pts.push({ at, state: 'down', latencyMs: 10_000, category: 'timeout' });
        else
          pts.push({ at, state: i % 60 === 7 ? 'degraded' : 'up', latencyMs: 20 + 15 * Math.sin(i / 20) + (i > 250 ? (i - 250) * 3 : 0) });
      }
      return pts;
    };
    const data = (range: string, series: unknown) => ({
      type: 'data',
      connectionId: 'orders',
      range,
      from: T - (range === '7d' ? 7 : 1) * 86_400_000,
      to: T,
      offsetMs: 0,
      series: { ok: true, value: series },
      uptime: {
        ok: true,
        value: {
          connectionId: 'orders',
          at: T,
          h24: { percent: 99.31, probes: 288, up: 285, degraded: 0, down: 3 },
          d7: { percent: 99.95, probes: 2016, up: 2015, degraded: 0, down: 1 },
          d30: { percent: null, probes: 0, up: 0, degraded: 0, down: 0 },
        },
      },
      errors: { ok: true, value: { timeout: 3, conn_refused: 1 } },
      prediction: { ok: true, value: prediction },
    });

    it('asks for the selected connection and range, draws the chart and the cards, refreshes on health', async () => {
      const h = await open(browser, 'dashboard', 'dashboard');
      try {
        await waitForPost(h, 'ready');
        await h.send({
          type: 'connections',
          list: [
            { id: 'orders', name: 'Orders', provider: 'postgres' },
            { id: 'cache', name: 'Cache', provider: 'mysql' },
          ],
          selected: 'orders',
          range: '24h',
        });
        const sel = (await waitForPost(h, 'select')).pop();
        assert.deepEqual(sel, { type: 'select', connectionId: 'orders', range: '24h' });
        await h.send({
          type: 'health',
          health: {
            connectionId: 'orders',
            state: 'up',
            result: { connectionId: 'orders', provider: 'postgres', startedAt: T, state: 'up', timings: { totalMs: 23 }, metrics: {} },
          },
        });
        await h.send(data('24h', { connectionId: 'orders', from: T - 86_400_000, to: T, resolution: 'raw', points: rawPoints() }));
        const p = h.page;
        const d = await p.getAttribute('svg.chart path.line', 'd');
        assert.ok(d && d.startsWith('M') && d.length > 100);
        assert.equal(await p.locator('svg.chart rect.mark.down').count(), 3);
        assert.match((await p.textContent('.uptime')) ?? '', /99\.31%.*99\.95%.*—/s);
        const rows = await p.locator('table.bars tbody th').allTextContents();
        assert.deepEqual(rows, ['Timed out', 'Connection refused']);
        assert.match((await p.textContent('.prediction')) ?? '', /Immediate action required/);
        assert.match((await p.textContent('.prediction')) ?? '', /2–6 h/);
        assert.match((await p.textContent('#health')) ?? '', /Up/);
        await h.screenshot('dashboard-24h');

        await h.send({
          type: 'health',
          health: {
            connectionId: 'orders',
            state: 'down',
            result: {
              connectionId: 'orders',
              provider: 'postgres',
              startedAt: T,
              state: 'down',
              timings: { totalMs: 5 },
              metrics: {},
              error: { message: 'connect ECONNREFUSED', category: 'conn_refused' },
            },
            diagnosis: { category: 'conn_refused', confidence: 0.9, rootCause: 'nothing listens on db:5432', fixes: [] },
          },
        });
        assert.match((await p.textContent('#health')) ?? '', /Down.*Connection refused.*nothing listens on db:5432/s);
        await h.send({ type: 'health', health: { connectionId: 'cache', state: 'up' } });
        assert.match((await p.textContent('#health')) ?? '', /Down/, 'another connection’s health is ignored');

        await p.click('button[data-range="7d"]');
        const sel7 = (await waitForPost(h, 'select', 2)).pop();
        assert.deepEqual(sel7, { type: 'select', connectionId: 'orders', range: '7d' });
        assert.equal(await p.getAttribute('button[data-range="7d"]', 'aria-pressed'), 'true');
        const buckets: HourBucket[] = [];
        for (let i = 0; i < 168; i++) {
          const lat = 20 + 10 * Math.sin(i / 12);
          buckets.push({
            at: T - 7 * 86_400_000 + i * 3_600_000,
            count: 12,
            up: i === 100 ? 9 : 12,
            degraded: 0,
            down: i === 100 ? 3 : 0,
            latency: { min: lat / 2, max: lat * 3, mean: lat, p50: lat, p95: lat * 2.2 },
            errors: {},
          });
        }
        await h.send(data('7d', { connectionId: 'orders', from: T - 7 * 86_400_000, to: T, resolution: 'hour', buckets }));
        assert.ok(((await p.getAttribute('svg.chart path.band', 'd')) ?? '').endsWith('Z'));
        assert.equal(await p.locator('svg.chart rect.mark.down').count(), 1);
        await h.screenshot('dashboard-7d');
        assert.deepEqual(JSON.parse((await h.states()).pop() ?? '{}'), { selected: 'orders', range: '7d' });

        await p.click('text=Analyze last error');
        assert.deepEqual((await waitForPost(h, 'analyze')).pop(), { type: 'analyze', connectionId: 'orders' });
        await clean(h);
      } finally {
        await h.close();
      }
    });

    it('shows why a section is missing instead of failing as a whole', async () => {
      const h = await open(browser, 'dashboard', 'dashboard');
      try {
        await waitForPost(h, 'ready');
        await h.send({ type: 'connections', list: [{ id: 'orders', name: 'Orders', provider: 'postgres' }], selected: null });
        await waitForPost(h, 'select');
        const failed = { ok: false, message: 'history is not available: no workspace storage' };
        await h.send({
          type: 'data',
          connectionId: 'orders',
          range: '24h',
          from: T - 86_400_000,
          to: T,
          offsetMs: 0,
          series: failed,
          uptime: failed,
          errors: failed,
          prediction: { ok: true, value: null },
        });
        const text = (await h.page.textContent('#app')) ?? '';
        assert.match(text, /History unavailable: history is not available/);
        assert.match(text, /No prediction yet/);
        await clean(h);
      } finally {
        await h.close();
      }
    });
  });

  describe('error analysis', () => {
    const diagnosis: FullDiagnosis = {
      category: 'ssl_required',
      confidence: 0.91,
      rootCause: 'The server requires TLS but the connection uses sslmode=disable <img src=x id=injected>',
      patternId: 'pg.28000.ssl',
      source: 'knowledge-base',
      docsUrl: 'https://www.postgresql.org/docs/current/libpq-ssl.html',
      message: 'no pg_hba.conf entry for host "10.0.0.5", user "app", database "orders", no encryption',
      evidence: [
        { path: 'error', matched: 'code=28000' },
        { path: 'error', matched: 'context:tls.mode=disable' },
      ],
      fixes: [
        {
          id: 'pg.tls.require',
          title: 'Set sslmode=require for this connection',
          action: { kind: 'editConnection', patch: { tls: { mode: 'require' } } },
        },
        { id: 'retry', title: 'Probe again', action: { kind: 'retry', afterMs: 0 } },
        {
          id: 'secret',
          title: 'Check the password',
          detail: 'Stored in Secret Storage',
          action: { kind: 'command', command: 'dbpulse.setSecret', args: ['orders'] },
        },
      ],
    };

    it('shows the analysis in order, posts fix and feedback actions, renders server text as text', async () => {
      const h = await open(browser, 'errorAnalysis', 'analysis');
      try {
        await waitForPost(h, 'ready');
        await h.send({
          type: 'analysis',
          diagnosis,
          connection: { id: 'orders', name: 'Orders', provider: 'postgres' },
          source: 'last failure of Orders',
          feedback: {},
        });
        const p = h.page;
        assert.match((await p.textContent('h1')) ?? '', /Server requires TLS/);
        assert.equal(await p.locator('#injected').count(), 0, 'text from the server is never markup');
        assert.deepEqual(
          await p.locator('li.fix .fix-title').allTextContents(),
          diagnosis.fixes.map((f) => f.title),
        );
        assert.match((await p.textContent('.confidence')) ?? '', /91%/);
        assert.match((await p.textContent('ul.evidence')) ?? '', /code=28000/);

        await p.click('li.fix[data-fix="pg.tls.require"] .fix-head button');
        assert.deepEqual((await waitForPost(h, 'applyFix')).pop(), { type: 'applyFix', fixId: 'pg.tls.require' });
        await h.send({ type: 'fixResult', fixId: 'pg.tls.require', ok: true, message: 'Saved: tls.mode: disable → require.' });
        assert.match((await p.textContent('li.fix[data-fix="pg.tls.require"]')) ?? '', /Saved: tls\.mode/);

        await p.click('[data-feedback="analysis"] details.comment summary');
        await p.fill('#comment-analysis', 'spot on');
        await p.click('[data-feedback="analysis"] button[title="Helpful"]');
        assert.deepEqual((await waitForPost(h, 'feedback')).pop(), { type: 'feedback', helpful: true, comment: 'spot on' });
        await p.click('[data-feedback="secret"] button[title="Not helpful"]');
        assert.deepEqual((await waitForPost(h, 'feedback', 2)).pop(), { type: 'feedback', helpful: false, fixId: 'secret' });
        await h.send({ type: 'feedbackSent', key: 'analysis', helpful: true });
        assert.match((await p.textContent('[data-feedback="analysis"]')) ?? '', /recorded as helpful/);

        await p.click('text=Open documentation');
        await waitForPost(h, 'openDocs');
        await h.screenshot('analysis');
        await clean(h);
      } finally {
        await h.close();
      }
    });

    it('says why there is no analysis and offers to try again', async () => {
      const h = await open(browser, 'errorAnalysis', 'analysis');
      try {
        await waitForPost(h, 'ready');
        await h.send({ type: 'analysisFailed', message: "'orders' has no failure to analyse: its last probe was up" });
        assert.match((await h.page.textContent('[role="alert"]')) ?? '', /no failure to analyse/);
        await h.page.click('text=Try again');
        await waitForPost(h, 'reanalyze');
        await clean(h);
      } finally {
        await h.close();
      }
    });
  });
});
