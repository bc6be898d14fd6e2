// npm run bench [-- name ...]: every benchmark, one after another, printing figures
// (never pass/fail). Names: foundation activation lint probe engine store hostile diagnose predict nab alerts advise fleet startup.
// Each compares side by side in one run (ratios against a baseline), because machines are noisy.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const BENCHES = {
  foundation: ['tsx', 'bench/foundation.bench.ts'], // bundle sizes, vsix size, server start → first diagnostics
  activation: ['node', 'bench/activation.mjs'], // activation time in the real editors (code-server)
  lint: ['tsx-gc', 'bench/lint.bench.ts'], // 1 MB .env, compose, 2,000-file workspace, one-line edit; secretlint side by side
  probe: ['tsx', 'bench/probe.bench.ts'], // probe vs bare driver; 200 connections at once
  engine: ['tsx', 'bench/engine.bench.ts'], // 1,000 connections at 5 s; scheduler CPU at 100 connections
  store: ['tsx', 'bench/store.bench.ts'], // writes, bytes per 10k results, reads on 30 d × 100 × 1 min
  hostile: ['tsx', 'bench/hostile.bench.ts'], // redaction, diagnosis and lint time by hostile input shape: linear, never quadratic
  diagnose: ['tsx', 'bench/diagnose.bench.ts'], // accuracy per provider, time per diagnosis
  predict: ['tsx', 'bench/predict.bench.ts'], // predictor time on 30 days, anomaly rows/s, calibration
  nab: ['tsx', 'bench/nab/run.ts'],
  advise: ['tsx', 'bench/advise.bench.ts'], // full advisor run on 10,000 tables / 20,000 indexes vs the same catalog queries bare
  fleet: ['tsx', 'bench/fleet.bench.ts'], // /metrics scrape time and size at 10,000 connections (per-phase vs total-only histograms)
  alerts: ['tsx', 'bench/alerts.bench.ts'], // rule evaluation per probe at 1,000 × 10 rules; detection → arrival per channel // NAB scores (standard, reward_low_FP, reward_low_FN) next to baselines
  startup: ['tsx', 'bench/startup.bench.ts'], // server start (with a storage folder holding history) → first diagnostics, ratio to a bare node start
};

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(BENCHES);
let failed = 0;
for (const name of names) {
  const def = BENCHES[name];
  if (!def) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(BENCHES).join(' ')}`);
    process.exit(2);
  }
  const [kind, file] = def;
  if (!fs.existsSync(file)) {
    console.log(`\n##### ${name}: ${file} missing, skipped`);
    continue;
  }
  console.log(`\n##### ${name} (${file})`);
  const t0 = Date.now();
  const cmd =
    kind === 'tsx'
      ? [process.execPath, ['node_modules/tsx/dist/cli.mjs', file]]
      : kind === 'tsx-gc' // exact heap figures need a collectable heap
        ? [process.execPath, ['--expose-gc', '--import', 'tsx', file]]
        : [process.execPath, [file]];
  const r = spawnSync(cmd[0], cmd[1], { stdio: 'inherit' });
  console.log(`##### ${name}: ${r.status === 0 ? 'done' : `exited ${r.status}`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
