/**
 * One process of the two-process feedback test: opens the diagnoser on the shared folder's
 * statistics and records `count` thumbs (each saved as it is given, as the editor does), half on
 * a pattern both processes vote on and half on its own, then flushes and exits.
 * Usage: node --import tsx feedbackWorker.ts DIR LABEL COUNT
 */
import { Diagnoser, JsonFileStatsStore } from '../../../src/server/diagnosis';

async function main(): Promise<void> {
  const [dir, label, count] = process.argv.slice(2);
  if (!dir || !label || !count) throw new Error('usage: feedbackWorker DIR LABEL COUNT');
  const d = await Diagnoser.open({ store: new JsonFileStatsStore(dir, { lockWaitMs: 60_000 }) });
  const saves: Array<Promise<void>> = [];
  for (let i = 0; i < Number(count); i++) {
    d.recordFeedback({ type: 'error_analysis', targetId: i % 2 === 0 ? 'shared.pattern' : `${label}.pattern`, helpful: true });
    if (i % 5 === 0) saves.push(d.flush());
    // Let the other process interleave.
    if (i % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  await Promise.all(saves);
  await d.flush();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
