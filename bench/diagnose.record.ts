/**
 * Records a held-out batch's before-tuning score (`npx tsx bench/diagnose.record.ts batch-5`):
 * scores the batch with the diagnoser as it is now and writes the figures (per provider, with
 * the number of `unknown` answers) into test/fixtures/errors/held-out/scores.json. Run it once,
 * when the batch is collected and before any knowledge-base change made with the batch in view;
 * it refuses to overwrite a recorded batch, so a figure measured after tuning cannot replace it.
 * `--tuned-on "<what changed>"` marks a recorded batch as tuned on (its before figure stays).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { loadHeldOutBatches, loadRecordedScores, SCORES_FILE, type RecordedTally } from '../test/fixtures/errors/held-out/load';
import { describeMiss, pct, scoreRealWorld, unknownPct, type Tally } from '../test/unit/diagnosis/realWorld.score';

const args = process.argv.slice(2);
const name = args[0];
const tunedIdx = args.indexOf('--tuned-on');
const batch = loadHeldOutBatches().find((b) => b.name === name);
if (!name || !batch) {
  console.error(
    `usage: tsx bench/diagnose.record.ts <batch> [--tuned-on "<note>"]; batches: ${loadHeldOutBatches()
      .map((b) => b.name)
      .join(' ')}`,
  );
  process.exit(2);
}
const scores = loadRecordedScores();
const write = () => fs.writeFileSync(SCORES_FILE, `${JSON.stringify(scores, null, 2)}\n`);

if (tunedIdx >= 0) {
  const note = args[tunedIdx + 1];
  if (!scores[name] || !note) {
    console.error(`${name}: record its before-tuning score first, and give a note`);
    process.exit(2);
  }
  scores[name].tunedOn = note;
  write();
  console.log(`${name}: marked as tuned on (${note})`);
  process.exit(0);
}
if (scores[name]) {
  console.error(`${name} already has a before-tuning score (${scores[name].before.measuredAt}); it is not re-recorded`);
  process.exit(1);
}

const s = scoreRealWorld(undefined, batch.cases);
const rec = (t: Tally): RecordedTally => ({ hits: t.hits, total: t.total, unknown: t.unknown });
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // not a git checkout: the date alone identifies the measurement
}
scores[name] = {
  before: {
    measuredAt: new Date().toISOString(),
    commit,
    note: 'scored with the diagnoser at this commit, before any change made with this batch in view',
    all: rec(s.all),
    byProvider: Object.fromEntries(Object.entries(s.byProvider).map(([p, t]) => [p, rec(t)])),
  },
};
write();
console.log(
  `${name}: ${s.all.hits}/${s.all.total} (${pct(s.all).toFixed(1)}%), unknown ${s.all.unknown} (${unknownPct(s.all).toFixed(1)}%)`,
);
for (const [p, t] of Object.entries(s.byProvider))
  console.log(`  ${p.padEnd(9)} ${t.hits}/${t.total} (${pct(t).toFixed(1)}%), unknown ${t.unknown} (${unknownPct(t).toFixed(1)}%)`);
for (const m of s.misses) console.log(`  miss ${describeMiss(m)}`);
