/**
 * Entry of the in-editor suite: the extension host loads this module (extensionTestsPath) and calls
 * `run()`. Runner-agnostic: code-server (test/e2e/run.mjs) and desktop VS Code through
 * @vscode/test-electron (test/e2e/electron/run.mjs) both bundle it with test/e2e/bundleSuite.mjs.
 *
 * To add tests, add a file `test/e2e/suite/<name>.test.ts` with describe/it: the bundler finds it.
 *
 * Environment (all optional):
 *   DBPULSE_E2E_RESULTS  write the results as JSON to this path (the runner reads them back)
 *   DBPULSE_E2E_HOLD     after writing the results, wait until this file exists (the runner looks at the
 *                        page and takes screenshots meanwhile), at most DBPULSE_E2E_HOLD_MS (120000)
 *   DBPULSE_E2E_GREP     run only the tests whose full title matches this regular expression
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { loadTests } from 'dbpulse-e2e:tests';
import { recordedMetrics } from './helpers';

export interface E2eTestResult {
  title: string;
  fullTitle: string;
  titlePath: string[];
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: { message: string; stack?: string };
}

export interface E2eResults {
  vscodeVersion: string;
  appName: string;
  appHost: string;
  extensionHostPid: number;
  files: string[];
  tests: E2eTestResult[];
  stats: { passed: number; failed: number; skipped: number };
  metrics: Record<string, number>;
  startedAt: number;
  endedAt: number;
}

export async function run(): Promise<void> {
  const startedAt = Date.now();
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  const grep = process.env.DBPULSE_E2E_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  // The bundle holds the test files; they register describe/it on the globals mocha sets up here.
  mocha.suite.emit('pre-require', globalThis, 'dbpulse-e2e', mocha);
  const files = loadTests();

  const tests: E2eTestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    runner.on('pass', (t) => tests.push(result(t, 'passed')));
    runner.on('pending', (t) => tests.push(result(t, 'pending')));
    runner.on('fail', (t, err: unknown) => tests.push(result(t, 'failed', err)));
  });

  const results: E2eResults = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    appHost: vscode.env.appHost,
    extensionHostPid: process.pid,
    files,
    tests,
    stats: {
      passed: tests.filter((t) => t.state === 'passed').length,
      failed: tests.filter((t) => t.state === 'failed').length,
      skipped: tests.filter((t) => t.state === 'pending').length,
    },
    metrics: recordedMetrics(),
    startedAt,
    endedAt: Date.now(),
  };
  const out = process.env.DBPULSE_E2E_RESULTS;
  if (out) {
    // Written whole, then renamed: the runner never reads half a file.
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(`${out}.part`, JSON.stringify(results, null, 2));
    fs.renameSync(`${out}.part`, out);
  }
  const hold = process.env.DBPULSE_E2E_HOLD;
  if (hold) await waitForFile(hold, Number(process.env.DBPULSE_E2E_HOLD_MS) || 120_000);
  if (failures > 0) throw new Error(`${failures} of ${tests.length} in-editor tests failed`);
}

function result(t: Mocha.Runnable, state: E2eTestResult['state'], err?: unknown): E2eTestResult {
  const e = err instanceof Error ? { message: err.message, stack: err.stack } : err === undefined ? undefined : { message: String(err) };
  return {
    title: t.title,
    fullTitle: t.fullTitle(),
    titlePath: t.titlePath(),
    state,
    durationMs: t.duration ?? 0,
    ...(e ? { error: e } : {}),
  };
}

function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const tick = (): void => {
      if (fs.existsSync(file) || Date.now() > deadline) return resolve();
      setTimeout(tick, 100);
    };
    tick();
  });
}
