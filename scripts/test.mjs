// npm test: the steps (build, typecheck, lint, format), then every test layer; ends with one line, alone and last,
// "N passed, N failed, N skipped" (CI reads it), which counts TESTS only. The steps are reported on
// their own lines in the summary and a failed step fails the run (exit 1) without adding to the counts.
// A layer that does not run adds to the skipped count: its tests when they can be counted, else 1
// for the layer (and the summary says so). test-results/ (screenshots) is emptied at the start and
// the summary lists what the run wrote there.
//   node scripts/test.mjs [layer ...]   layers: unit lsp cli integration e2e (default: all)
// Environment: DBPULSE_SKIP_E2E=1 skips the real-editor layer (it needs code-server + chromium).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const LAYERS = {
  unit: { spec: 'test/unit/**/*.test.ts', timeout: 20000 },
  lsp: { spec: 'test/lsp/**/*.test.ts', timeout: 30000 },
  cli: { spec: 'test/cli/**/*.test.ts', timeout: 30000 },
  integration: { spec: 'test/integration/**/*.test.ts', timeout: 120000 },
  e2e: { runner: 'test/e2e/run.mjs' },
};

const requested = process.argv.slice(2);
const layers = requested.length ? requested : Object.keys(LAYERS);
for (const l of layers) if (!LAYERS[l]) (console.error(`unknown layer ${l}; layers: ${Object.keys(LAYERS).join(' ')}`), process.exit(2));

/** Tests only: passed, failed, skipped over every layer. */
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Steps (build, typecheck, ...): [name, ok]; a failed one fails the run but is not a test. */
const steps = [];
const rows = [];
const failures = [];
const statsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-stats-'));
const RESULTS_DIR = 'test-results';

// Screenshots of an earlier run must not pass for this one's.
fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
fs.mkdirSync(RESULTS_DIR, { recursive: true });

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  steps.push([name, ok]);
  return ok;
}

/**
 * A layer that did not run. Its tests are not known without running it (the mocha layers' titles need
 * their files loaded; the in-editor suite's need an editor), so the layer counts as one skipped.
 */
function skipLayer(layer, why) {
  console.log(`\n=== ${layer}: skipped (${why})`);
  totals.skipped += 1;
  rows.push([layer, `skipped as a whole, counted as 1 skipped (${why})`]);
}

const built = step('build', process.execPath, ['esbuild.mjs']);
step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
step('typecheck webviews', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'media/src']);
// Lint (ESLint with the folder boundaries: a core module importing vscode-languageserver fails here)
// and format, before any layer runs. Both fail the run as steps; neither counts as a test.
step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
step('format', process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.']);

for (const layer of layers) {
  const def = LAYERS[layer];
  const statsFile = path.join(statsDir, `${layer}.json`);
  let args;
  if (def.runner) {
    if (process.env.DBPULSE_SKIP_E2E === '1' || !fs.existsSync(def.runner)) {
      // The in-editor suite's tests are only known once an editor loads it, so the layer counts as one.
      skipLayer(layer, fs.existsSync(def.runner) ? 'DBPULSE_SKIP_E2E=1' : `${def.runner} not present`);
      continue;
    }
    args = [def.runner];
  } else {
    args = [
      'node_modules/mocha/bin/mocha.js',
      '--require',
      'tsx/cjs',
      '--reporter',
      'test/support/statsReporter.js',
      '--timeout',
      String(def.timeout),
      '--exit',
      def.spec,
    ];
  }
  if (!built && layer !== 'unit') {
    // The failed build step already fails the run; the layer's tests did not run.
    skipLayer(layer, 'not run: the build failed');
    continue;
  }
  console.log(`\n=== ${layer}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, DBPULSE_STATS_FILE: statsFile } });
  let stats = { passed: 0, failed: 0, skipped: 0 };
  try {
    stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  } catch {
    // No stats: the layer crashed before reporting, or found no test files (mocha exits non-zero on a
    // glob that matches nothing, which is right: a layer that lost its tests must not pass). Either
    // way a failure; a layer that ran and wrote no stats with exit 0 is one too.
    stats.failed = 1;
    failures.push({ layer, title: 'the layer', message: `wrote no results (exit ${r.status ?? r.signal})` });
  }
  if (r.status !== 0 && stats.failed === 0) stats.failed = 1;
  for (const k of Object.keys(totals)) totals[k] += stats[k] ?? 0;
  for (const f of stats.failures ?? []) failures.push({ layer, ...f });
  rows.push([layer, `${stats.passed} passed, ${stats.failed} failed, ${stats.skipped} skipped`]);
}

fs.rmSync(statsDir, { recursive: true, force: true });
// Failures are repeated here, last, so that a log cut to its tail (as CI's is) still says what failed.
if (failures.length) {
  console.log('\n=== failures');
  for (const f of failures) console.log(`  [${f.layer}] ${f.title}\n${f.message.replace(/^/gm, '      ')}`);
}
const stepsFailed = steps.filter(([, ok]) => !ok).map(([name]) => name);
const written = listFiles(RESULTS_DIR);
console.log('\n=== summary');
for (const [name, ok] of steps) console.log(`  step  ${name.padEnd(20)} ${ok ? 'ok' : 'FAILED'}`);
for (const [name, text] of rows) console.log(`  layer ${name.padEnd(20)} ${text}`);
console.log(written.length ? `  ${RESULTS_DIR}/ (written by this run):` : `  ${RESULTS_DIR}/: nothing written`);
for (const f of written) console.log(`    ${f}`);
if (stepsFailed.length) console.log(`  the run FAILED: step${stepsFailed.length > 1 ? 's' : ''} ${stepsFailed.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed || stepsFailed.length ? 1 : 0);

function listFiles(dir) {
  try {
    return fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(dir, path.join(d.parentPath ?? d.path, d.name)))
      .sort();
  } catch {
    return [];
  }
}
