/**
 * A real writer process for the crash and two-writer tests. Prints one line per event:
 *   role writer|reader     after opening (and `role writer` again after a promotion)
 *   ack <seq>              once the record with metrics.seq = <seq> is durable
 *   readonly               when an append was refused because another process writes
 *   done                   after closing
 * Usage: node --import tsx writerProcess.ts DIR CONNECTION START COUNT CONCURRENCY [--promote]
 */
import * as fs from 'node:fs';
import { HistoryStore, StoreNotWriterError } from '../../../src/server/store';

async function main(): Promise<void> {
  const [dir, conn, startText, countText, concText, flag] = process.argv.slice(2);
  const start = Number(startText);
  const count = Number(countText);
  const concurrency = Number(concText);
  const store = await HistoryStore.open({ dir });
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`role ${store.currentRole}`);
  // Optional start barrier (DBPULSE_TEST_BARRIER=file): wait until the test creates the file,
  // so two processes are surely both open before either writes.
  const barrier = process.env.DBPULSE_TEST_BARRIER;
  if (barrier) while (!fs.existsSync(barrier)) await new Promise((r) => setTimeout(r, 10));
  if (store.currentRole === 'reader' && flag === '--promote') {
    while (!(await store.tryPromote())) await new Promise((r) => setTimeout(r, 25));
    out('role writer');
  }
  let next = start;
  const end = start + count;
  let refused = false;
  async function worker(): Promise<void> {
    while (next < end && !refused) {
      const seq = next++;
      try {
        await store.appendProbe({
          connectionId: conn,
          provider: 'postgres',
          startedAt: Date.now(),
          state: seq % 7 === 0 ? 'down' : 'up',
          timings: { totalMs: 1 + (seq % 50) },
          metrics: { seq, activeConnections: seq % 13 },
          ...(seq % 7 === 0 ? { error: { message: 'connect ECONNREFUSED 127.0.0.1:5432', category: 'conn_refused' as const } } : {}),
        });
        out(`ack ${seq}`);
      } catch (err) {
        if (err instanceof StoreNotWriterError) {
          refused = true;
          out('readonly');
        } else throw err;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  await store.close();
  out('done');
}

main().catch((err: unknown) => {
  process.stderr.write(`writerProcess: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
