/**
 * kill -9 a real writer process in a loop while it appends, then reopen: every record it
 * acknowledged must be there, and the store must open (torn tails repaired, never fatal).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../../../src/server/store';
import { seededRandom } from '../../support/random';
import { waitUntil } from '../../servers/common';
import { startWriter } from './processes';

async function storedSeqs(dir: string, conn: string): Promise<{ seqs: Set<number>; reports: string[] }> {
  const store = await HistoryStore.open({ dir, role: 'writer' });
  const seqs = new Set<number>();
  for await (const r of store.results({ connectionId: conn })) seqs.add(Number(r.metrics.seq));
  const reports = store.reports.map((r) => r.kind);
  await store.close();
  return { seqs, reports };
}

describe('store: kill -9 during writes (real processes)', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-crash-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loses no acknowledged record across 8 kills at random moments', async () => {
    let next = 0;
    const seen: string[] = [];
    const random = seededRandom(0xc4a5);
    for (let round = 0; round < 8; round++) {
      const w = startWriter(dir, 'pg', next, 1e9, 16);
      // The moment is a point in the writer's progress, not in time: after a random number of its own
      // acknowledgements (with 16 appends in flight), however fast this machine writes.
      const killAfter = 1 + Math.floor(random() * 40);
      await waitUntil(async () => w.acked.size >= killAfter, 60_000, `${killAfter} acknowledged writes`);
      w.child.kill('SIGKILL');
      await w.exited;
      // Every record the writer acknowledged on its stdout before it died (at least killAfter; more may have followed).
      const acked = [...w.acked];
      assert.ok(acked.length >= killAfter, `${acked.length} acknowledged, waited for ${killAfter}`);
      const { seqs, reports } = await storedSeqs(dir, 'pg');
      seen.push(...reports);
      const lost = acked.filter((s) => !seqs.has(s));
      assert.deepEqual(lost, [], `round ${round}: acknowledged but not stored`);
      assert.ok(!reports.includes('error') && !reports.includes('quarantined'), reports.join(','));
      next = Math.max(...seqs) + 1;
    }
    // Each reopen after a kill takes over the dead writer's lock.
    assert.equal(seen.filter((k) => k === 'stale_lock_taken_over').length, 8);
  });
});
