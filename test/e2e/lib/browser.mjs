// Debian's chromium driven by playwright-core: opens the workbench page and checks what the user sees.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.DBPULSE_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** A headless chromium with its profile in the run folder; returns the context and its first page. */
export async function openBrowser(layout, env) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set DBPULSE_CHROMIUM)`);
  const context = await chromium.launchPersistentContext(layout.browserProfile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    env,
    viewport: { width: 1400, height: 900 },
    downloadsPath: path.join(layout.runDir, 'downloads'),
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * The workbench URL with the test payload: VS Code web reads `payload` (extensionDevelopmentPath,
 * extensionTestsPath) and runs the tests in the remote extension host. Paths are vscode-remote URIs
 * on code-server's own authority.
 */
export function workbenchUrl(server, { folder, harnessDir, suiteJs }) {
  const remote = (p) => `vscode-remote://${server.authority}${p.split(path.sep).join('/')}`;
  const payload = [
    ['extensionDevelopmentPath', remote(harnessDir)],
    ['extensionTestsPath', remote(suiteJs)],
  ];
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The literal password in fixture-workspace/.env (DATABASE_URL=postgres://app:s3cret@…). */
const FIXTURE_PASSWORD = 's3cret';

/**
 * Whether an error squiggle lies on `text` as the editor draws it: the text is found in the rendered
 * lines (Monaco splits a line into token spans, so the search runs over the line's text nodes), and
 * some `.squiggly-error` decoration must sit on the same line and span its horizontal extent (1 px
 * of rounding either side), no wider than the text by more than one character. Returns null when it
 * does, or what the page shows instead.
 */
async function underlineCovers(page, text) {
  return page.evaluate((needle) => {
    const box = (r) => ({ left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top), bottom: Math.round(r.bottom) });
    let target = null;
    for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
      const nodes = [];
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
      const joined = nodes
        .map((n) => n.data)
        .join('')
        .replace(/\u00a0/g, ' ');
      const at = joined.indexOf(needle);
      if (at < 0) continue;
      const locate = (offset) => {
        let rest = offset;
        for (const n of nodes) {
          if (rest <= n.data.length) return [n, rest];
          rest -= n.data.length;
        }
        return [nodes[nodes.length - 1], nodes[nodes.length - 1].data.length];
      };
      const range = document.createRange();
      range.setStart(...locate(at));
      range.setEnd(...locate(at + needle.length));
      target = box(range.getBoundingClientRect());
      break;
    }
    if (!target) return `no rendered editor line contains "${needle}"`;
    const charWidth = (target.right - target.left) / needle.length;
    const squiggles = [...document.querySelectorAll('.monaco-editor .squiggly-error')].map((e) => box(e.getBoundingClientRect()));
    const onLine = squiggles.filter((s) => s.top < target.bottom && s.bottom > target.top);
    const covers = onLine.find(
      (s) => s.left <= target.left + 1 && s.right >= target.right - 1 && s.right - s.left <= target.right - target.left + charWidth + 2,
    );
    if (covers) return null;
    return onLine.length
      ? `the error underlines on the password's line are at ${JSON.stringify(onLine)}, the password at ${JSON.stringify(target)}`
      : `no error underline on the password's line (password at ${JSON.stringify(target)}; underlines at ${JSON.stringify(squiggles)})`;
  }, text);
}

/**
 * Checks of the page itself, run after the in-editor suite opened the .env and the DB Pulse view.
 * Each returns null when it holds, or what was wrong.
 */
export const PAGE_CHECKS = [
  {
    title: 'shows the DB Pulse view container with the Connections view',
    async check(page) {
      const sidebar = page.locator('.part.sidebar');
      await sidebar.waitFor({ state: 'visible', timeout: 15_000 });
      const title = (await sidebar.locator('.composite.title').first().innerText()).trim();
      if (!/DB Pulse/i.test(title)) return `the side bar shows "${title}", not the DB Pulse view container`;
      // One view in the container: its name joins the title ("DB Pulse: Connections"); more: a pane header.
      if (/Connections/i.test(title)) return null;
      await sidebar.locator('.pane-header', { hasText: 'Connections' }).first().waitFor({ state: 'visible', timeout: 5_000 });
      return null;
    },
  },
  {
    title: 'shows the welcome buttons "Add Connection" and "Scan Workspace for Connections"',
    async check(page) {
      const welcome = page.locator('.part.sidebar .welcome-view-content');
      for (const name of ['Add Connection', 'Scan Workspace for Connections']) {
        const button = welcome.locator('.monaco-button', { hasText: new RegExp(`^\\s*${name}\\s*$`) });
        await button.first().waitFor({ state: 'visible', timeout: 15_000 });
      }
      return null;
    },
  },
  {
    title: 'underlines the password in the .env editor',
    async check(page) {
      const tab = page.locator('.tabs-container .tab', { hasText: '.env' });
      if (!(await tab.count())) return 'no editor tab for .env';
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 15_000 });
      return underlineCovers(page, FIXTURE_PASSWORD);
    },
  },
  {
    title: 'lists the finding in the Problems panel',
    async check(page) {
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'plaintext-password-in-url' });
      await row.first().waitFor({ state: 'visible', timeout: 15_000 });
      return null;
    },
  },
];

/** Runs the page checks; returns mocha-like results (never throws). */
export async function checkPage(page) {
  const results = [];
  for (const c of PAGE_CHECKS) {
    const t0 = Date.now();
    let problem;
    try {
      problem = await c.check(page);
    } catch (err) {
      problem = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
    results.push({
      title: c.title,
      fullTitle: `the workbench page ${c.title}`,
      titlePath: ['the workbench page', c.title],
      state: problem ? 'failed' : 'passed',
      durationMs: Date.now() - t0,
      ...(problem ? { error: { message: problem } } : {}),
    });
  }
  return results;
}

/** The rows of the tree views in the side bar: label and description as shown. */
async function sidebarTreeRows(page) {
  return page.locator('.part.sidebar .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => ({
      name: (r.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
    })),
  );
}

/**
 * Checks the suite asks for while it runs (suite/helpers.ts askRunnerToCheckPage, lib/pageRequests.mjs):
 * name → async (page, args) => problem | null.
 */
export const SUITE_PAGE_CHECKS = {
  /**
   * The Connections tree shows a row labelled `args.name` whose description matches the regular
   * expression `args.description` (e.g. "^up · " or "down.*conn_refused"). Waits up to 20 s for it.
   */
  async connectionInTree(page, { name, description }) {
    const want = new RegExp(String(description));
    const deadline = Date.now() + 20_000;
    let rows = [];
    for (;;) {
      rows = await sidebarTreeRows(page).catch(() => []);
      const row = rows.find((r) => r.name === name);
      if (row && want.test(row.description)) {
        // For the screenshot: the row highlighted (a narrow side bar cuts the description off; the icon shows the state).
        await page
          .locator('.part.sidebar .monaco-list-row', { hasText: name })
          .first()
          .hover()
          .catch(() => undefined);
        return null;
      }
      if (Date.now() > deadline) break;
      await page.waitForTimeout(200);
    }
    const seen = rows.map((r) => `"${r.name}"${r.description ? ` (${r.description})` : ''}`).join(', ') || 'no rows';
    return `no row "${name}" with a description matching /${want.source}/ in the side bar; rows: ${seen}`;
  },
};
