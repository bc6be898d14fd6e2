/**
 * The durable history store: probe results, transitions, feedback and audit entries in
 * append-only, CRC-checked segment files (see docs/storage.md for the design and why).
 *
 * - `append*()` resolves only once the record is fdatasync'ed (group commit).
 * - Opening repairs what a crash left (torn tail truncated, corrupt file quarantined and
 *   its good records kept) and reports it in `reports`.
 * - One process is the writer (writer.lock); others open read-only and `refresh()`.
 * - Raw results live in daily segments with per-connection indexes; expired days are
 *   rolled up hourly per connection; retention drops whole files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorCategory } from '../../shared/categories';
import type { ProbeResult } from '../../shared/probe';
import { breakerFromCode, CategoryCodes, healthFromCode, STATE_DEGRADED, STATE_DOWN, STATE_UP } from './codes';
import type { Entry, EntryList } from './entries';
import { loadFile } from './fileRecovery';
import type { FrameHead } from './frame';
import { encodeFrame, FLAG_DEFLATE_V1, frameAt, RecordKind, scanFrames } from './frame';
import { errorMessage, fsyncDir, isMissing, writeFileAtomic } from './fsUtil';
import { AppendFile, GroupCommitter } from './groupCommit';
import type { RollupData } from './hourly';
import { accumulateEntries, DAY_MS, HOUR_MS, HourAccumulator, hourStart } from './hourly';
import {
  connectionDirName,
  dayStart,
  EVENTS_DIR,
  FORMAT_FILE,
  monthName,
  monthsBetween,
  monthStart,
  parseMonthName,
  parseSegmentName,
  QUARANTINE_DIR,
  RAW_DIR,
  ROLLUP_DIR,
  segmentName,
} from './layout';
import { RawSegment } from './rawSegment';
import { decodePayload, decodeRecord, encodeRecord, normalise } from './recordCodec';
import type { RetentionPolicy } from './retention';
import { checkRetention, DEFAULT_RETENTION, monthExpired, rawDayExpired } from './retention';
import { encodeIndex, openIndex } from './segmentIndex';
import type {
  AlertRecord,
  AuditEntry,
  FeedbackRecord,
  PredictionRecord,
  HourBucket,
  LatestState,
  RawPoint,
  Series,
  StoreClock,
  StoredRecord,
  StoreOptions,
  StoreReport,
  TimeRange,
  TransitionRecord,
  Uptime,
  UptimeFigure,
} from './types';
import { WriterLock } from './writerLock';
import { deflateRawSync } from 'node:zlib';
import { DICTIONARY_V1 } from './dictionary';

const FORMAT_VERSION = 1;
/** A raw segment is rotated within its day past this size (offsets are 32-bit). */
const MAX_SEGMENT_BYTES = 1024 * 1024 * 1024;
/** `series(..., 'auto')` returns raw points up to this range, hourly buckets beyond. */
export const AUTO_RAW_MAX_RANGE_MS = 2 * DAY_MS;

function openForAppend(file: string): AppendFile {
  try {
    return AppendFile.open(file);
  } catch (err) {
    throw new Error(`history store: cannot create ${file}: ${errorMessage(err)}`);
  }
}

export class StoreNotWriterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotWriterError';
  }
}

interface Counts {
  probes: number;
  up: number;
  degraded: number;
  down: number;
  errors: Partial<Record<ErrorCategory, number>>;
}

interface EventFile {
  month: number;
  path: string;
  size: number;
}

export class HistoryStore {
  readonly dir: string;
  /** What opening (and maintenance) found and handled: torn tails, quarantined files, rebuilt indexes. */
  readonly reports: StoreReport[] = [];
  private role: 'writer' | 'reader' = 'reader';
  private lock: WriterLock | null = null;
  private codes = new CategoryCodes([]);
  private segments: RawSegment[] = [];
  private active: { seg: RawSegment; file: AppendFile } | null = null;
  private eventFiles: EventFile[] = [];
  private activeEvents: { ev: EventFile; file: AppendFile } | null = null;
  private latest = new Map<string, LatestState>();
  private closed = false;
  private readonly committer: GroupCommitter;

  private constructor(
    private readonly opts: Required<Pick<StoreOptions, 'role' | 'compress'>> & {
      clock: StoreClock;
      retention: RetentionPolicy;
      dir: string;
    },
  ) {
    this.dir = opts.dir;
    this.committer = new GroupCommitter(() => this.checkStillWriter());
  }

  static async open(options: StoreOptions): Promise<HistoryStore> {
    if (!options || typeof options.dir !== 'string' || options.dir.length === 0)
      throw new TypeError('history store: a storage directory is required');
    const retention: RetentionPolicy = {
      rawDays: options.rawRetentionDays ?? DEFAULT_RETENTION.rawDays,
      rollupDays: options.rollupRetentionDays ?? DEFAULT_RETENTION.rollupDays,
      eventDays: options.eventRetentionDays ?? DEFAULT_RETENTION.eventDays,
    };
    checkRetention(retention);
    const role = options.role ?? 'auto';
    if (role !== 'auto' && role !== 'writer' && role !== 'reader')
      throw new TypeError(`history store: role must be auto, writer or reader (got ${String(role)})`);
    const store = new HistoryStore({
      dir: path.resolve(options.dir),
      role,
      compress: options.compress ?? true,
      clock: options.clock ?? { now: () => Date.now() },
      retention,
    });
    await store.start();
    return store;
  }

  /** `writer` appends; `reader` only reads (another process holds the writer lock). */
  get currentRole(): 'writer' | 'reader' {
    return this.role;
  }

  // ---------------------------------------------------------------- opening

  private async start(): Promise<void> {
    const dir = this.dir;
    if (this.opts.role !== 'reader') {
      try {
        fs.mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new Error(`history store: cannot create ${dir}: ${errorMessage(err)}`);
      }
    } else if (!fs.existsSync(dir)) {
      throw new Error(`history store: ${dir} does not exist`);
    }
    if (this.opts.role !== 'reader') this.acquire();
    if (this.opts.role === 'writer' && this.role !== 'writer') {
      throw new StoreNotWriterError(`history store: ${dir} is being written by another process (${this.lockHolderText()})`);
    }
    this.load();
  }

  private lockHolder: string | null = null;

  private lockHolderText(): string {
    return this.lockHolder ?? 'unknown process';
  }

  private acquire(): boolean {
    const r = WriterLock.tryAcquire(this.dir, this.now());
    if ('lock' in r) {
      this.lock = r.lock;
      this.role = 'writer';
      if (r.tookOverFrom !== undefined) this.report({ kind: 'stale_lock_taken_over', previousPid: r.tookOverFrom });
      return true;
    }
    this.lockHolder = r.holder ? `pid ${r.holder.pid} on ${r.holder.hostname}` : 'a process whose lock file is being written';
    this.role = 'reader';
    return false;
  }

  private now(): number {
    return this.opts.clock.now();
  }

  private report(r: StoreReport): void {
    this.reports.push(r);
  }

  private get writer(): boolean {
    return this.role === 'writer';
  }

  private sub(name: string): string {
    return path.join(this.dir, name);
  }

  private load(): void {
    const writer = this.writer;
    if (writer) for (const d of [RAW_DIR, EVENTS_DIR, ROLLUP_DIR]) fs.mkdirSync(this.sub(d), { recursive: true });
    this.loadFormat();
    this.loadRaw();
    this.loadEvents();
    if (writer) this.runMaintenance();
  }

  private loadFormat(): void {
    const file = this.sub(FORMAT_FILE);
    let stored: string[] = [];
    try {
      const f = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown; categories?: unknown };
      if (typeof f.version === 'number' && f.version > FORMAT_VERSION) {
        throw new Error(
          `history store: ${this.dir} was written by a newer DB Pulse (format ${f.version}; this one reads ${FORMAT_VERSION})`,
        );
      }
      if (Array.isArray(f.categories) && f.categories.every((c) => typeof c === 'string')) stored = f.categories as string[];
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('history store:')) throw err;
      if (!isMissing(err)) this.report({ kind: 'error', file, message: `unreadable format file, rewritten: ${errorMessage(err)}` });
    }
    this.codes = new CategoryCodes(stored);
    if (this.writer && (stored.length === 0 || this.codes.changedFrom(stored))) {
      writeFileAtomic(
        file,
        `${JSON.stringify({ format: 'dbpulse-history', version: FORMAT_VERSION, categories: this.codes.list }, null, 1)}\n`,
      );
    }
  }

  private repairOpts(): { repair: boolean; quarantineDir: string; now: number; report: (r: StoreReport) => void } {
    return { repair: this.writer, quarantineDir: this.sub(QUARANTINE_DIR), now: Date.now(), report: (r) => this.report(r) };
  }

  private listDir(dir: string): string[] {
    try {
      return fs.readdirSync(dir).sort();
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
  }

  private loadRaw(): void {
    const names = this.listDir(this.sub(RAW_DIR));
    const segs: RawSegment[] = [];
    for (const name of names) {
      const p = parseSegmentName(name);
      if (p) segs.push(new RawSegment(name, path.join(this.sub(RAW_DIR), name), p.day, p.part));
      else if (this.writer && name.endsWith('.tmp')) fs.rmSync(path.join(this.sub(RAW_DIR), name), { force: true });
    }
    const today = dayStart(this.now());
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const newest = i === segs.length - 1;
      try {
        if ((!newest || seg.day < today) && this.attachIndex(seg)) continue;
        const loaded = loadFile(seg.path, this.repairOpts());
        RawSegment.fromFrames(
          seg,
          loaded.frames.filter((f) => f.kind === RecordKind.Probe),
          loaded.goodEnd,
        );
        if (!this.writer) continue;
        if (newest && seg.day >= today && seg.size < MAX_SEGMENT_BYTES) {
          fs.rmSync(seg.idxPath, { force: true });
          this.active = { seg, file: AppendFile.open(seg.path, seg.size) };
          seg.appendFile = this.active.file;
        } else {
          if (!newest || fs.existsSync(seg.idxPath))
            this.report({
              kind: 'index_rebuilt',
              file: seg.idxPath,
              reason: fs.existsSync(seg.idxPath) ? 'index did not match its segment' : 'index missing',
            });
          this.seal(seg);
        }
      } catch (err) {
        this.report({ kind: 'error', file: seg.path, message: errorMessage(err) });
        continue;
      }
    }
    this.segments = segs.filter((s) => s.lists || s.index);
    this.latest.clear();
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const seg = this.segments[i];
      for (const id of seg.connectionIds()) {
        if (this.latest.has(id)) continue;
        const e = seg.last(id);
        if (e) this.latest.set(id, this.stateFromEntry(id, e));
      }
    }
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
  private seal(seg: RawSegment): void {
    if (!seg.lists) return;
    try {
      writeFileAtomic(seg.idxPath, encodeIndex(seg.size, seg.lists));
    } catch (err) {
      this.report({ kind: 'error', file: seg.idxPath, message: `could not write index, kept in memory: ${errorMessage(err)}` });
      return;
    }
    const idx = openIndex(seg.idxPath);
    if (idx) {
      seg.index = idx;
      seg.lists = null;
    }
  }

  private loadEvents(): void {
    const dir = this.sub(EVENTS_DIR);
    this.eventFiles = [];
    const breakerLatest = new Map<string, { at: number; code: number }>();
    for (const name of this.listDir(dir)) {
      const month = parseMonthName(name);
      if (month === null) continue;
      const file = path.join(dir, name);
      try {
        const loaded = loadFile(file, this.repairOpts());
        this.eventFiles.push({ month, path: file, size: loaded.goodEnd });
        for (const f of loaded.frames) {
          if (f.kind !== RecordKind.Transition) continue;
          const prev = breakerLatest.get(f.connectionId);
          if (breakerFromCode(f.state) && (!prev || f.ts >= prev.at)) breakerLatest.set(f.connectionId, { at: f.ts, code: f.state });
        }
      } catch (err) {
        this.report({ kind: 'error', file, message: errorMessage(err) });
      }
    }
    for (const [id, b] of breakerLatest) {
      const s = this.latest.get(id) ?? { connectionId: id };
      this.latest.set(id, { ...s, breaker: breakerFromCode(b.code), breakerAt: b.at });
    }
    if (this.writer) {
      const last = this.eventFiles[this.eventFiles.length - 1];
      if (last && last.month >= monthStart(this.now())) this.activeEvents = { ev: last, file: AppendFile.open(last.path, last.size) };
    }
  }

  private stateFromEntry(id: string, e: Entry): LatestState {
    const prev = this.latest.get(id);
    const s: LatestState = { connectionId: id, state: healthFromCode(e.state), at: e.ts, latencyMs: e.latencyMs };
    const category = this.codes.name(e.category);
    if (category) s.category = category;
    if (prev?.breaker) {
      s.breaker = prev.breaker;
      s.breakerAt = prev.breakerAt;
    }
    return s;
  }

  // ---------------------------------------------------------------- writing

  private checkStillWriter(): void {
    if (this.closed) throw new Error('history store is closed');
    if (!this.writer || !this.lock) throw new StoreNotWriterError('history store: this process is not the writer');
    if (!this.lock.stillHeld()) {
      this.role = 'reader';
      throw new StoreNotWriterError(
        `history store: the writer lock of ${this.dir} was taken by another process; this process is now read-only`,
      );
    }
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('history store is closed');
    if (!this.writer)
      throw new StoreNotWriterError(
        `history store: ${this.dir} is being written by another process (${this.lockHolderText()}); this window is read-only`,
      );
  }

  /** Stores a probe result; resolves once it is durable. */
  appendProbe(result: ProbeResult): Promise<void> {
    return this.append({ type: 'probe', value: result });
  }

  appendTransition(t: TransitionRecord): Promise<void> {
    return this.append({ type: 'transition', value: t });
  }

  appendFeedback(f: FeedbackRecord): Promise<void> {
    return this.append({ type: 'feedback', value: f });
  }

  appendAudit(a: AuditEntry): Promise<void> {
    return this.append({ type: 'audit', value: a });
  }

  appendPrediction(p: PredictionRecord): Promise<void> {
    return this.append({ type: 'prediction', value: p });
  }

  appendAlert(a: AlertRecord): Promise<void> {
    return this.append({ type: 'alert', value: a });
  }

  /** Stores any record kind; resolves once it is durable, rejects with a clear error otherwise. */
  async append(record: StoredRecord): Promise<void> {
    this.assertWritable();
    const rec = normalise(record);
    const frame = encodeRecord(rec, this.codes, this.opts.compress);
    if (rec.type === 'probe') await this.appendRaw(rec.value, frame);
    else await this.appendEvent(rec, frame);
  }

  private async appendRaw(r: ProbeResult, frame: Buffer): Promise<void> {
    const target = this.activeSegment();
    const seg = target.seg;
    seg.inflight++;
    try {
      const offset = await this.committer.enqueue(target.file, frame);
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
      const prev = this.latest.get(r.connectionId);
      if (!prev || prev.at === undefined || r.startedAt >= prev.at)
        this.latest.set(r.connectionId, this.stateFromEntry(r.connectionId, { ...head, offset, length: frame.length }));
    } finally {
      seg.inflight--;
      if (seg.inflight === 0 && this.active?.seg !== seg) this.retire(seg);
    }
  }

  /** The segment appends go to now, rotating by day (and by size within a day). */
  private activeSegment(): { seg: RawSegment; file: AppendFile } {
    const today = dayStart(this.now());
    const cur = this.active;
    if (cur && today <= cur.seg.day && cur.file.size < MAX_SEGMENT_BYTES) return cur;
    let day = today;
    let part = 0;
    if (cur) {
      day = Math.max(today, cur.seg.day);
      part = day === cur.seg.day ? cur.seg.part + 1 : 0;
    }
    const last = this.segments[this.segments.length - 1];
    if (!cur && last && last.day >= day) {
      day = last.day;
      part = last.part + 1;
    }
    const name = segmentName(day, part);
    const seg = new RawSegment(name, path.join(this.sub(RAW_DIR), name), day, part);
    seg.lists = new Map();
    const file = openForAppend(seg.path);
    seg.appendFile = file;
    fsyncDir(this.sub(RAW_DIR));
    this.active = { seg, file };
    this.segments.push(seg);
    if (cur) {
      if (cur.seg.inflight === 0) this.retire(cur.seg);
      this.runMaintenance();
    }
    return this.active;
  }

  /** A segment that gets no more appends: close its append handle and write its index. */
  private retire(seg: RawSegment): void {
    seg.appendFile?.close();
    seg.appendFile = null;
    if (seg.lists) this.seal(seg);
  }

  private async appendEvent(rec: StoredRecord, frame: Buffer): Promise<void> {
    const month = monthStart(this.now());
    if (!this.activeEvents || month > this.activeEvents.ev.month) {
      this.activeEvents?.file.close();
      const ev: EventFile = { month, path: path.join(this.sub(EVENTS_DIR), monthName(month)), size: 0 };
      this.activeEvents = { ev, file: openForAppend(ev.path) };
      fsyncDir(this.sub(EVENTS_DIR));
      this.eventFiles.push(ev);
    }
    const target = this.activeEvents;
    await this.committer.enqueue(target.file, frame);
    target.ev.size = target.file.size;
    if (rec.type === 'transition' && rec.value.kind === 'breaker') {
      const t = rec.value;
      const s = this.latest.get(t.connectionId) ?? { connectionId: t.connectionId };
      if (s.breakerAt === undefined || t.at >= s.breakerAt) this.latest.set(t.connectionId, { ...s, breaker: t.to, breakerAt: t.at });
    }
  }

  // ---------------------------------------------------------------- maintenance

  /**
   * Applies retention: raw days past `rawRetentionDays` are rolled up hourly per connection
   * and deleted; roll-up and event months past their retention are deleted. Runs at open and
   * at each day's rotation; safe to call any time (writer only).
   */
  runMaintenance(): StoreReport[] {
    if (!this.writer) return [];
    const before = this.reports.length;
    const now = this.now();
    const p = this.opts.retention;
    for (const seg of [...this.segments]) {
      if (this.active?.seg === seg || seg.inflight > 0 || !rawDayExpired(seg.day, now, p)) continue;
      try {
        this.rollUp(seg);
        seg.closeFiles();
        fs.rmSync(seg.idxPath, { force: true });
        fs.rmSync(seg.path, { force: true });
        this.segments = this.segments.filter((s) => s !== seg);
        this.report({ kind: 'expired', file: seg.path });
      } catch (err) {
        this.report({ kind: 'error', file: seg.path, message: `roll-up failed, raw segment kept: ${errorMessage(err)}` });
      }
    }
    fsyncDir(this.sub(RAW_DIR));
    const rollupRoot = this.sub(ROLLUP_DIR);
    for (const conn of this.listDir(rollupRoot)) {
      const cdir = path.join(rollupRoot, conn);
      for (const name of this.listDir(cdir)) {
        const month = parseMonthName(name);
        if (month !== null && monthExpired(month, now, p.rollupDays)) {
          fs.rmSync(path.join(cdir, name), { force: true });
          this.report({ kind: 'expired', file: path.join(cdir, name) });
        }
      }
      if (this.listDir(cdir).length === 0) fs.rmSync(cdir, { recursive: true, force: true });
    }
    for (const ev of [...this.eventFiles]) {
      if (this.activeEvents?.ev === ev || !monthExpired(ev.month, now, p.eventDays)) continue;
      fs.rmSync(ev.path, { force: true });
      this.eventFiles = this.eventFiles.filter((e) => e !== ev);
      this.report({ kind: 'expired', file: ev.path });
    }
    return this.reports.slice(before);
  }

  /** Appends the hourly roll-ups of one raw segment to the per-connection monthly roll-up files. */
  private rollUp(seg: RawSegment): void {
    let hours = 0;
    const ids = seg.connectionIds();
    for (const id of ids) {
      const list = seg.group(id);
      if (!list) throw new Error(`index of ${seg.name} is damaged for ${id}`);
      const acc = new Map<number, HourAccumulator>();
      accumulateEntries(list, -Infinity, Infinity, this.codes, acc);
      const byMonth = new Map<number, Buffer[]>();
      for (const [hour, a] of [...acc].sort((x, y) => x[0] - y[0])) {
        const data: RollupData & { source: string } = { ...a.toRollup(id, hour), source: seg.name };
        const json = Buffer.from(JSON.stringify(data), 'utf8');
        const z = this.opts.compress ? deflateRawSync(json, { dictionary: DICTIONARY_V1 }) : json;
        const frame = encodeFrame({
          kind: RecordKind.Rollup,
          flags: z === json ? 0 : FLAG_DEFLATE_V1,
          ts: hour,
          latencyMs: 0,
          state: 0,
          category: 0,
          connectionId: id,
          payload: z,
        });
        const m = monthStart(hour);
        const parts = byMonth.get(m);
        if (parts) parts.push(frame);
        else byMonth.set(m, [frame]);
        hours++;
      }
      const cdir = path.join(this.sub(ROLLUP_DIR), connectionDirName(id));
      fs.mkdirSync(cdir, { recursive: true });
      for (const [m, frames] of byMonth) {
        const file = path.join(cdir, monthName(m));
        // Continue after the last good frame, so a torn tail from a crash mid-roll-up is overwritten.
        const existing = fs.existsSync(file) ? loadFile(file, this.repairOpts()).goodEnd : 0;
        const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
        try {
          const data = Buffer.concat(frames);
          fs.writeSync(fd, data, 0, data.length, existing);
          fs.ftruncateSync(fd, existing + data.length);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
      fsyncDir(cdir);
    }
    fsyncDir(this.sub(ROLLUP_DIR));
    this.report({ kind: 'rolled_up', file: seg.path, connections: ids.length, hours });
  }

  // ---------------------------------------------------------------- reading

  /** Latest probe state and breaker state of every connection with stored history. */
  latestStates(): LatestState[] {
    return [...this.latest.values()].sort((a, b) => a.connectionId.localeCompare(b.connectionId));
  }

  latestState(connectionId: string): LatestState | undefined {
    return this.latest.get(connectionId);
  }

  /** Segments that may hold records with ts in [from, to) (a record can land in the next day's file). */
  private segmentsFor(from: number, to: number): RawSegment[] {
    return this.segments.filter((s) => s.day + DAY_MS > from - DAY_MS && s.day < to);
  }

  private groupOf(seg: RawSegment, id: string): EntryList | null {
    const list = seg.group(id);
    if (list) return list;
    this.report({ kind: 'index_rebuilt', file: seg.idxPath, reason: `damaged entries for ${id}` });
    try {
      seg.closeFiles();
      const loaded = loadFile(seg.path, this.repairOpts());
      RawSegment.fromFrames(
        seg,
        loaded.frames.filter((f) => f.kind === RecordKind.Probe),
        loaded.goodEnd,
      );
      if (this.writer) this.seal(seg);
      return seg.group(id);
    } catch (err) {
      this.report({ kind: 'error', file: seg.path, message: errorMessage(err) });
      return null;
    }
  }

  private decodeProbe(seg: RawSegment, e: Entry): ProbeResult | null {
    const buf = seg.readFrame(e);
    const head = buf ? frameAt(buf, 0) : null;
    if (!buf || !head) return null;
    const rec = decodeRecord(buf, head);
    return rec?.type === 'probe' ? rec.value : null;
  }

  /** The newest `limit` probe results of a connection (oldest first), optionally before a time. */
  async lastResults(connectionId: string, limit = 100, before = Infinity): Promise<ProbeResult[]> {
    const picked: Array<{ seg: RawSegment; e: Entry }> = [];
    for (let i = this.segments.length - 1; i >= 0 && picked.length < limit; i--) {
      const seg = this.segments[i];
      if (seg.day - DAY_MS >= before) continue;
      const last = seg.last(connectionId);
      if (!last) continue;
      const list = this.groupOf(seg, connectionId);
      if (!list) continue;
      for (let j = list.lowerBound(before) - 1; j >= 0 && picked.length < limit; j--) picked.push({ seg, e: list.get(j) });
    }
    picked.sort((a, b) => a.e.ts - b.e.ts);
    const out: ProbeResult[] = [];
    for (const p of picked.slice(-limit)) {
      const r = this.decodeProbe(p.seg, p.e);
      if (r) out.push(r);
    }
    return out;
  }

  /**
   * Every stored raw probe result in a time range, one connection or all, in time order
   * per day. Streams: memory stays bounded by one day's segment.
   */
  async *results(q: TimeRange & { connectionId?: string } = {}): AsyncGenerator<ProbeResult> {
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    for (const seg of this.segmentsFor(from, to)) {
      const batch: ProbeResult[] = [];
      if (q.connectionId !== undefined) {
        const list = this.groupOf(seg, q.connectionId);
        if (!list) continue;
        for (let i = list.lowerBound(from); i < list.count; i++) {
          const e = list.get(i);
          if (e.ts >= to) break;
          const r = this.decodeProbe(seg, e);
          if (r) batch.push(r);
        }
      } else {
        let buf: Buffer;
        try {
          buf = fs.readFileSync(seg.path).subarray(0, seg.size || undefined);
        } catch {
          continue;
        }
        scanFrames(buf, (f) => {
          if (f.kind !== RecordKind.Probe || f.ts < from || f.ts >= to) return;
          const rec = decodeRecord(buf, f);
          if (rec?.type === 'probe') batch.push(rec.value);
        });
        batch.sort((a, b) => a.startedAt - b.startedAt);
      }
      for (const r of batch) yield r;
    }
  }

  /**
   * A connection's series over [from, to): raw points or hourly buckets. `auto` picks raw
   * for ranges up to 2 days, hourly beyond. Hours whose raw days have expired come from
   * the roll-ups. Hourly series are widened to whole hours.
   */
  async series(connectionId: string, from: number, to: number, resolution: 'auto' | 'raw' | 'hour' = 'auto'): Promise<Series> {
    if (!(from < to)) throw new RangeError(`series: 'from' must be before 'to'`);
    const res = resolution === 'auto' ? (to - from <= AUTO_RAW_MAX_RANGE_MS ? 'raw' : 'hour') : resolution;
    if (res === 'raw') {
      const points: RawPoint[] = [];
      for (const seg of this.segmentsFor(from, to)) {
        const list = this.groupOf(seg, connectionId);
        if (!list) continue;
        for (let i = list.lowerBound(from); i < list.count; i++) {
          const at = list.ts(i);
          if (at >= to) break;
          const state = healthFromCode(list.state(i));
          if (!state) continue;
          const p: RawPoint = { at, state, latencyMs: list.latency(i) };
          const code = list.category(i);
          if (code !== 0) p.category = this.codes.name(code);
          points.push(p);
        }
      }
      points.sort((a, b) => a.at - b.at);
      return { connectionId, from, to, resolution: 'raw', points };
    }
    // Hourly series cover whole hours: the range is widened to hour boundaries.
    const hf = hourStart(from);
    const ht = hourStart(to - 1) + HOUR_MS;
    const acc = this.hourly(connectionId, hf, ht);
    const buckets: HourBucket[] = [...acc].sort((a, b) => a[0] - b[0]).map(([h, a]) => a.toBucket(h));
    return { connectionId, from: hf, to: ht, resolution: 'hour', buckets };
  }

  private hourly(connectionId: string, from: number, to: number): Map<number, HourAccumulator> {
    const acc = new Map<number, HourAccumulator>();
    for (const seg of this.segmentsFor(from, to)) {
      const list = this.groupOf(seg, connectionId);
      if (list) accumulateEntries(list, from, to, this.codes, acc);
    }
    for (const r of this.rollups(connectionId, from, to)) {
      let a = acc.get(r.hour);
      if (!a) acc.set(r.hour, (a = new HourAccumulator()));
      a.addRollup(r);
    }
    return acc;
  }

  /** Roll-ups of a connection with hours in [from, to) whose raw segment is gone (else raw counts). */
  private rollups(connectionId: string, from: number, to: number): RollupData[] {
    const onDisk = new Set(this.segments.map((s) => s.name));
    const seen = new Set<string>();
    const out: RollupData[] = [];
    const cdir = path.join(this.sub(ROLLUP_DIR), connectionDirName(connectionId));
    const lo = Number.isFinite(from) ? from : 0;
    const hi = Number.isFinite(to) ? to : this.now() + DAY_MS;
    const months = new Set(monthsBetween(lo, hi).map((m) => monthName(m)));
    for (const name of this.listDir(cdir)) {
      if (!months.has(name)) continue;
      let loaded;
      try {
        loaded = loadFile(path.join(cdir, name), this.repairOpts());
      } catch (err) {
        if (!isMissing(err)) this.report({ kind: 'error', file: path.join(cdir, name), message: errorMessage(err) });
        continue;
      }
      for (const f of loaded.frames) {
        if (f.kind !== RecordKind.Rollup || f.connectionId !== connectionId || f.ts < hourStart(from) || f.ts >= to) continue;
        const d = decodePayload(loaded.buf, f) as RollupData & { source?: string };
        const key = `${d.source ?? ''}|${d.hour}`;
        if ((d.source && onDisk.has(d.source)) || seen.has(key)) continue;
        seen.add(key);
        out.push(d);
      }
    }
    return out;
  }

  private counts(connectionId: string, from: number, to: number): Counts {
    const c: Counts = { probes: 0, up: 0, degraded: 0, down: 0, errors: {} };
    for (const seg of this.segmentsFor(from, to)) {
      const list = this.groupOf(seg, connectionId);
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
        const cat = code === 0 ? undefined : this.codes.name(code);
        if (cat) c.errors[cat] = (c.errors[cat] ?? 0) + 1;
      }
    }
    for (const r of this.rollups(connectionId, from, to)) {
      c.probes += r.count;
      c.up += r.up;
      c.degraded += r.degraded;
      c.down += r.down;
      for (const [k, v] of Object.entries(r.errors) as Array<[ErrorCategory, number]>) c.errors[k] = (c.errors[k] ?? 0) + v;
    }
    return c;
  }

  /**
   * Uptime (up or degraded, over probes) for the last 24 hours, 7 days and 30 days. Exact
   * where raw results are kept; where only roll-ups remain, whole hours inside the window count.
   */
  async uptime(connectionId: string): Promise<Uptime> {
    const now = this.now();
    const fig = (days: number): UptimeFigure => {
      // (now - days, now]: a probe exactly `days` ago belongs to the previous window.
      const c = this.counts(connectionId, now - days * DAY_MS + 1, now + 1);
      return {
        percent: c.probes ? (100 * (c.up + c.degraded)) / c.probes : null,
        probes: c.probes,
        up: c.up,
        degraded: c.degraded,
        down: c.down,
      };
    };
    return { connectionId, at: now, h24: fig(1), d7: fig(7), d30: fig(30) };
  }

  /** Failed probes by error category over [from, to), for one connection or all. */
  async errorCounts(q: TimeRange & { connectionId?: string } = {}): Promise<Partial<Record<ErrorCategory, number>>> {
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    const ids = q.connectionId !== undefined ? [q.connectionId] : this.knownConnections();
    const out: Partial<Record<ErrorCategory, number>> = {};
    for (const id of ids) {
      for (const [k, v] of Object.entries(this.counts(id, from, to).errors) as Array<[ErrorCategory, number]>) out[k] = (out[k] ?? 0) + v;
    }
    return out;
  }

  /** Every connection id with raw history or roll-ups. */
  knownConnections(): string[] {
    const ids = new Set<string>(this.latest.keys());
    for (const s of this.segments) for (const id of s.connectionIds()) ids.add(id);
    for (const conn of this.listDir(this.sub(ROLLUP_DIR))) {
      const cdir = path.join(this.sub(ROLLUP_DIR), conn);
      const newest = this.listDir(cdir).pop();
      if (!newest) continue;
      try {
        const loaded = loadFile(path.join(cdir, newest), { ...this.repairOpts(), repair: false });
        for (const f of loaded.frames) ids.add(f.connectionId);
      } catch {
        // expired under us: nothing to add
      }
    }
    return [...ids].sort();
  }

  private events<T>(kind: number, q: TimeRange & { connectionId?: string }, decode: (v: unknown) => T): T[] {
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    const out: Array<{ ts: number; v: T }> = [];
    for (const ev of this.eventFiles) {
      if (ev.month >= to || (Number.isFinite(from) && ev.month + 32 * DAY_MS <= from)) continue;
      let buf: Buffer;
      try {
        buf = fs.readFileSync(ev.path);
      } catch {
        continue;
      }
      const end = this.writer ? ev.size : buf.length;
      const frames: FrameHead[] = [];
      scanFrames(buf.subarray(0, end), (f) => frames.push(f));
      for (const f of frames) {
        if (f.kind !== kind || f.ts < from || f.ts >= to) continue;
        if (q.connectionId !== undefined && f.connectionId !== q.connectionId) continue;
        out.push({ ts: f.ts, v: decode(decodePayload(buf, f)) });
      }
    }
    return out.sort((a, b) => a.ts - b.ts).map((x) => x.v);
  }

  transitions(q: TimeRange & { connectionId?: string } = {}): Promise<TransitionRecord[]> {
    return Promise.resolve(this.events(RecordKind.Transition, q, (v) => v as TransitionRecord));
  }

  audit(q: TimeRange & { connectionId?: string } = {}): Promise<AuditEntry[]> {
    return Promise.resolve(this.events(RecordKind.Audit, q, (v) => v as AuditEntry));
  }

  feedback(q: TimeRange & { connectionId?: string } = {}): Promise<FeedbackRecord[]> {
    return Promise.resolve(this.events(RecordKind.Feedback, q, (v) => v as FeedbackRecord));
  }

  predictions(q: TimeRange & { connectionId?: string } = {}): Promise<PredictionRecord[]> {
    return Promise.resolve(this.events(RecordKind.Prediction, q, (v) => v as PredictionRecord));
  }

  alerts(q: TimeRange & { connectionId?: string } = {}): Promise<AlertRecord[]> {
    return Promise.resolve(this.events(RecordKind.Alert, q, (v) => v as AlertRecord));
  }

  // ---------------------------------------------------------------- roles

  /** Reader: picks up what the writer has made durable since (re-reads indexes and the newest segment). */
  async refresh(): Promise<void> {
    if (this.writer || this.closed) return;
    this.closeFiles();
    this.load();
  }

  /** Reader: becomes the writer if the lock is free now (the other window closed or crashed). */
  async tryPromote(): Promise<boolean> {
    if (this.writer) return true;
    if (this.closed || this.opts.role === 'reader') return false;
    fs.mkdirSync(this.dir, { recursive: true });
    if (!this.acquire()) return false;
    this.closeFiles();
    this.load();
    return true;
  }

  private closeFiles(): void {
    for (const s of this.segments) s.closeFiles();
    for (const s of this.segments) {
      s.appendFile?.close();
      s.appendFile = null;
    }
    this.active = null;
    this.activeEvents?.file.close();
    this.activeEvents = null;
    this.segments = [];
    this.eventFiles = [];
  }

  /** Waits for queued appends, closes files and releases the writer lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.committer.idle();
    this.closed = true;
    this.closeFiles();
    this.lock?.release();
    this.lock = null;
  }
}
