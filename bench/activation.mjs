#!/usr/bin/env node
// Activation in the real editor: runs the real-editor harness (test/e2e/run.mjs) once per editor and
// prints what the in-editor suite measured, side by side with the targets. Figures, not assertions.
//
//   node bench/activation.mjs [editor ...]     (editors: 4.100.3, 4.139; default both)
//
//   activatedIn        the extension's own figure: activate() start → language client started (ms)
//   load→diagnostics   page navigation start → the .env password diagnostic is visible to the API (ms);
//                      includes loading the workbench, starting the extension host, activation,
//                      opening the .env and the server's first lint
//   workbench          page navigation start → the workbench DOM exists (ms)
import { runE2E } from '../test/e2e/run.mjs';
import { EDITORS } from '../scripts/editors.mjs';

const ACTIVATION_TARGET_MS = 50;

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const results = await runE2E({ editors: wanted.length ? wanted : EDITORS.map((e) => e.label), quiet: true, log: () => undefined });

const fmt = (v) => (typeof v === 'number' ? v.toFixed(1).padStart(9) : '        -');
console.log("activation in the real editor (one run each; the e2e layer's assertions still apply)");
console.log(
  `${'editor'.padEnd(54)} ${'activatedIn'.padStart(11)} ${'vs target'.padStart(10)} ${'load→diag'.padStart(10)} ${'workbench'.padStart(10)}  tests`,
);
let failed = 0;
for (const r of results) {
  const m = r.metrics;
  const ratio = typeof m.activatedInMs === 'number' ? `${(m.activatedInMs / ACTIVATION_TARGET_MS).toFixed(2)}x`.padStart(10) : '         -';
  console.log(
    `${r.name.padEnd(54)} ${fmt(m.activatedInMs)} ms ${ratio} ${fmt(m.pageLoadToDiagnosticsMs)} ms ${fmt(m.workbenchShownMs)} ms  ${r.passed} passed, ${r.failed} failed`,
  );
  if (r.failed) failed++;
  if (r.error) console.log(`  (${r.error.split('\n')[0]})`);
}
console.log(`target: activation < ${ACTIVATION_TARGET_MS} ms (ratio = measured / target; < 1.00x meets it)`);
process.exit(failed ? 1 : 0);
