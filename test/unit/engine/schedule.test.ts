import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { DueQueue } from '../../../src/server/engine/dueQueue';
import { redact } from '../../../src/server/secrets';
import { firstRunAt, nextRunAt, parseSchedule, ScheduleError } from '../../../src/server/engine/schedule';

describe('engine/schedule', () => {
  it('parses milliseconds, numeric strings and cron expressions, and explains bad ones', () => {
    assert.deepEqual(parseSchedule(60_000, 1000), { kind: 'interval', everyMs: 60_000 });
    assert.deepEqual(parseSchedule(' 5000 ', 1000), { kind: 'interval', everyMs: 5000 });
    assert.equal(parseSchedule('*/5 * * * *', 1000).kind, 'cron');
    assert.throws(
      () => parseSchedule(500, 1000),
      (e: unknown) => e instanceof ScheduleError && /shorter than the minimum of 1000 ms/.test(e.message),
    );
    assert.throws(() => parseSchedule(1.5e3 + 0.5, 1000), /whole number/);
    assert.throws(() => parseSchedule('every five minutes', 1000), /invalid cron expression "every five minutes"/);
    assert.throws(() => parseSchedule('', 1000), /empty/);
  });

  it('keeps an interval schedule in phase and skips missed ticks instead of replaying them', () => {
    const s = parseSchedule(5000, 1000);
    assert.equal(nextRunAt(s, 10_000, 10_001, 0, Math.random), 15_000);
    // 1 hour late: the next tick is the next slot on the original grid after now, once.
    assert.equal(nextRunAt(s, 10_000, 3_610_002, 0, Math.random), 3_615_000);
  });

  it('jitters the first run over [0, min(interval, max))', () => {
    const s = parseSchedule(10_000, 1000);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 60_000 }), (r, max) => {
        const at = firstRunAt(s, 1_000_000, max, 0, () => r)!;
        assert.ok(at >= 1_000_000 && (at < 1_000_000 + Math.min(10_000, max) || (max === 0 && at === 1_000_000)));
      }),
    );
  });

  it('runs cron expressions through croner, never before the next match', () => {
    const s = parseSchedule('0 * * * *', 1000);
    const t = Date.UTC(2025, 0, 1, 10, 30);
    const next = nextRunAt(s, t, t, 0, () => 0)!;
    assert.equal(new Date(next).getMinutes(), 0);
    assert.ok(next > t && next - t <= 30 * 60_000);
  });
});

describe('engine/dueQueue', () => {
  it('pops in due order and keeps one entry per key under random updates and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('set', 'delete'), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1000 })), {
          maxLength: 300,
        }),
        (ops) => {
          const q = new DueQueue<number>();
          const model = new Map<number, number>();
          for (const [op, key, due] of ops) {
            if (op === 'set') {
              q.set(key, due);
              model.set(key, due);
            } else {
              assert.equal(q.delete(key), model.delete(key));
            }
          }
          assert.equal(q.size, model.size);
          const popped: number[] = [];
          for (let e = q.popDue(Infinity); e; e = q.popDue(Infinity)) {
            assert.equal(model.get(e.key), e.due);
            popped.push(e.due);
          }
          assert.deepEqual(
            popped,
            [...model.values()].sort((a, b) => a - b),
          );
        },
      ),
    );
  });

  it('does not pop what is not due yet', () => {
    const q = new DueQueue<string>();
    q.set('a', 100);
    assert.equal(q.popDue(99), undefined);
    assert.deepEqual(q.popDue(100), { key: 'a', due: 100 });
  });
});

describe('secrets: redaction bound to a connection', () => {
  it('masks URL passwords and the connection’s own secret values', () => {
    const sa = JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\nABC\n-----END PRIVATE KEY-----\n' });
    const text = 'failed: postgres://app:hunter22@db:5432/x; key eyJhbGciOi.payload.sig; pk -----BEGIN PRIVATE KEY-----\\nABC';
    const out = redact(text, { secrets: [{ password: 'hunter22', apiKey: 'eyJhbGciOi.payload.sig', serviceAccountJson: sa }] });
    assert.doesNotMatch(out, /hunter22|payload\.sig|BEGIN PRIVATE KEY-----\\nABC/);
    assert.match(out, /postgres:\/\/app:\[REDACTED\]@db/);
  });
});
