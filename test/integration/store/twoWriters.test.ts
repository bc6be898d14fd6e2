/**
 * Two processes (two editor windows) on one storage directory: exactly one writes; the
 * other is read-only until the writer goes away (closes, or is killed), then takes over.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../../../src/server/store';
import { startWriter } from './processes';

async function stored(dir: string): Promise<{ byConn: Map<string, number[]>; reports: string[] }> {
  const store = await HistoryStore.open({ dir, role: 'reader' });
  const byConn = new Map<string, number[]>();
  for await (const r of store.results()) {
    const list = byConn.get(r.connectionId) ?? [];
    list.push(Number(r.metrics.seq));
    byConn.set(r.connectionId, list);
  }
  const reports = store.reports.map((r) => r.kind);
  await store.close();
  return { byConn, reports };
}

describe('store: two writer processes on one directory', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-two-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('started together: one writes, the other waits read-only, then takes over when the first closes', async () => {
    // Both open before either writes (a barrier file), so one must find the other's lock.
    const barrier = path.join(dir, 'test-barrier');
    const a = startWriter(dir, 'a', 0, 400, 8, true, barrier);
    const b = startWriter(dir, 'b', 0, 400, 8, true, barrier);
    const [ra, rb] = await Promise.all([a.waitFor(/^role /), b.waitFor(/^role /)]);
    fs.writeFileSync(barrier, '');
    assert.deepEqual([ra, rb].sort(), ['role reader', 'role writer'], 'exactly one writer');
    assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0], a.stderr() + b.stderr());
    assert.ok(a.lines.includes('done') && b.lines.includes('done'));
    const { byConn, reports } = await stored(dir);
    assert.deepEqual(reports, []);
    for (const w of ['a', 'b']) {
      const seqs = byConn.get(w) ?? [];
      assert.equal(seqs.length, 400, `records of ${w}`);
      assert.equal(new Set(seqs).size, 400);
    }
  });

  it('a read-only process refuses appends while the other writes', async () => {
    const holder = await HistoryStore.open({ dir });
    try {
      const b = startWriter(dir, 'b', 0, 10, 1);
      assert.equal(await b.waitFor(/^role /), 'role reader');
      await b.waitFor(/^readonly$/);
      assert.equal(await b.exited, 0);
      assert.equal(b.acked.size, 0);
    } finally {
      await holder.close();
    }
  });

  it('the waiting process takes over from a writer killed with kill -9, and nothing acknowledged is lost', async () => {
    const a = startWriter(dir, 'a', 0, 1e9, 8);
    assert.equal(await a.waitFor(/^role /), 'role writer');
    const b = startWriter(dir, 'b', 0, 200, 8, true);
    assert.equal(await b.waitFor(/^role /), 'role reader');
    await a.waitFor(/^ack 50$/);
    a.child.kill('SIGKILL');
    await a.exited;
    assert.equal(await b.exited, 0, b.stderr());
    assert.ok(b.lines.includes('role writer'));
    const { byConn } = await stored(dir);
    const storedA = new Set(byConn.get('a'));
    assert.deepEqual(
      [...a.acked].filter((s) => !storedA.has(s)),
      [],
    );
    assert.equal(byConn.get('b')?.length, 200);
  });
});
