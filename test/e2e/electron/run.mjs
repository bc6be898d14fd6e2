#!/usr/bin/env node
// The same in-editor suite (test/e2e/suite) on desktop VS Code, through @vscode/test-electron.
// It downloads VS Code, so it runs where that is possible (GitHub Actions: .github/workflows/ci.yml);
// this machine has no internet and uses code-server instead (test/e2e/run.mjs).
//
//   npm run test:electron                   VS Code 1.100.0 (engines.vscode) and stable
//   node test/e2e/electron/run.mjs 1.100.0   one version (or DBPULSE_VSCODE_VERSIONS=1.100.0,stable)
// DBPULSE_E2E_VSIX=<file> tests that .vsix instead of packaging the checkout.
// On Linux without a display run it under xvfb-run. Exits non-zero when anything failed, and writes
// {passed, failed, skipped} to $DBPULSE_STATS_FILE when that is set.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { bundleSuite } from '../bundleSuite.mjs';
import { startLivePostgres } from '../lib/livePostgres.mjs';
import { countTests, printEditorReport } from '../lib/report.mjs';
import { ensureVsix } from '../lib/vsix.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '..', '..', '..');
const FIXTURE = path.join(here, '..', 'fixture-workspace');
const DEFAULT_VERSIONS = ['1.100.0', 'stable'];
/** Downloaded VS Code builds, in the git-ignored tools folder. */
const CACHE = path.join(REPO_ROOT, '.tools', 'vscode-test');

async function runOn(version, vsix) {
  const t0 = Date.now();
  const result = {
    label: version,
    name: `VS Code ${version} (desktop, @vscode/test-electron)`,
    tests: [],
    metrics: {},
    passed: 0,
    failed: 0,
    skipped: 0,
    durationMs: 0,
  };
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `dbpulse-electron-${version}-`));
  const dirs = {
    data: path.join(runDir, 'data'),
    ext: path.join(runDir, 'ext'),
    workspace: path.join(runDir, 'workspace'),
    results: path.join(runDir, 'results.json'),
  };
  let error;
  let pg;
  try {
    fs.cpSync(FIXTURE, dirs.workspace, { recursive: true });
    // The same real PostgreSQL as the code-server runner gives the suite (skipped where it cannot run).
    pg = await startLivePostgres({ log: (s) => console.log(`electron: ${s}`) });
    const { harnessDir, suiteJs } = await bundleSuite(path.join(runDir, 'harness'));
    const vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: CACHE }).catch((err) => {
      throw new Error(
        `downloading VS Code ${version} failed (no internet? use test/e2e/run.mjs with code-server): ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    // Install the packaged extension, as a user would; the harness is only the development-path stub.
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const profile = [`--extensions-dir=${dirs.ext}`, `--user-data-dir=${dirs.data}`];
    const install = spawnSync(
      cli,
      [...cliArgs.filter((a) => !/^--(extensions-dir|user-data-dir)/.test(a)), ...profile, '--install-extension', vsix],
      {
        encoding: 'utf8',
        shell: process.platform === 'win32',
      },
    );
    if (install.status !== 0) throw new Error(`--install-extension failed: ${install.stderr || install.stdout}`);
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: harnessDir,
      extensionTestsPath: suiteJs,
      launchArgs: [
        dirs.workspace,
        ...profile,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
      ],
      extensionTestsEnv: {
        DBPULSE_E2E_RESULTS: dirs.results,
        ...(pg.facts ? { DBPULSE_E2E_PG: JSON.stringify(pg.facts) } : { DBPULSE_E2E_PG_SKIP: pg.skip }),
      },
    }).catch((err) => {
      // A failing test makes VS Code exit non-zero; the results file says which.
      if (!fs.existsSync(dirs.results)) throw err;
    });
    if (!fs.existsSync(dirs.results)) throw new Error('the in-editor suite wrote no results');
    const r = JSON.parse(fs.readFileSync(dirs.results, 'utf8'));
    result.tests = r.tests;
    result.metrics = r.metrics;
    result.name = `VS Code ${r.vscodeVersion} (desktop, @vscode/test-electron)`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  } finally {
    await pg?.stop();
    Object.assign(result, countTests(result.tests, error), { durationMs: Date.now() - t0 }, error ? { error } : {});
    if (!result.failed) fs.rmSync(runDir, { recursive: true, force: true });
  }
  return result;
}

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const fromEnv = (process.env.DBPULSE_VSCODE_VERSIONS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const versions = args.length ? args : fromEnv.length ? fromEnv : DEFAULT_VERSIONS;
  const vsix = process.env.DBPULSE_E2E_VSIX
    ? path.resolve(process.env.DBPULSE_E2E_VSIX)
    : ensureVsix(REPO_ROOT, (s) => console.log(`electron: ${s}`));
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const v of versions) {
    const r = await runOn(v, vsix);
    printEditorReport(r);
    for (const k of Object.keys(sum)) sum[k] += r[k];
  }
  if (process.env.DBPULSE_STATS_FILE) fs.writeFileSync(process.env.DBPULSE_STATS_FILE, JSON.stringify(sum));
  console.log(`${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
  process.exit(sum.failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`electron: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
