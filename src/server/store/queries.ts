/**
 * Reading the history (I/O): latest results, streams of raw results, series at raw or
 * hourly resolution, uptime and error counts, and the event records. Reads of segment,
 * event and roll-up files are asynchronous, so the language server's event loop never
 * waits on a day's worth of disk reads.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ErrorCategory } from '../../shared/categories';
import type { ProbeResult } from '../../shared/probe';
import { healthFromCode, STATE_DEGRADED, STATE_DOWN, STATE_UP } from './codes';
import type { Entry } from './entries';
import type { EventLog } from './eventLog';
import { loadFile } from './fileRecovery';
import type { FrameHead } from './frame';
import { RecordKind, scanFrames } from './frame';
import { errorMessage } from '../../shared/errors';
import { isMissing } from './fsUtil';
import type { RollupData } from './hourly';
import { accumulateEntries, DAY_MS, HOUR_MS, HourAccumulator, hourStart } from './hourly';
import { connectionDirName, monthName, monthsBetween, ROLLUP_DIR } from './layout';
import type { RawSegment } from './rawSegment';
import { decodeOrReport, decodePayload } from './recordCodec';
import type { RawSegments } from './segments';
import type { StoreContext } from './storeContext';
import type {
  AlertRecord,
  AuditEntry,
  FeedbackRecord,
  PredictionRecord,
  HourBucket,
  RawPoint,
  Series,
  TimeRange,
  TransitionRecord,
  Uptime,
  UptimeFigure,
} from './types';

/** `series(..., 'auto')` returns raw points up to this range, hourly buckets beyond. */
export const AUTO_RAW_MAX_RANGE_MS = 2 * DAY_MS;

interface Counts {
  probes: number;
  up: number;
  degraded: number;
  down: number;
  errors: Partial<Record<ErrorCategory, number>>;
}

export class StoreQueries {
  constructor(
    private readonly ctx: StoreContext,
    private readonly segments: RawSegments,
    private readonly events: EventLog,
  ) {}

  /** The newest `limit` probe results of a connection (oldest first), optionally before a time. */
  async lastResults(connectionId: string, limit: number, before: number): Promise<ProbeResult[]> {
    const picked: Array<{ seg: RawSegment; e: Entry }> = [];
    const list = this.segments.list;
    for (let i = list.length - 1; i >= 0 && picked.length < limit; i--) {
      const seg = list[i];
      if (seg.day - DAY_MS >= before) continue;
      const last = seg.last(connectionId);
      if (!last) continue;
      const entries = this.segments.groupOf(seg, connectionId);
      if (!entries) continue;
      for (let j = entries.lowerBound(before) - 1; j >= 0 && picked.length < limit; j--) picked.push({ seg, e: entries.get(j) });
    }
    picked.sort((a, b) => a.e.ts - b.e.ts);
    const out: ProbeResult[] = [];
    for (const p of picked.slice(-limit)) {
      const r = await this.segments.decodeProbe(p.seg, p.e);
      if (r) out.push(r);
    }
    return out;
  }

  /** Every raw probe result in a range, one connection or all, in time order per day; memory bounded by one day. */
  async *results(q: TimeRange & { connectionId?: string }): AsyncGenerator<ProbeResult> {
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    for (const seg of this.segments.overlapping(from, to)) {
      const batch: ProbeResult[] = [];
      if (q.connectionId !== undefined) {
        const list = this.segments.groupOf(seg, q.connectionId);
        if (!list) continue;
        for (let i = list.lowerBound(from); i < list.count; i++) {
          const e = list.get(i);
          if (e.ts >= to) break;
          const r = await this.segments.decodeProbe(seg, e);
          if (r) batch.push(r);
        }
      } else {
        let buf: Buffer;
        try {
          buf = (await fsp.readFile(seg.path)).subarray(0, seg.size || undefined);
        } catch {
          continue;
        }
        scanFrames(buf, (f) => {
          if (f.kind !== RecordKind.Probe || f.ts < from || f.ts >= to) return;
          const rec = decodeOrReport(this.ctx, seg.path, buf, f);
          if (rec?.type === 'probe') batch.push(rec.value);
        });
        batch.sort((a, b) => a.startedAt - b.startedAt);
      }
      for (const r of batch) yield r;
    }
  }

  async series(connectionId: string, from: number, to: number, resolution: 'auto' | 'raw' | 'hour'): Promise<Series> {
    if (!(from < to)) throw new RangeError(`series: 'from' must be before 'to'`);
    const res = resolution === 'auto' ? (to - from <= AUTO_RAW_MAX_RANGE_MS ? 'raw' : 'hour') : resolution;
    if (res === 'raw') {
      const points: RawPoint[] = [];
      for (const seg of this.segments.overlapping(from, to)) {
        const list = this.segments.groupOf(seg, connectionId);
        if (!list) continue;
        for (let i = list.lowerBound(from); i < list.count; i++) {
          const at = list.ts(i);
          if (at >= to) break;
          const state = healthFromCode(list.state(i));
          if (!state) continue;
          const p: RawPoint = { at, state, latencyMs: list.latency(i) };
          const code = list.category(i);
          if (code !== 0) p.category = this.ctx.codes.name(code);
          points.push(p);
        }
      }
      points.sort((a, b) => a.at - b.at);
      return { connectionId, from, to, resolution: 'raw', points };
    }
    // Hourly series cover whole hours: the range is widened to hour boundaries.
    const hf = hourStart(from);
    const ht = hourStart(to - 1) + HOUR_MS;
    const acc = await this.hourly(connectionId, hf, ht);
    const buckets: HourBucket[] = [...acc].sort((a, b) => a[0] - b[0]).map(([h, a]) => a.toBucket(h));
    return { connectionId, from: hf, to: ht, resolution: 'hour', buckets };
  }

  private async hourly(connectionId: string, from: number, to: number): Promise<Map<number, HourAccumulator>> {
    const acc = new Map<number, HourAccumulator>();
    for (const seg of this.segments.overlapping(from, to)) {
      const list = this.segments.groupOf(seg, connectionId);
      if (list) accumulateEntries(list, from, to, this.ctx.codes, acc);
    }
    for (const r of await this.rollups(connectionId, from, to)) {
      let a = acc.get(r.hour);
      if (!a) acc.set(r.hour, (a = new HourAccumulator()));
      a.addRollup(r);
    }
    return acc;
  }

  /** Roll-ups of a connection with hours in [from, to) whose raw segment is gone (else raw counts). */
  private async rollups(connectionId: string, from: number, to: number): Promise<RollupData[]> {
    const ctx = this.ctx;
    const onDisk = new Set(this.segments.list.map((s) => s.name));
    const seen = new Set<string>();
    const out: RollupData[] = [];
    const cdir = path.join(ctx.sub(ROLLUP_DIR), connectionDirName(connectionId));
    const lo = Number.isFinite(from) ? from : 0;
    const hi = Number.isFinite(to) ? to : ctx.now() + DAY_MS;
    const months = new Set(monthsBetween(lo, hi).map((m) => monthName(m)));
    for (const name of ctx.listDir(cdir)) {
      if (!months.has(name)) continue;
      const file = path.join(cdir, name);
      let buf: Buffer;
      try {
        buf = await fsp.readFile(file);
      } catch (err) {
        if (!isMissing(err)) ctx.report({ kind: 'error', file, message: errorMessage(err) });
        continue;
      }
      const frames: FrameHead[] = [];
      scanFrames(buf, (f) => frames.push(f));
      for (const f of frames) {
        if (f.kind !== RecordKind.Rollup || f.connectionId !== connectionId || f.ts < hourStart(from) || f.ts >= to) continue;
        let d: RollupData & { source?: string };
        try {
          d = decodePayload(buf, f) as RollupData & { source?: string };
        } catch (err) {
          ctx.report({ kind: 'record_skipped', file, offset: f.offset, reason: `payload cannot be decoded: ${errorMessage(err)}` });
          continue;
        }
        const key = `${d.source ?? ''}|${d.hour}`;
        if ((d.source && onDisk.has(d.source)) || seen.has(key)) continue;
        seen.add(key);
        out.push(d);
      }
    }
    return out;
  }

  private async counts(connectionId: string, from: number, to: number): Promise<Counts> {
    const c: Counts = { probes: 0, up: 0, degraded: 0, down: 0, errors: {} };
    for (const seg of this.segments.overlapping(from, to)) {
      const list = this.segments.groupOf(seg, connectionId);
      if (!list) continue;
      for (let i = list.lowerBound(from); i < list.count; i++) {
        if (list.ts(i) >= to) break;
        if (list.kind(i) !== RecordKind.Probe) continue;
        c.probes++;
        const state = list.state(i);
        if (state === STATE_UP) c.up++;
        else if (state === STATE_DEGRADED) c.degraded++;
        else if (state === STATE_DOWN) c.down++;
        const code = list.category(i);
        const cat = code === 0 ? undefined : this.ctx.codes.name(code);
        if (cat) c.errors[cat] = (c.errors[cat] ?? 0) + 1;
      }
    }
    for (const r of await this.rollups(connectionId, from, to)) {
      c.probes += r.count;
      c.up += r.up;
      c.degraded += r.degraded;
      c.down += r.down;
      for (const [k, v] of Object.entries(r.errors) as Array<[ErrorCategory, number]>) c.errors[k] = (c.errors[k] ?? 0) + v;
    }
    return c;
  }

  async uptime(connectionId: string): Promise<Uptime> {
    const now = this.ctx.now();
    const fig = async (days: number): Promise<UptimeFigure> => {
      // (now - days, now]: a probe exactly `days` ago belongs to the previous window.
      const c = await this.counts(connectionId, now - days * DAY_MS + 1, now + 1);
      return {
        percent: c.probes ? (100 * (c.up + c.degraded)) / c.probes : null,
        probes: c.probes,
        up: c.up,
        degraded: c.degraded,
        down: c.down,
      };
    };
    return { connectionId, at: now, h24: await fig(1), d7: await fig(7), d30: await fig(30) };
  }

  async errorCounts(q: TimeRange & { connectionId?: string }): Promise<Partial<Record<ErrorCategory, number>>> {
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    const ids = q.connectionId !== undefined ? [q.connectionId] : this.knownConnections();
    const out: Partial<Record<ErrorCategory, number>> = {};
    for (const id of ids) {
      const errors = (await this.counts(id, from, to)).errors;
      for (const [k, v] of Object.entries(errors) as Array<[ErrorCategory, number]>) out[k] = (out[k] ?? 0) + v;
    }
    return out;
  }

  /** Every connection id with raw history or roll-ups. */
  knownConnections(): string[] {
    const ctx = this.ctx;
    const ids = new Set<string>(ctx.latest.keys());
    for (const s of this.segments.list) for (const id of s.connectionIds()) ids.add(id);
    for (const conn of ctx.listDir(ctx.sub(ROLLUP_DIR))) {
      const cdir = path.join(ctx.sub(ROLLUP_DIR), conn);
      const newest = ctx.listDir(cdir).pop();
      if (!newest) continue;
      try {
        const loaded = loadFile(path.join(cdir, newest), { ...ctx.repairOpts(), repair: false });
        for (const f of loaded.frames) ids.add(f.connectionId);
      } catch {
        // expired under us: nothing to add
      }
    }
    return [...ids].sort();
  }

  transitions(q: TimeRange & { connectionId?: string }): Promise<TransitionRecord[]> {
    return this.events.read(RecordKind.Transition, q, (v) => v as TransitionRecord);
  }

  audit(q: TimeRange & { connectionId?: string }): Promise<AuditEntry[]> {
    return this.events.read(RecordKind.Audit, q, (v) => v as AuditEntry);
  }

  feedback(q: TimeRange & { connectionId?: string }): Promise<FeedbackRecord[]> {
    return this.events.read(RecordKind.Feedback, q, (v) => v as FeedbackRecord);
  }

  predictions(q: TimeRange & { connectionId?: string }): Promise<PredictionRecord[]> {
    return this.events.read(RecordKind.Prediction, q, (v) => v as PredictionRecord);
  }

  alerts(q: TimeRange & { connectionId?: string }): Promise<AlertRecord[]> {
    return this.events.read(RecordKind.Alert, q, (v) => v as AlertRecord);
  }
}
