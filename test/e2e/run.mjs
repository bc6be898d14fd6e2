#!/usr/bin/env node
// The real-editor test layer: the packaged .vsix installed into code-server (two versions, see
// scripts/editors.mjs), the fixture workspace opened in Debian's chromium through playwright-core, the
// in-editor suite (test/e2e/suite) run inside the extension host, its results read back, the page
// checked and screenshotted under test-results/.
//
//   node test/e2e/run.mjs [editor ...] [--keep] [--no-install]
//     editor        4.100.3 | 4.139 (default: both; or DBPULSE_E2E_EDITORS=4.100.3,4.139)
//     --keep        keep the run folders (they are kept anyway when something failed)
//     --no-install  do not install a missing editor: count it as failed
//   DBPULSE_E2E_VSIX=<file>  test this .vsix instead of packaging the checkout
// Writes {passed, failed, skipped, failures} summed over the editors to $DBPULSE_STATS_FILE (for scripts/test.mjs)
// and exits non-zero when anything failed.
//
// As a module: `runE2E(options)` resolves with one result per editor (see the typedef below).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDITORS, editorInfo, ensureEditors } from '../../scripts/editors.mjs';
import { bundleSuite } from './bundleSuite.mjs';
import { checkPage, openBrowser, SUITE_PAGE_CHECKS, workbenchUrl } from './lib/browser.mjs';
import { installExtension, isolatedEnv, prepareRunFolder, runLayout, startCodeServer } from './lib/codeServer.mjs';
import { startLivePostgres } from './lib/livePostgres.mjs';
import { checkExtensionLog } from './lib/logs.mjs';
import { answerPageRequests } from './lib/pageRequests.mjs';
import { countTests, printEditorReport } from './lib/report.mjs';
import { ensureVsix } from './lib/vsix.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '..', '..');
const FIXTURE = path.join(here, 'fixture-workspace');
/** Screenshots: `e2e-*` files, emptied at the start of a run and listed at its end. */
const SHOTS = path.join(REPO_ROOT, 'test-results');
/** Literal secrets in the fixture workspace, and the alert signing secret the suite stores (suite/alerts.test.ts): they must never reach the extension's log. */
const FIXTURE_SECRETS = ['s3cret', 'C0mpose-pw-9x', 'Pr1sma-pw-7q', 'e2e-signing-S3cret-4f1c'];
const RESULTS_TIMEOUT_MS = Number(process.env.DBPULSE_E2E_TIMEOUT_MS) || 240_000;

/**
 * @typedef {{ title: string, fullTitle: string, titlePath: string[], state: 'passed'|'failed'|'pending', durationMs: number, error?: { message: string, stack?: string } }} TestResult
 * @typedef {{ label: string, name: string, version?: string, vscodeVersion?: string, passed: number, failed: number, skipped: number,
 *   tests: TestResult[], metrics: Record<string, number>, durationMs: number, screenshot?: string, screenshots: string[], runDir?: string, error?: string }} EditorResult
 */

/**
 * Runs the real-editor layer on each editor, one after the other.
 * @param {{ editors?: string[], vsix?: string, install?: boolean, keep?: boolean, quiet?: boolean, log?: (s: string) => void }} [options]
 * @returns {Promise<EditorResult[]>}
 */
export async function runE2E(options = {}) {
  const log = options.log ?? ((s) => console.log(s));
  const labels = options.editors?.length ? options.editors : EDITORS.map((e) => e.label);
  const given = options.vsix ?? process.env.DBPULSE_E2E_VSIX;
  if (given && !fs.existsSync(given)) throw new Error(`no such .vsix: ${given}`);
  const vsix = given ? path.resolve(given) : ensureVsix(REPO_ROOT, (s) => log(`e2e: ${s}`));
  const results = [];
  // This runner's screenshots from an earlier run must not pass for this one's (the other layers' stay).
  for (const f of fs.existsSync(SHOTS) ? fs.readdirSync(SHOTS) : [])
    if (f.startsWith('e2e-')) fs.rmSync(path.join(SHOTS, f), { force: true });
  // Ctrl-C or a CI timeout must not leave code-server's process group (extension host, language server) behind.
  const onSignal = (sig) => void Promise.all([...running].map((stop) => stop())).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const label of labels) {
      const result = await runEditor(label, { vsix, install: options.install ?? true, keep: options.keep ?? false, log });
      if (!options.quiet) printEditorReport(result, log);
      results.push(result);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return results;
}

/** stop() of every code-server this process started and has not stopped yet. */
const running = new Set();

/** @returns {Promise<EditorResult>} */
async function runEditor(label, { vsix, install, keep, log }) {
  const t0 = Date.now();
  /** @type {EditorResult} */
  const result = {
    label,
    name: `code-server ${label}`,
    passed: 0,
    failed: 0,
    skipped: 0,
    tests: [],
    metrics: {},
    durationMs: 0,
    screenshots: [],
  };
  const finish = (error) => {
    if (error) result.error = error;
    Object.assign(result, countTests(result.tests, result.error), { durationMs: Date.now() - t0 });
    return result;
  };

  let editor;
  try {
    editor = install ? ensureEditors([label])[0] : editorInfo(label);
    if (!editor) return finish(`code-server ${label} is not installed: run node scripts/editors.mjs`);
  } catch (err) {
    return finish(`installing code-server ${label} failed: ${message(err)}`);
  }
  result.version = editor.version;
  result.vscodeVersion = editor.vscodeVersion;
  result.name = `code-server ${editor.version} (VS Code ${editor.vscodeVersion}, Node ${nodeVersion(editor.node)})`;
  log(`\ne2e: ${result.name}`);

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `dbpulse-e2e-${label}-`));
  result.runDir = runDir;
  const layout = runLayout(runDir);
  const shots = SHOTS;
  fs.mkdirSync(shots, { recursive: true });
  let server;
  let browser;
  let page;
  let pg;
  let pgStarting;
  try {
    prepareRunFolder(layout, FIXTURE);
    // A real PostgreSQL for the suite's connection tests, started while the extension installs.
    pgStarting = startLivePostgres({ log: (s) => log(`e2e: ${s}`) });
    pgStarting.then(
      (p) => running.add(p.stop),
      () => undefined,
    );
    const { harnessDir, suiteJs } = await bundleSuite(layout.harness);
    const suiteEnv = { DBPULSE_E2E_RESULTS: layout.results, DBPULSE_E2E_HOLD: layout.hold, DBPULSE_E2E_PAGE_REQUESTS: layout.pageRequests };
    installExtension(editor, layout, vsix, isolatedEnv(layout, suiteEnv));
    pg = await pgStarting;
    // The facts reach the extension host through code-server's environment (the password too: it is
    // this run's, and the log check below makes sure the extension never writes it down).
    const env = isolatedEnv(layout, {
      ...suiteEnv,
      ...(pg.facts ? { DBPULSE_E2E_PG: JSON.stringify(pg.facts) } : { DBPULSE_E2E_PG_SKIP: pg.skip }),
    });
    server = await startCodeServer(editor, layout, env);
    running.add(server.stop);
    browser = await openBrowser(layout, isolatedEnv(layout));
    page = browser.page;
    const consoleLog = fs.createWriteStream(path.join(runDir, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));

    const pageStart = Date.now();
    await page.goto(workbenchUrl(server, { folder: layout.workspace, harnessDir, suiteJs }), {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: 60_000 });
    result.metrics.workbenchShownMs = Date.now() - pageStart;

    const inEditor = await waitForResults(layout, server, page, path.join(shots, `e2e-${label}`), result.screenshots);
    result.tests.push(...inEditor.tests);
    result.metrics = { ...result.metrics, ...inEditor.metrics };
    if (inEditor.metrics.diagnosticsAtEpochMs) result.metrics.pageLoadToDiagnosticsMs = inEditor.metrics.diagnosticsAtEpochMs - pageStart;
    delete result.metrics.diagnosticsAtEpochMs;
    if (inEditor.vscodeVersion !== editor.vscodeVersion) {
      result.tests.push(
        failure('the editor', `runs VS Code ${editor.vscodeVersion}`, `the extension host reports VS Code ${inEditor.vscodeVersion}`),
      );
    }

    result.tests.push(...(await checkPage(page)));
    result.tests.push(...checkExtensionLog(layout.data, [...FIXTURE_SECRETS, ...(pg.facts ? [pg.facts.password] : [])]));
    result.screenshot = path.join(shots, `e2e-${label}.png`);
    await page.screenshot({ path: result.screenshot }); // a failure to save fails the run (caught below)
    result.screenshots.push(result.screenshot);
    fs.writeFileSync(layout.hold, 'done\n'); // lets the suite return, and the extension host end
    return finish();
  } catch (err) {
    if (page) {
      result.screenshot = path.join(shots, `e2e-${label}-failure.png`);
      // The run has failed already; this picture only helps to see why.
      await page.screenshot({ path: result.screenshot }).then(
        () => result.screenshots.push(result.screenshot),
        () => (result.screenshot = undefined),
      );
    }
    return finish(`${message(err)}\n${tail(layout.log, 15)}`);
  } finally {
    await browser?.context.close().catch(() => undefined);
    if (server) {
      await server.stop();
      running.delete(server.stop);
    }
    // Stopped even when the run broke before it was awaited.
    const pgRun = pg ?? (await pgStarting?.catch(() => undefined));
    if (pgRun) {
      await pgRun.stop();
      running.delete(pgRun.stop);
    }
    if (!keep && !result.failed && !result.error) fs.rmSync(runDir, { recursive: true, force: true });
    else log(`e2e: run folder kept: ${runDir}`);
  }
}

/**
 * Waits for the suite's results file, answering the page checks the suite asks for meanwhile
 * (screenshots `<screenshotPrefix>-<request>.png`, added to `written`); fails early if code-server dies or the page goes away.
 */
async function waitForResults(layout, server, page, screenshotPrefix, written) {
  const deadline = Date.now() + RESULTS_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (fs.existsSync(layout.results)) return JSON.parse(fs.readFileSync(layout.results, 'utf8'));
    written.push(...(await answerPageRequests(layout.pageRequests, page, SUITE_PAGE_CHECKS, { screenshotPrefix })));
    const exited = server.exited();
    if (exited) throw new Error(`code-server exited (${exited.code ?? exited.signal}) before the in-editor suite reported`);
    if (page.isClosed()) throw new Error('the workbench page closed before the in-editor suite reported');
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `the in-editor suite wrote no results within ${RESULTS_TIMEOUT_MS / 1000} s (did the extension host load the test payload?)`,
  );
}

function failure(group, title, msg) {
  return { title, fullTitle: `${group} ${title}`, titlePath: [group, title], state: 'failed', durationMs: 0, error: { message: msg } };
}

function message(err) {
  return err instanceof Error ? err.message : String(err);
}

function tail(file, n) {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-n)
      .map((l) => `    | ${l}`)
      .join('\n');
  } catch {
    return '';
  }
}

function nodeVersion(node) {
  if (node === process.execPath) return process.versions.node;
  const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '?';
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a.startsWith('--') && !['--keep', '--no-install'].includes(a));
  if (unknown.length) {
    console.error(
      `unknown option ${unknown[0]}; usage: node test/e2e/run.mjs [${EDITORS.map((e) => e.label).join('|')} ...] [--keep] [--no-install]`,
    );
    process.exit(2);
  }
  const fromEnv = (process.env.DBPULSE_E2E_EDITORS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const editors = args.filter((a) => !a.startsWith('--'));
  const chosen = editors.length ? editors : fromEnv;
  for (const e of chosen) {
    if (!EDITORS.some((d) => d.label === e)) {
      console.error(`unknown editor ${e}; editors: ${EDITORS.map((d) => d.label).join(', ')}`);
      process.exit(2);
    }
  }
  const results = await runE2E({ editors: chosen, keep: args.includes('--keep'), install: !args.includes('--no-install') });
  const sum = { passed: 0, failed: 0, skipped: 0, failures: [] };
  console.log('\ne2e summary');
  for (const r of results) {
    for (const k of ['passed', 'failed', 'skipped']) sum[k] += r[k];
    for (const t of r.tests)
      if (t.state === 'failed')
        sum.failures.push({
          title: `${r.name}: ${t.fullTitle}`,
          message: String(t.error?.stack ?? t.error?.message ?? '')
            .split('\n')
            .slice(0, 12)
            .join('\n'),
        });
    if (r.error) sum.failures.push({ title: `${r.name}: the run`, message: r.error });
    console.log(
      `  ${r.name.padEnd(52)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped  (${(r.durationMs / 1000).toFixed(1)} s)`,
    );
  }
  if (process.env.DBPULSE_STATS_FILE) fs.writeFileSync(process.env.DBPULSE_STATS_FILE, JSON.stringify(sum));
  const shots = results.flatMap((r) => r.screenshots ?? []);
  console.log(shots.length ? 'screenshots written:' : 'screenshots written: none');
  for (const f of shots) console.log(`  ${path.relative(REPO_ROOT, f)}`);
  console.log(`${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
  process.exit(sum.failed ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`e2e: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (process.env.DBPULSE_STATS_FILE)
      fs.writeFileSync(
        process.env.DBPULSE_STATS_FILE,
        JSON.stringify({ passed: 0, failed: 1, skipped: 0, failures: [{ title: 'e2e runner', message: message(err) }] }),
      );
    process.exit(1);
  });
}
