// npm test: build, typecheck, then every test layer; ends with "N passed, N failed".
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

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
const failures = [];
const statsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-stats-'));

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  totals[ok ? 'passed' : 'failed']++;
  rows.push([name, ok ? '1 passed' : '1 failed']);
  return ok;
}

const built = step('build', process.execPath, ['esbuild.mjs']);
step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
step('typecheck webviews', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'media/src']);

for (const layer of layers) {
  const def = LAYERS[layer];
  const statsFile = path.join(statsDir, `${layer}.json`);
  let args;
  if (def.runner) {
    if (process.env.DBPULSE_SKIP_E2E === '1' || !fs.existsSync(def.runner)) {
      console.log(`\n=== ${layer}: skipped (${fs.existsSync(def.runner) ? 'DBPULSE_SKIP_E2E=1' : `${def.runner} not present`})`);
      rows.push([layer, 'skipped']);
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
    console.log(`\n=== ${layer}: not run, the build failed`);
    totals.failed++;
    rows.push([layer, 'not run (build failed)']);
    continue;
  }
  console.log(`\n=== ${layer}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, DBPULSE_STATS_FILE: statsFile } });
  let stats = { passed: 0, failed: 0, skipped: 0 };
  try {
    stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  } catch {
    // No stats: the layer found no tests (fine) or crashed before reporting (a failure).
    if (r.status !== 0) stats.failed = 1;
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
console.log('\n=== summary');
for (const [name, text] of rows) console.log(`  ${name.padEnd(12)} ${text}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
