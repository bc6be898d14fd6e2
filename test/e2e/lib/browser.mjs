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
      const squiggle = page.locator('.monaco-editor .squiggly-error');
      await squiggle.first().waitFor({ state: 'attached', timeout: 15_000 });
      const tab = page.locator('.tabs-container .tab', { hasText: '.env' });
      return (await tab.count()) ? null : 'no editor tab for .env';
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
