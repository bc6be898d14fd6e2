/**
 * Issue 11 regressions for the CLI: `dbpulse history` reports damaged and undecodable
 * stored history on stderr with its own exit status (3), and prints everything else.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { command as history } from '../../src/cli/commands/history';
import { HistoryStore } from '../../src/server/store';
import { encodeFrame, FLAG_DEFLATE_V1, RecordKind } from '../../src/server/store/frame';
import { fakeIo } from '../support/cliIo';
import { FakeClock, HOUR, probe, T0, tempDir } from '../unit/store/helpers';

async function storeWith(n: number): Promise<{ dir: string; seg: string }> {
  const dir = tempDir('dbpulse-reliab-');
  const w = await HistoryStore.open({ dir, clock: new FakeClock(T0 + 12 * HOUR) });
  for (let i = 0; i < n; i++) await w.appendProbe(probe('c', T0 + 12 * HOUR + i * 1000));
  await w.close();
  const seg = path.join(
    dir,
    'raw',
    fs.readdirSync(path.join(dir, 'raw')).find((x) => x.endsWith('.seg'))!,
  );
  return { dir, seg };
}

/** A frame whose CRC checks out but whose payload is not deflate data. */
function undecodableFrame(): Buffer {
  return encodeFrame({
    kind: RecordKind.Probe,
    flags: FLAG_DEFLATE_V1,
    ts: T0 + 12 * HOUR + 500,
    latencyMs: 1,
    state: 1,
    category: 0,
    connectionId: 'c',
    payload: Buffer.from('not deflate at all, but the CRC covers it'),
  });
}

describe('dbpulse history: damaged history is reported, the rest printed (issue 11 items 7, 8)', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('skips one record whose CRC is valid but whose payload cannot be decoded, prints the rest, exits 3', async () => {
    const { dir, seg } = await storeWith(10);
    dirs.push(dir);
    fs.appendFileSync(seg, undecodableFrame());
    fs.rmSync(seg.replace(/\.seg$/, '.idx'), { force: true });
    for (const args of [[], ['--connection', 'c']]) {
      const io = fakeIo();
      const code = await history.run(['--storage', dir, '--json', ...args], io);
      assert.equal(code, 3, io.err);
      assert.equal(io.out.trim().split('\n').length, 10);
      assert.match(io.err, /one record in .*\.seg at byte \d+ was skipped: payload cannot be decoded/);
    }
  });

  it('the writer quarantines that record on its next open; history then reads all the rest and exits 0', async () => {
    const { dir, seg } = await storeWith(10);
    dirs.push(dir);
    fs.appendFileSync(seg, undecodableFrame());
    fs.rmSync(seg.replace(/\.seg$/, '.idx'), { force: true });
    const damaged = fs.readFileSync(seg);
    const w = await HistoryStore.open({ dir, clock: new FakeClock(T0 + 12 * HOUR + 60_000) });
    const q = w.reports.find((r) => r.kind === 'quarantined');
    await w.close();
    assert.ok(q && q.kind === 'quarantined', JSON.stringify(w.reports));
    assert.equal(q.lostRecords, 1);
    assert.equal(q.salvagedRecords, 10);
    assert.deepEqual(fs.readFileSync(q.movedTo), damaged, 'the copy is the file as it was');
    const io = fakeIo();
    assert.equal(await history.run(['--storage', dir, '--json'], io), 0, io.err);
    assert.equal(io.out.trim().split('\n').length, 10);
    assert.equal(io.err, '');
  });

  it('says on stderr how many records of a damaged file were skipped, and exits 3', async () => {
    const { dir, seg } = await storeWith(20);
    dirs.push(dir);
    const buf = fs.readFileSync(seg);
    for (let i = 100; i < 400; i++) buf[i] ^= 0xff;
    fs.writeFileSync(seg, buf);
    fs.rmSync(seg.replace(/\.seg$/, '.idx'), { force: true });
    const io = fakeIo();
    const code = await history.run(['--storage', dir, '--json'], io);
    assert.equal(code, 3);
    const lost = /: (\d+) record\(s\)/.exec(io.err);
    const printed = io.out.trim().split('\n').length;
    assert.ok(printed > 0 && printed < 20);
    assert.match(io.err, new RegExp(`damaged file .*: \\d+ record\\(s\\) in \\d+ damaged byte\\(s\\) skipped, ${printed} read`));
    assert.equal(Number(lost?.[1]), 20 - printed, 'the estimate of lost records matches here (equal-sized records)');
    assert.deepEqual(fs.readFileSync(seg), buf, 'a reader never changes a file');
  });

  it('an undamaged store still exits 0 with nothing on stderr', async () => {
    const { dir } = await storeWith(5);
    dirs.push(dir);
    const io = fakeIo();
    assert.equal(await history.run(['--storage', dir], io), 0);
    assert.equal(io.err, '');
  });
});
