/**
 * The event log (I/O): transitions, feedback and audit entries, one append-only file per
 * UTC month under events/. Opens and repairs the files, appends to the current month, and
 * reads one record kind over a time range (asynchronously: a month is read off the event loop).
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { breakerFromCode } from './codes';
import { loadFile } from './fileRecovery';
import type { FrameHead } from './frame';
import { RecordKind, scanFrames } from './frame';
import { errorMessage } from '../../shared/errors';
import { fsyncDir } from './fsUtil';
import type { GroupCommitter } from './groupCommit';
import { AppendFile } from './groupCommit';
import { DAY_MS } from './hourly';
import { EVENTS_DIR, monthName, monthStart, parseMonthName } from './layout';
import { decodePayload } from './recordCodec';
import { openForAppend } from './segments';
import type { StoreContext } from './storeContext';
import type { StoredRecord, TimeRange } from './types';

export interface EventFile {
  month: number;
  path: string;
  size: number;
}

export class EventLog {
  files: EventFile[] = [];
  active: { ev: EventFile; file: AppendFile } | null = null;

  constructor(private readonly ctx: StoreContext) {}

  private get dir(): string {
    return this.ctx.sub(EVENTS_DIR);
  }

  /** Opens every month (repairing as the writer) and adds the latest breaker state to `ctx.latest`. */
  load(): void {
    const ctx = this.ctx;
    this.files = [];
    const breakerLatest = new Map<string, { at: number; code: number }>();
    for (const name of ctx.listDir(this.dir)) {
      const month = parseMonthName(name);
      if (month === null) continue;
      const file = path.join(this.dir, name);
      try {
        const loaded = loadFile(file, ctx.repairOpts());
        this.files.push({ month, path: file, size: loaded.goodEnd });
        for (const f of loaded.frames) {
          if (f.kind !== RecordKind.Transition) continue;
          const prev = breakerLatest.get(f.connectionId);
          if (breakerFromCode(f.state) && (!prev || f.ts >= prev.at)) breakerLatest.set(f.connectionId, { at: f.ts, code: f.state });
        }
      } catch (err) {
        ctx.report({ kind: 'error', file, message: errorMessage(err) });
      }
    }
    for (const [id, b] of breakerLatest) {
      const s = ctx.latest.get(id) ?? { connectionId: id };
      ctx.latest.set(id, { ...s, breaker: breakerFromCode(b.code), breakerAt: b.at });
    }
    if (ctx.writer) {
      const last = this.files[this.files.length - 1];
      if (last && last.month >= monthStart(ctx.now())) this.active = { ev: last, file: AppendFile.open(last.path, last.size) };
    }
  }

  /** Appends one event frame to the current month's file; resolves once it is durable. */
  async append(rec: StoredRecord, frame: Buffer, committer: GroupCommitter): Promise<void> {
    const ctx = this.ctx;
    const month = monthStart(ctx.now());
    if (!this.active || month > this.active.ev.month) {
      this.active?.file.close();
      const ev: EventFile = { month, path: path.join(this.dir, monthName(month)), size: 0 };
      this.active = { ev, file: openForAppend(ev.path) };
      fsyncDir(this.dir);
      this.files.push(ev);
    }
    const target = this.active;
    await committer.enqueue(target.file, frame);
    target.ev.size = target.file.size;
    if (rec.type === 'transition' && rec.value.kind === 'breaker') {
      const t = rec.value;
      const s = ctx.latest.get(t.connectionId) ?? { connectionId: t.connectionId };
      if (s.breakerAt === undefined || t.at >= s.breakerAt) ctx.latest.set(t.connectionId, { ...s, breaker: t.to, breakerAt: t.at });
    }
  }

  /** Drops a month whose file maintenance has deleted. */
  remove(ev: EventFile): void {
    this.files = this.files.filter((e) => e !== ev);
  }

  /** The records of one kind in [from, to), optionally of one connection, in time order. */
  async read<T>(kind: number, q: TimeRange & { connectionId?: string }, decode: (v: unknown) => T): Promise<T[]> {
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    const out: Array<{ ts: number; v: T }> = [];
    for (const ev of [...this.files]) {
      if (ev.month >= to || (Number.isFinite(from) && ev.month + 32 * DAY_MS <= from)) continue;
      let buf: Buffer;
      try {
        buf = await fsp.readFile(ev.path);
      } catch {
        continue;
      }
      const end = this.ctx.writer ? ev.size : buf.length;
      const frames: FrameHead[] = [];
      scanFrames(buf.subarray(0, end), (f) => frames.push(f));
      for (const f of frames) {
        if (f.kind !== kind || f.ts < from || f.ts >= to) continue;
        if (q.connectionId !== undefined && f.connectionId !== q.connectionId) continue;
        let value: unknown;
        try {
          value = decodePayload(buf, f);
        } catch (err) {
          this.ctx.report({
            kind: 'record_skipped',
            file: ev.path,
            offset: f.offset,
            reason: `payload cannot be decoded: ${errorMessage(err)}`,
          });
          continue;
        }
        out.push({ ts: f.ts, v: decode(value) });
      }
    }
    return out.sort((a, b) => a.ts - b.ts).map((x) => x.v);
  }

  close(): void {
    this.active?.file.close();
    this.active = null;
    this.files = [];
  }
}
