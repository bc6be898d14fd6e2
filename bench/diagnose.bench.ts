/**
 * Diagnosis benchmark (`npx tsx bench/diagnose.bench.ts`): prints figures next to their targets.
 *  1. accuracy per provider on the error corpus (test/fixtures/errors), against an ablation that
 *     uses structured codes only (no message patterns, no context), to show what each stage adds;
 *     the same on the regression corpus of real pasted messages (test/unit/diagnosis/realWorld.corpus.ts,
 *     every split tuned on, so a floor and not an estimate), per provider and per split;
 *  1c. the held-out batches (test/fixtures/errors/held-out): the figure recorded for each batch before
 *     it was tuned on (the honest estimate for unseen wording) next to today's, per provider, with the
 *     share of `unknown` answers and which layer answered; and the pooled before-tuning figures of all rounds;
 *  2. time per deterministic diagnosis (target: median < 1 ms), on CLI records and on real
 *     nested Error objects, and through the stateful Diagnoser (statistics applied);
 *  3. heap retained by the knowledge base.
 */
import { PROVIDERS, type Provider } from '../src/shared/categories';
import { CURATED_PATTERNS, Diagnoser, diagnoseError } from '../src/server/diagnosis';
import { diagnoseCore } from '../src/server/diagnosis/diagnose';
import type { Pattern } from '../src/server/diagnosis/kb/types';
import { loadCorpus, type CorpusCase } from '../test/fixtures/errors/load';
import { loadHeldOutBatches, loadRecordedScores, pooledBefore, type RecordedTally } from '../test/fixtures/errors/held-out/load';
import { describeMiss, pct, scoreRealWorld, unknownPct, type Tally } from '../test/unit/diagnosis/realWorld.score';

const corpus = loadCorpus();
const recordOf = (c: CorpusCase) => ({ provider: c.provider, message: c.message, fields: c.fields ?? {} });

// 1. Accuracy
const structuredOnly: Pattern[] = CURATED_PATTERNS.map((p) => ({
  ...p,
  when: undefined,
  match: p.match.filter((a) => a.fields && !a.message),
})).filter((p) => p.match.length > 0);
const rows: string[] = [];
let totalOk = 0;
let totalAblation = 0;
for (const p of PROVIDERS) {
  const cases = corpus.filter((c) => c.provider === p);
  const ok = cases.filter((c) => diagnoseError(p, recordOf(c), c.context).category === c.expect).length;
  const ab = cases.filter((c) => diagnoseCore(p, recordOf(c), undefined, { patterns: structuredOnly }).category === c.expect).length;
  totalOk += ok;
  totalAblation += ab;
  rows.push(
    `  ${p.padEnd(9)} ${String(cases.length).padStart(4)}   ${((100 * ok) / cases.length).toFixed(1).padStart(6)}%   ${((100 * ab) / cases.length).toFixed(1).padStart(6)}%`,
  );
}
console.log("1. Accuracy on the error corpus (category equals the maintainer's conclusion)");
console.log('  provider  cases   full KB    structured codes only');
for (const r of rows) console.log(r);
console.log(
  `  all       ${String(corpus.length).padStart(4)}   ${((100 * totalOk) / corpus.length).toFixed(1).padStart(6)}%   ${((100 * totalAblation) / corpus.length).toFixed(1).padStart(6)}%   (full/ablation = ${(totalOk / Math.max(1, totalAblation)).toFixed(2)}x)`,
);
const misses = corpus.filter((c) => diagnoseError(c.provider, recordOf(c), c.context).category !== c.expect);
for (const m of misses)
  console.log(`  miss ${m.at}: expected ${m.expect}, got ${diagnoseError(m.provider, recordOf(m), m.context).category}`);

// 1b. Regression corpus: real messages from public issues and driver output, labelled before the diagnoser ran on them, since tuned on.
const held = scoreRealWorld();
const heldAblation = scoreRealWorld((c) =>
  diagnoseCore(c.provider, { provider: c.provider, message: c.message, fields: c.fields ?? {} }, undefined, { patterns: structuredOnly }),
);
const row = (label: string, t: Tally, ab: Tally) =>
  `  ${label.padEnd(19)} ${String(t.total).padStart(4)}   ${pct(t).toFixed(1).padStart(6)}%   ${pct(ab).toFixed(1).padStart(6)}%`;
console.log('\n1b. Accuracy on the regression corpus of real messages (every split tuned on: a floor, not an estimate)');
console.log('  provider / split    cases   full KB    structured codes only');
for (const p of PROVIDERS) if (held.byProvider[p]) console.log(row(p, held.byProvider[p], heldAblation.byProvider[p]));
for (const s of Object.keys(held.bySplit)) console.log(row(`split ${s}`, held.bySplit[s], heldAblation.bySplit[s]));
console.log(row('all', held.all, heldAblation.all));
console.log('  (every split has been tuned on; the accuracy each split had before its round is in 1c and docs/diagnosis.md)');
for (const m of held.misses) console.log(`  miss ${describeMiss(m)}`);

// 1c. Held-out batches: the figure recorded before each batch was tuned on, next to today's.
const recorded = loadRecordedScores();
const f = (t: RecordedTally | Tally | undefined) =>
  t ? `${`${t.hits}/${t.total}`.padStart(7)} ${pct(t).toFixed(1).padStart(5)}%` : '      -       ';
const u = (t: RecordedTally | Tally | undefined) =>
  t && t.unknown !== undefined ? `${unknownPct({ unknown: t.unknown, total: t.total }).toFixed(1).padStart(5)}%` : '     -';
console.log('\n1c. Held-out batches: recorded before tuning (the estimate for unseen wording) and today');
console.log('  batch / provider        before tuning   unknown     today         unknown   tuned on');
for (const b of loadHeldOutBatches()) {
  const r = recorded[b.name];
  const now = scoreRealWorld(undefined, b.cases);
  console.log(
    `  ${b.name.padEnd(22)} ${f(r?.before.all)}   ${u(r?.before.all)}   ${f(now.all)}   ${u(now.all)}   ${r?.tunedOn ? 'yes' : 'no'}`,
  );
  for (const p of PROVIDERS)
    if (now.byProvider[p])
      console.log(
        `    ${p.padEnd(20)} ${f(r?.before.byProvider[p])}   ${u(r?.before.byProvider[p])}   ${f(now.byProvider[p])}   ${u(now.byProvider[p])}`,
      );
  const wrongUnknown = now.misses.filter((m) => m.got.category === 'unknown').length;
  console.log(
    `    unknown on a message labelled with a cause (a miss): ${wrongUnknown}/${now.all.total}; unknown the label accepts (a hit): ${now.all.unknown - wrongUnknown}`,
  );
  console.log(
    `    answered by: ${Object.entries(now.byLayer)
      .map(([l, t]) => `${l} ${t.total} (${t.hits} right)`)
      .join(', ')}`,
  );
}
const pooled = pooledBefore(recorded);
console.log(
  `  pooled before tuning, all ${Object.keys(recorded).length} rounds: ${f(pooled.all)}   (${PROVIDERS.map((p) =>
    pooled.byProvider[p] ? `${p} ${pct(pooled.byProvider[p]).toFixed(0)}% of ${pooled.byProvider[p].total}` : '',
  )
    .filter(Boolean)
    .join(', ')})`,
);

// 2. Timing
function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
function time(label: string, inputs: Array<() => unknown>, rounds: number): void {
  for (let i = 0; i < 200; i++) inputs[i % inputs.length]();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const f of inputs) {
      const t0 = process.hrtime.bigint();
      f();
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const med = percentile(samples, 0.5);
  console.log(
    `  ${label.padEnd(44)} median ${med.toFixed(3)} ms   p95 ${percentile(samples, 0.95).toFixed(3)} ms   max ${Math.max(...samples).toFixed(2)} ms   target 1 ms → ${(1 / med).toFixed(1)}x headroom`,
  );
}

function nested(c: CorpusCase): Error {
  const inner = Object.assign(new Error(c.message), c.fields ?? {});
  const outer = new Error('probe failed', { cause: inner });
  return new AggregateError([outer, new Error('second attempt failed', { cause: inner })], 'all attempts failed');
}

console.log('\n2. Time per deterministic diagnosis');
time(
  'CLI records (corpus)',
  corpus.map((c) => () => diagnoseError(c.provider as Provider, recordOf(c), c.context)),
  20,
);
const errors = corpus.map((c) => ({ c, e: nested(c) }));
time(
  'nested Error objects (AggregateError+cause)',
  errors.map(
    ({ c, e }) =>
      () =>
        diagnoseError(c.provider, e, c.context),
  ),
  20,
);
void (async () => {
  const d = await Diagnoser.open({ clock: () => 1_000_000 });
  time(
    'Diagnoser (with statistics)',
    corpus.map((c) => () => d.diagnose(c.provider, recordOf(c), c.context)),
    20,
  );

  // 3. Memory
  const g = globalThis as { gc?: () => void };
  g.gc?.();
  const heap = process.memoryUsage().heapUsed;
  console.log(
    `\n3. Knowledge base: ${CURATED_PATTERNS.length} curated patterns; heap in use after the run ${(heap / 1e6).toFixed(1)} MB${g.gc ? '' : ' (run with --expose-gc for a settled figure)'}`,
  );
})();
