/**
 * Runs a webview bundle in headless Chromium the way VS Code hosts it: the
 * real page shell and CSP (resources from one origin, served from memory by
 * request interception, no server, no network), a stub `acquireVsCodeApi`
 * that records what the page posts and stores, and theme variables like VS
 * Code's dark theme. Skips cleanly when Chromium is not installed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { pageHtml } from '../../../../src/client/webviews/html';

const ROOT = path.resolve(__dirname, '../../../..');
const ORIGIN = 'https://webview.test';
export const CHROMIUM = process.env.DBPULSE_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

/** A dark theme's worth of the variables VS Code puts on the webview's <html>. */
const THEME = `:root {
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif;
  --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-editor-font-family: "DejaVu Sans Mono", monospace; --vscode-editor-font-size: 12px;
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
  --vscode-sideBar-background: #181818; --vscode-widget-border: #313131; --vscode-focusBorder: #0078d4;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc; --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c; --vscode-input-placeholderForeground: #989898;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c;
  --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8; --vscode-textLink-foreground: #4daafc;
  --vscode-textCodeBlock-background: #2b2b2b; --vscode-textBlockQuote-background: #2b2b2b;
  --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700; --vscode-testing-iconPassed: #73c991;
  --vscode-charts-blue: #3794ff; --vscode-charts-red: #f14c4c; --vscode-charts-yellow: #cca700; --vscode-charts-purple: #b180d7;
  --vscode-inputValidation-errorBorder: #be1100; --vscode-inputValidation-errorBackground: #5a1d1d;
}`;

let bundles: Map<string, string> | undefined;

/** The three webview bundles, built in memory from media/src as esbuild.mjs builds them. */
async function bundle(name: string): Promise<string> {
  if (!bundles) {
    const names = fs.readdirSync(path.join(ROOT, 'media/src')).filter((f) => f.endsWith('.ts'));
    const result = await esbuild.build({
      entryPoints: names.map((n) => path.join(ROOT, 'media/src', n)),
      bundle: true,
      write: false,
      outdir: '/virtual',
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      logLevel: 'silent',
    });
    bundles = new Map(result.outputFiles.map((f) => [path.basename(f.path, '.js'), f.text]));
  }
  const js = bundles.get(name);
  if (!js) throw new Error(`no webview bundle ${name}`);
  return js;
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Harness {
  page: Page;
  /** Every message the page posted, in order. */
  posted(): Promise<Array<Record<string, unknown>>>;
  /** Every state the page stored, as JSON. */
  states(): Promise<string[]>;
  /** A message from the host. */
  send(message: unknown): Promise<void>;
  /** CSP violations and page errors seen so far. */
  problems(): string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function open(
  browser: Browser,
  script: 'connectionForm' | 'dashboard' | 'errorAnalysis' | 'alerts',
  css: string,
  initialState?: unknown,
  viewport = { width: 1100, height: 900 },
): Promise<Harness> {
  const context = await browser.newContext({ viewport, colorScheme: 'dark' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // A string, not a function: tsx's transform would put helpers into a serialised function.
  await page.addInitScript(`(() => {
    const state = ${JSON.stringify(initialState ?? null)};
    window.__posted = [];
    window.__states = [];
    window.__csp = [];
    let current = state;
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => current,
      setState: (s) => { current = s; window.__states.push(JSON.stringify(s)); },
    });
  })();`);
  const js = await bundle(script);
  const files: Record<string, { body: string; type: string }> = {
    '/theme.css': { body: THEME, type: 'text/css' },
    '/css/webview.css': { body: fs.readFileSync(path.join(ROOT, 'media/css/webview.css'), 'utf8'), type: 'text/css' },
    [`/css/${css}.css`]: { body: fs.readFileSync(path.join(ROOT, `media/css/${css}.css`), 'utf8'), type: 'text/css' },
    [`/js/${script}.js`]: { body: js, type: 'text/javascript' },
    '/index.html': {
      body: pageHtml({
        title: script,
        nonce: 'testNonce123',
        cspSource: ORIGIN,
        scriptUri: `${ORIGIN}/js/${script}.js`,
        styleUris: [`${ORIGIN}/theme.css`, `${ORIGIN}/css/webview.css`, `${ORIGIN}/css/${css}.css`],
        page: script,
      }),
      type: 'text/html',
    },
  };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const f = url.origin === ORIGIN ? files[url.pathname] : undefined;
    if (!f) return route.abort();
    return route.fulfill({ status: 200, contentType: f.type, body: f.body });
  });
  await page.goto(`${ORIGIN}/index.html`);
  return {
    page,
    posted: () => page.evaluate('window.__posted') as Promise<Array<Record<string, unknown>>>,
    states: () => page.evaluate('window.__states') as Promise<string[]>,
    send: async (m) => {
      await page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
      await page.evaluate('new Promise((r) => setTimeout(r, 0))');
    },
    problems: () => problems.concat([]),
    screenshot: async (name) => {
      fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-results', `webviews-${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate('window.__csp') as Promise<string[]>;
}
