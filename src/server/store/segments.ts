/**
 * The raw probe-result segments (I/O): one file per UTC day (rotated by size within a day),
 * each with a per-connection index once sealed. Opens and repairs them, appends to the
 * active one, seals the ones that get no more appends, and finds the entries a query needs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProbeResult } from '../../shared/probe';
import { healthFromCode } from './codes';
import type { Entry, EntryList } from './entries';
import { loadFile } from './fileRecovery';
import { frameAt, RecordKind } from './frame';
import { errorMessage } from '../../shared/errors';
import { fsyncDir, writeFileAtomic } from './fsUtil';
import type { GroupCommitter } from './groupCommit';
import { AppendFile } from './groupCommit';
import { DAY_MS } from './hourly';
import { dayStart, parseSegmentName, RAW_DIR, segmentName } from './layout';
import { RawSegment } from './rawSegment';
import { decodeOrReport } from './recordCodec';
import { encodeIndex, openIndex } from './segmentIndex';
import type { StoreContext } from './storeContext';
import type { LatestState } from './types';

/** A raw segment is rotated within its day past this size (offsets are 32-bit). */
export const MAX_SEGMENT_BYTES = 1024 * 1024 * 1024;

export function openForAppend(file: string): AppendFile {
  try {
    return AppendFile.open(file);
  } catch (err) {
    throw new Error(`history store: cannot create ${file}: ${errorMessage(err)}`);
  }
}

export class RawSegments {
  /** Every segment on disk with readable entries, oldest first. */
  list: RawSegment[] = [];
  /** The segment appends go to (writer only). */
  active: { seg: RawSegment; file: AppendFile } | null = null;

  constructor(private readonly ctx: StoreContext) {}

  private get dir(): string {
    return this.ctx.sub(RAW_DIR);
  }

  /** Opens every segment (repairing as the writer) and rebuilds the latest state per connection. */
  load(): void {
    const ctx = this.ctx;
    const segs: RawSegment[] = [];
    for (const name of ctx.listDir(this.dir)) {
      const p = parseSegmentName(name);
      if (p) segs.push(new RawSegment(name, path.join(this.dir, name), p.day, p.part));
      else if (ctx.writer && name.endsWith('.tmp')) fs.rmSync(path.join(this.dir, name), { force: true });
    }
    const today = dayStart(ctx.now());
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const newest = i === segs.length - 1;
      try {
        if ((!newest || seg.day < today) && this.attachIndex(seg)) continue;
        this.loadEntries(seg);
        if (!ctx.writer) continue;
        if (newest && seg.day >= today && seg.size < MAX_SEGMENT_BYTES) {
          fs.rmSync(seg.idxPath, { force: true });
          this.active = { seg, file: AppendFile.open(seg.path, seg.size) };
          seg.appendFile = this.active.file;
        } else {
          if (!newest || fs.existsSync(seg.idxPath))
            ctx.report({
              kind: 'index_rebuilt',
              file: seg.idxPath,
              reason: fs.existsSync(seg.idxPath) ? 'index did not match its segment' : 'index missing',
            });
          this.seal(seg);
        }
      } catch (err) {
        ctx.report({ kind: 'error', file: seg.path, message: errorMessage(err) });
        continue;
      }
    }
    this.list = segs.filter((s) => s.lists || s.index);
    ctx.latest.clear();
    for (let i = this.list.length - 1; i >= 0; i--) {
      const seg = this.list[i];
      for (const id of seg.connectionIds()) {
        if (ctx.latest.has(id)) continue;
        const e = seg.last(id);
        if (e) ctx.latest.set(id, this.stateFromEntry(id, e));
      }
    }
  }

  /** Reads (and as the writer repairs) a segment file into in-memory entries. */
  private loadEntries(seg: RawSegment): void {
    const loaded = loadFile(seg.path, this.ctx.repairOpts());
    RawSegment.fromFrames(
      seg,
      loaded.frames.filter((f) => f.kind === RecordKind.Probe),
      loaded.goodEnd,
    );
  }

  /** Uses the segment's index when it matches the segment; false when it must be rebuilt. */
  private attachIndex(seg: RawSegment): boolean {
    const idx = openIndex(seg.idxPath);
    if (!idx) return false;
    let size = -1;
    try {
      size = fs.statSync(seg.path).size;
    } catch {
      // the segment vanished (expired by the writer while we read): the index is useless
    }
    if (idx.table.segmentSize !== size) {
      fs.closeSync(idx.fd);
      return false;
    }
    seg.index = idx;
    seg.size = size;
    return true;
  }

  /** Writes the index of a segment that will get no more appends and drops its entries from memory. */
  seal(seg: RawSegment): void {
    if (!seg.lists) return;
    try {
      writeFileAtomic(seg.idxPath, encodeIndex(seg.size, seg.lists));
    } catch (err) {
      this.ctx.report({ kind: 'error', file: seg.idxPath, message: `could not write index, kept in memory: ${errorMessage(err)}` });
      return;
    }
    const idx = openIndex(seg.idxPath);
    if (idx) {
      seg.index = idx;
      seg.lists = null;
    }
  }

  stateFromEntry(id: string, e: Entry): LatestState {
    const prev = this.ctx.latest.get(id);
    const s: LatestState = { connectionId: id, state: healthFromCode(e.state), at: e.ts, latencyMs: e.latencyMs };
    const category = this.ctx.codes.name(e.category);
    if (category) s.category = category;
    if (prev?.breaker) {
      s.breaker = prev.breaker;
      s.breakerAt = prev.breakerAt;
    }
    return s;
  }

  /** Appends one probe frame to the active segment; resolves once it is durable. */
  async append(r: ProbeResult, frame: Buffer, committer: GroupCommitter, onRotate: () => void): Promise<void> {
    const target = this.activeSegment(onRotate);
    const seg = target.seg;
    seg.inflight++;
    try {
      const offset = await committer.enqueue(target.file, frame);
      const head = frameAt(frame, 0)!;
      seg.size = Math.max(seg.size, offset + frame.length);
      seg.addEntry(r.connectionId, {
        ts: head.ts,
        offset,
        length: frame.length,
        latencyMs: head.latencyMs,
        kind: head.kind,
        state: head.state,
        category: head.category,
      });
      const prev = this.ctx.latest.get(r.connectionId);
      if (!prev || prev.at === undefined || r.startedAt >= prev.at)
        this.ctx.latest.set(r.connectionId, this.stateFromEntry(r.connectionId, { ...head, offset, length: frame.length }));
    } finally {
      seg.inflight--;
      if (seg.inflight === 0 && this.active?.seg !== seg) this.retire(seg);
    }
  }

  /** The segment appends go to now, rotating by day (and by size within a day). */
  private activeSegment(onRotate: () => void): { seg: RawSegment; file: AppendFile } {
    const today = dayStart(this.ctx.now());
    const cur = this.active;
    if (cur && today <= cur.seg.day && cur.file.size < MAX_SEGMENT_BYTES) return cur;
    let day = today;
    let part = 0;
    if (cur) {
      day = Math.max(today, cur.seg.day);
      part = day === cur.seg.day ? cur.seg.part + 1 : 0;
    }
    const last = this.list[this.list.length - 1];
    if (!cur && last && last.day >= day) {
      day = last.day;
      part = last.part + 1;
    }
    // Never reuse a name something else holds on disk (a damaged segment, or a directory in its place).
    while (fs.existsSync(path.join(this.dir, segmentName(day, part)))) part++;
    const name = segmentName(day, part);
    const seg = new RawSegment(name, path.join(this.dir, name), day, part);
    seg.lists = new Map();
    const file = openForAppend(seg.path);
    seg.appendFile = file;
    fsyncDir(this.dir);
    this.active = { seg, file };
    this.list.push(seg);
    if (cur) {
      if (cur.seg.inflight === 0) this.retire(cur.seg);
      onRotate();
    }
    return this.active;
  }

  /** A segment that gets no more appends: close its append handle and write its index. */
  private retire(seg: RawSegment): void {
    seg.appendFile?.close();
    seg.appendFile = null;
    if (seg.lists) this.seal(seg);
  }

  /** Drops a segment whose files maintenance has deleted. */
  remove(seg: RawSegment): void {
    this.list = this.list.filter((s) => s !== seg);
  }

  /** Segments that may hold records with ts in [from, to) (a record can land in the next day's file). */
  overlapping(from: number, to: number): RawSegment[] {
    return this.list.filter((s) => s.day + DAY_MS > from - DAY_MS && s.day < to);
  }

  /** A connection's entries in a segment; a damaged index group is rebuilt from the segment. */
  groupOf(seg: RawSegment, id: string): EntryList | null {
    const list = seg.group(id);
    if (list) return list;
    this.ctx.report({ kind: 'index_rebuilt', file: seg.idxPath, reason: `damaged entries for ${id}` });
    try {
      seg.closeFiles();
      this.loadEntries(seg);
      if (this.ctx.writer) this.seal(seg);
      return seg.group(id);
    } catch (err) {
      this.ctx.report({ kind: 'error', file: seg.path, message: errorMessage(err) });
      return null;
    }
  }

  /** The probe result of an entry; null (and a report) when its frame is gone or its payload cannot be decoded. */
  async decodeProbe(seg: RawSegment, e: Entry): Promise<ProbeResult | null> {
    const buf = await seg.readFrame(e);
    const head = buf ? frameAt(buf, 0) : null;
    if (!buf || !head) {
      this.ctx.report({ kind: 'record_skipped', file: seg.path, offset: e.offset, reason: 'the record no longer checks out on disk' });
      return null;
    }
    const rec = decodeOrReport(this.ctx, seg.path, buf, { ...head, offset: 0 }, e.offset);
    return rec?.type === 'probe' ? rec.value : null;
  }

  close(): void {
    for (const s of this.list) s.closeFiles();
    for (const s of this.list) {
      s.appendFile?.close();
      s.appendFile = null;
    }
    this.active = null;
    this.list = [];
  }
}
