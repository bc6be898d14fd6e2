import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HistoryStore, StoreNotWriterError } from '../../../src/server/store';
import { DAY, FakeClock, HOUR, MIN, probe, T0, tempDir } from './helpers';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function rawFiles(dir: string): string[] {
  return fs.readdirSync(path.join(dir, 'raw')).sort();
}

describe('store/HistoryStore', () => {
  let dir: string;
  let clock: FakeClock;
  const open: HistoryStore[] = [];
  async function openStore(extra: Partial<Parameters<typeof HistoryStore.open>[0]> = {}): Promise<HistoryStore> {
    const s = await HistoryStore.open({ dir, clock, ...extra });
    open.push(s);
    return s;
  }
  beforeEach(() => {
    dir = tempDir();
    clock = new FakeClock(T0 + 12 * HOUR);
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes writer.lock back when it was deleted, and reports a lock another writer took (issue 11, item 4)', async () => {
    const seen: string[] = [];
    const s = await openStore({ onReport: (r) => seen.push(r.kind) });
    await s.appendProbe(probe('c', clock.t));
    fs.rmSync(path.join(dir, 'writer.lock'));
    await s.appendProbe(probe('c', clock.t + 1000));
    assert.deepEqual(seen, ['lock_reacquired']);
    assert.equal(s.currentRole, 'writer');
    fs.rmSync(path.join(dir, 'writer.lock'));
    const other = await HistoryStore.open({ dir, clock, role: 'writer' });
    try {
      await assert.rejects(s.appendProbe(probe('c', clock.t + 2000)), StoreNotWriterError);
      assert.deepEqual(seen, ['lock_reacquired', 'lock_lost']);
      assert.equal(s.currentRole, 'reader');
      await assert.rejects(s.appendProbe(probe('c', clock.t + 3000)), /being written by another process \(pid \d+/);
      await other.appendProbe(probe('c', clock.t + 4000));
    } finally {
      await other.close();
    }
  });

  it('stores results durably and reads them back after reopening', async () => {
    const s = await openStore();
    assert.equal(s.currentRole, 'writer');
    const writes = [];
    for (let i = 0; i < 50; i++) writes.push(s.appendProbe(probe(`c${i % 2}`, clock.t + i * 1000, i % 10 === 0 ? 'down' : 'up', 5 + i)));
    await Promise.all(writes);
    await s.close();
    const r = await openStore();
    const c0 = await r.lastResults('c0', 100);
    assert.equal(c0.length, 25);
    assert.deepEqual(
      c0.map((x) => x.startedAt),
      Array.from({ length: 25 }, (_, k) => clock.t + 2 * k * 1000),
    );
    assert.deepEqual(c0[0], probe('c0', clock.t, 'down', 5));
    assert.equal((await r.lastResults('c1', 3)).length, 3);
    assert.equal((await collect(r.results())).length, 50);
    assert.deepEqual(r.reports, []);
  });

  it('keeps the latest state per connection, including the breaker', async () => {
    const s = await openStore();
    await s.appendProbe(probe('a', clock.t, 'up', 4));
    await s.appendProbe(probe('a', clock.t + MIN, 'down', 9, 'timeout'));
    await s.appendProbe(probe('b', clock.t, 'degraded', 7));
    await s.appendTransition({ kind: 'breaker', connectionId: 'a', at: clock.t + MIN, from: 'CLOSED', to: 'OPEN' });
    const check = (st: HistoryStore): void => {
      const latest = st.latestStates();
      assert.deepEqual(
        latest.map((l) => [l.connectionId, l.state, l.category, l.breaker]),
        [
          ['a', 'down', 'timeout', 'OPEN'],
          ['b', 'degraded', undefined, undefined],
        ],
      );
    };
    check(s);
    await s.close();
    check(await openStore());
  });

  it('answers raw and hourly series, uptime and error counts', async () => {
    const s = await openStore();
    clock.t = T0;
    // 3 hours at one probe a minute: hour 0 all up, hour 1 half down (timeouts), hour 2 degraded.
    for (let m = 0; m < 180; m++) {
      const h = Math.floor(m / 60);
      const state = h === 0 ? 'up' : h === 1 ? (m % 2 ? 'down' : 'up') : 'degraded';
      await s.appendProbe(probe('db', T0 + m * MIN, state, 10 + (m % 60), 'timeout'));
    }
    clock.t = T0 + 3 * HOUR;
    const raw = await s.series('db', T0, T0 + 3 * HOUR, 'auto');
    assert.equal(raw.resolution, 'raw');
    if (raw.resolution !== 'raw') return;
    assert.equal(raw.points.length, 180);
    assert.equal(raw.points[61].state, 'down');
    assert.equal(raw.points[61].category, 'timeout');
    const hourly = await s.series('db', T0, T0 + 3 * HOUR, 'hour');
    assert.equal(hourly.resolution, 'hour');
    if (hourly.resolution !== 'hour') return;
    assert.deepEqual(
      hourly.buckets.map((b) => [b.count, b.up, b.degraded, b.down]),
      [
        [60, 60, 0, 0],
        [60, 30, 0, 30],
        [60, 0, 60, 0],
      ],
    );
    assert.deepEqual(hourly.buckets[1].errors, { timeout: 30 });
    const l0 = hourly.buckets[0].latency!;
    assert.equal(l0.min, 10);
    assert.equal(l0.max, 69);
    assert.ok(Math.abs(l0.mean - 39.5) < 1e-9);
    assert.ok(Math.abs(l0.p50 - 39) <= 0.4);
    assert.ok(Math.abs(l0.p95 - 66) <= 0.7);
    const up = await s.uptime('db');
    assert.equal(up.h24.probes, 180);
    assert.equal(up.h24.down, 30);
    assert.ok(Math.abs(up.h24.percent! - (150 / 180) * 100) < 1e-9);
    assert.deepEqual(await s.errorCounts({ connectionId: 'db' }), { timeout: 30 });
    assert.deepEqual(await s.errorCounts({ from: T0 + 2 * HOUR }), {});
    assert.equal((await s.uptime('nothing')).d30.percent, null);
  });

  it('lists audit, feedback and transitions, redacting secrets in free text', async () => {
    const s = await openStore();
    await s.appendAudit({
      at: clock.t,
      action: 'connection_added',
      connectionId: 'pg',
      details: { url: 'postgres://app:hunter2@db:5432/app', password: 'hunter2', interval: 300000 },
    });
    await s.appendFeedback({
      at: clock.t + 1,
      subject: 'diagnosis',
      verdict: 'wrong',
      connectionId: 'pg',
      category: 'auth_failed',
      correctedCategory: 'ssl_required',
      comment: 'token Bearer abcdefghijklmnop',
    });
    await s.appendTransition({ kind: 'health', connectionId: 'pg', at: clock.t + 2, from: 'up', to: 'down' });
    await s.close();
    const r = await openStore();
    const audit = await r.audit();
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].details, { url: 'postgres://app:[REDACTED]@db:5432/app', password: '[REDACTED]', interval: 300000 });
    const fb = await r.feedback({ connectionId: 'pg' });
    assert.equal(fb[0].comment, 'token Bearer [REDACTED]');
    assert.equal((await r.transitions({ from: clock.t + 2 })).length, 1);
    assert.equal((await r.transitions({ connectionId: 'other' })).length, 0);
    for (const f of fs.readdirSync(path.join(dir, 'events'))) assert.ok(!fs.readFileSync(path.join(dir, 'events', f)).includes('hunter2'));
  });

  it('rejects bad records with a message naming the problem', async () => {
    const s = await openStore();
    await assert.rejects(s.appendProbe({ ...probe('x', clock.t), state: 'sideways' as 'up' }), /state must be up, degraded or down/);
    await assert.rejects(s.appendProbe({ ...probe('x', NaN) }), /startedAt must be epoch milliseconds/);
    await assert.rejects(s.appendProbe(probe('', clock.t)), /connectionId must be a non-empty string/);
    await assert.rejects(
      s.appendTransition({ kind: 'breaker', connectionId: 'x', at: clock.t, from: null, to: 'up' as 'OPEN' }),
      /not a breaker state/,
    );
    await assert.rejects(HistoryStore.open({ dir, rawRetentionDays: 0 }), /positive number of days/);
    assert.deepEqual(await s.lastResults('x'), []);
  });

  it('truncates a torn tail on open and keeps every complete record', async () => {
    const s = await openStore();
    for (let i = 0; i < 10; i++) await s.appendProbe(probe('c', clock.t + i));
    await s.close();
    const seg = path.join(dir, 'raw', rawFiles(dir)[0]);
    const size = fs.statSync(seg).size;
    fs.truncateSync(seg, size - 7);
    fs.appendFileSync(seg, Buffer.alloc(100));
    const r = await openStore();
    assert.equal((await r.lastResults('c')).length, 9);
    assert.equal(r.reports.length, 1);
    assert.equal(r.reports[0].kind, 'torn_tail');
    await r.appendProbe(probe('c', clock.t + 100));
    await r.close();
    const again = await openStore();
    assert.deepEqual(
      (await again.lastResults('c')).map((x) => x.startedAt - clock.t),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 100],
    );
    assert.deepEqual(again.reports, []);
  });

  it('quarantines a corrupt segment, reports it, and keeps loading the good records', async () => {
    const s = await openStore();
    for (let i = 0; i < 20; i++) await s.appendProbe(probe('c', clock.t + i));
    await s.close();
    const seg = path.join(dir, 'raw', rawFiles(dir)[0]);
    const buf = fs.readFileSync(seg);
    buf[Math.floor(buf.length / 2)] ^= 0xff;
    fs.writeFileSync(seg, buf);
    const r = await openStore();
    const q = r.reports.find((x) => x.kind === 'quarantined');
    assert.ok(q && q.kind === 'quarantined', JSON.stringify(r.reports));
    assert.ok(fs.existsSync(q.movedTo));
    assert.equal(q.salvagedRecords, 19);
    assert.equal((await r.lastResults('c')).length, 19);
    await r.appendProbe(probe('c', clock.t + 50));
    assert.equal((await r.lastResults('c')).length, 20);
  });

  it('rebuilds a damaged or missing index of a sealed day, and quarantines a corrupt sealed day', async () => {
    const s = await openStore();
    for (let d = 0; d < 3; d++) {
      clock.t = T0 + d * DAY + HOUR;
      for (let i = 0; i < 30; i++) await s.appendProbe(probe(`c${i % 3}`, clock.t + i * MIN));
    }
    await s.close();
    const files = rawFiles(dir);
    assert.deepEqual(files, ['2025-01-01.000.idx', '2025-01-01.000.seg', '2025-01-02.000.idx', '2025-01-02.000.seg', '2025-01-03.000.seg']);
    const idx0 = path.join(dir, 'raw', files[0]);
    const b = fs.readFileSync(idx0);
    b[b.length - 3] ^= 0x55; // an entry: only that connection's group fails its CRC
    fs.writeFileSync(idx0, b);
    fs.rmSync(path.join(dir, 'raw', files[2]));
    const seg1 = path.join(dir, 'raw', files[3]);
    const sb = fs.readFileSync(seg1);
    sb[40] ^= 0xff;
    fs.writeFileSync(seg1, sb);
    const r = await openStore();
    const ser = await r.series('c2', T0, T0 + 3 * DAY, 'raw');
    assert.equal(ser.resolution === 'raw' && ser.points.length, 30);
    const kinds = r.reports.map((x) => x.kind).sort();
    assert.deepEqual(kinds, ['index_rebuilt', 'index_rebuilt', 'quarantined']);
    assert.equal((await r.lastResults('c0', 1000)).length, 29);
    assert.ok(fs.existsSync(path.join(dir, 'raw', files[2])));
  });

  it('rotates daily, rolls up expired days hourly, and drops roll-ups after their retention (simulated 4 months)', async function () {
    this.timeout(60000);
    const retention = { rawRetentionDays: 14, rollupRetentionDays: 90 };
    const s = await openStore(retention);
    const days = 130;
    // Every 20 minutes, two connections; `b` is down once a day (03:00) with a DNS failure.
    for (let d = 0; d < days; d++) {
      clock.t = T0 + d * DAY + 12 * HOUR;
      const writes: Array<Promise<void>> = [];
      for (let m = 0; m < 1440; m += 20) {
        const t = T0 + d * DAY + m * MIN;
        writes.push(s.appendProbe(probe('a', t, 'up', 10)), s.appendProbe(probe('b', t, m === 180 ? 'down' : 'up', 20, 'dns_failure')));
      }
      await Promise.all(writes);
    }
    // Just before midnight after the last day: the 30-day window (now - 30 d, now] holds 30 whole days.
    const now = T0 + days * DAY - 1;
    clock.t = now;
    const raw = rawFiles(dir).filter((f) => f.endsWith('.seg'));
    assert.ok(raw.length >= 14 && raw.length <= 16, `raw days kept: ${raw.length}`);
    const rollupMonths = fs.readdirSync(path.join(dir, 'rollup', 'b'));
    assert.deepEqual(rollupMonths, ['2025-02.seg', '2025-03.seg', '2025-04.seg'], 'January is past roll-up retention; May is still raw');
    // 30 days = 14 raw days + 16 days of roll-ups: same counts either way, nothing counted twice.
    const up = await s.uptime('b');
    assert.equal(up.d30.probes, 30 * 72);
    assert.equal(up.d30.down, 30);
    assert.equal(up.d7.down, 7);
    assert.ok(Math.abs(up.d30.percent! - (100 * (30 * 72 - 30)) / (30 * 72)) < 1e-9);
    // 90 days of hourly buckets, roll-ups and raw merged.
    const series = await s.series('b', T0 + 40 * DAY, T0 + 130 * DAY, 'auto');
    assert.equal(series.resolution, 'hour');
    if (series.resolution !== 'hour') return;
    assert.equal(series.buckets.length, 90 * 24);
    assert.equal(
      series.buckets.reduce((n, b) => n + b.count, 0),
      90 * 72,
    );
    assert.equal(
      series.buckets.reduce((n, b) => n + b.down, 0),
      90,
    );
    assert.ok(series.buckets.every((b) => b.latency !== null && b.latency.min === 20 && b.latency.p95 === 20));
    assert.deepEqual(await s.errorCounts({ connectionId: 'b', from: T0 + 40 * DAY, to: T0 + 130 * DAY }), { dns_failure: 90 });
    // Older than roll-up retention: gone.
    const old = await s.series('b', T0, T0 + 20 * DAY, 'hour');
    assert.equal(old.resolution === 'hour' && old.buckets.length, 0);
    await s.close();
    const r = await openStore(retention);
    assert.equal((await r.uptime('b')).d30.down, 30);
    assert.deepEqual(r.reports, []);
  });

  it('lets one process write: a second store on the same directory is read-only and can refresh', async () => {
    const w = await openStore();
    const rd = await openStore();
    assert.equal(rd.currentRole, 'reader');
    await assert.rejects(rd.appendProbe(probe('c', clock.t)), StoreNotWriterError);
    await assert.rejects(HistoryStore.open({ dir, clock, role: 'writer' }), /being written by another process/);
    await w.appendProbe(probe('c', clock.t));
    await rd.refresh();
    assert.equal((await rd.lastResults('c')).length, 1);
    assert.equal(await rd.tryPromote(), false);
    await w.close();
    assert.equal(await rd.tryPromote(), true);
    await rd.appendProbe(probe('c', clock.t + 1));
    assert.equal((await rd.lastResults('c')).length, 2);
  });

  it('maps stored category codes by the list saved at creation, not by the current order', async () => {
    const s = await openStore();
    await s.appendProbe(probe('c', clock.t, 'down', 5, 'auth_failed'));
    await s.close();
    const fmt = JSON.parse(fs.readFileSync(path.join(dir, 'format.json'), 'utf8')) as { categories: string[] };
    assert.ok(fmt.categories.includes('auth_failed'));
    // Simulate a store created by a build whose list had a different order.
    const idx = fmt.categories.indexOf('auth_failed');
    fmt.categories.splice(idx, 1);
    fmt.categories.unshift('auth_failed');
    fs.writeFileSync(path.join(dir, 'format.json'), JSON.stringify(fmt));
    const seg = path.join(dir, 'raw', rawFiles(dir)[0]);
    fs.rmSync(seg);
    const w = await openStore();
    await w.appendProbe(probe('c', clock.t, 'down', 5, 'auth_failed'));
    const buf = fs.readFileSync(path.join(dir, 'raw', rawFiles(dir)[0]));
    assert.equal(buf[12 + 13], 1, 'auth_failed is code 1 in this store');
    assert.deepEqual(await w.errorCounts(), { auth_failed: 1 });
  });
});
