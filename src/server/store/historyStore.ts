/**
 * The durable history store: probe results, transitions, feedback and audit entries in
 * append-only, CRC-checked segment files (see docs/storage.md for the design and why).
 *
 * This file is the façade; the work is done by its parts:
 * - segments.ts: raw daily segments and their indexes (open, repair, append, seal)
 * - eventLog.ts: the monthly event files (transitions, feedback, audit)
 * - maintenance.ts: retention (hourly roll-ups of expired days, deletion of expired months)
 * - queries.ts: every read (asynchronous)
 *
 * - `append*()` resolves only once the record is fdatasync'ed (group commit).
 * - Opening repairs what a crash left (see fileRecovery.ts) and reports it in `reports`.
 * - One process is the writer (writer.lock); others open read-only and `refresh()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorCategory } from '../../shared/categories';
import type { ProbeResult } from '../../shared/probe';
import { CategoryCodes } from './codes';
import { EventLog } from './eventLog';
import type { RepairOptions } from './fileRecovery';
import { errorMessage } from '../../shared/errors';
import { isMissing, writeFileAtomic } from './fsUtil';
import { GroupCommitter } from './groupCommit';
import { EVENTS_DIR, FORMAT_FILE, QUARANTINE_DIR, RAW_DIR, ROLLUP_DIR } from './layout';
import { runMaintenance } from './maintenance';
import { StoreQueries } from './queries';
import { encodeRecord, isDecodable, normalise } from './recordCodec';
import type { RetentionPolicy } from './retention';
import { checkRetention, DEFAULT_RETENTION } from './retention';
import { RawSegments } from './segments';
import type { StoreContext } from './storeContext';
import type {
  AlertRecord,
  AuditEntry,
  FeedbackRecord,
  PredictionRecord,
  LatestState,
  Series,
  StoreClock,
  StoredRecord,
  StoreOptions,
  StoreReport,
  TimeRange,
  TransitionRecord,
  Uptime,
} from './types';
import { WriterLock } from './writerLock';

export { AUTO_RAW_MAX_RANGE_MS } from './queries';

const FORMAT_VERSION = 1;

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

export class StoreNotWriterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotWriterError';
  }
}

export class HistoryStore {
  readonly dir: string;
  /** What opening (and maintenance) found and handled: torn tails, quarantined files, rebuilt indexes. */
  readonly reports: StoreReport[] = [];
  private readonly latest = new Map<string, LatestState>();
  private codes = new CategoryCodes([]);
  private role: 'writer' | 'reader' = 'reader';
  private lock: WriterLock | null = null;
  private lockHolder: string | null = null;
  private closed = false;
  /** Reports made before this are returned by `open()` in `reports`; later ones also go to `onReport`. */
  private opened = false;
  private readonly committer: GroupCommitter;
  /** What the parts see of the store (kept off the façade's public API). */
  private readonly ctx: StoreContext = this.context();
  private readonly segments = new RawSegments(this.ctx);
  private readonly events = new EventLog(this.ctx);
  private readonly queries = new StoreQueries(this.ctx, this.segments, this.events);

  private constructor(
    private readonly opts: Required<Pick<StoreOptions, 'role' | 'compress'>> & {
      onReport?: (r: StoreReport) => void;
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
      ...(options.onReport ? { onReport: options.onReport } : {}),
    });
    await store.start();
    store.opened = true;
    return store;
  }

  /** `writer` appends; `reader` only reads (another process holds the writer lock). */
  get currentRole(): 'writer' | 'reader' {
    return this.role;
  }

  // ---------------------------------------------------------------- the context the parts share

  private context(): StoreContext {
    // the getters below read the store's live state (role, codes change on promotion and reload)
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- object-literal getters have their own `this`
    const store = this;
    return {
      get dir() {
        return store.dir;
      },
      get compress() {
        return store.opts.compress;
      },
      get retention() {
        return store.opts.retention;
      },
      get writer() {
        return store.writer;
      },
      get codes() {
        return store.codes;
      },
      get latest() {
        return store.latest;
      },
      now: () => store.now(),
      sub: (name) => path.join(store.dir, name),
      report: (r) => store.report(r),
      repairOpts: (): RepairOptions => ({
        repair: store.writer,
        quarantineDir: path.join(store.dir, QUARANTINE_DIR),
        now: Date.now(),
        report: (r) => store.report(r),
        decodable: isDecodable,
      }),
      listDir,
    };
  }

  private get writer(): boolean {
    return this.role === 'writer';
  }

  private now(): number {
    return this.opts.clock.now();
  }

  private report(r: StoreReport): void {
    this.reports.push(r);
    if (this.opened) this.opts.onReport?.(r);
  }

  private sub(name: string): string {
    return path.join(this.dir, name);
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

  private load(): void {
    if (this.writer) for (const d of [RAW_DIR, EVENTS_DIR, ROLLUP_DIR]) fs.mkdirSync(this.sub(d), { recursive: true });
    this.loadFormat();
    this.segments.load();
    this.events.load();
    if (this.writer) this.runMaintenance();
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

  // ---------------------------------------------------------------- writing

  private checkStillWriter(): void {
    if (this.closed) throw new Error('history store is closed');
    if (!this.writer || !this.lock) throw new StoreNotWriterError('history store: this process is not the writer');
    if (this.lock.stillHeld()) return;
    // Deleted under us (nobody else took it): take it back, say so, and go on writing.
    if (this.lock.reacquire()) {
      this.report({ kind: 'lock_reacquired', file: this.lock.file });
      return;
    }
    const h = this.lock.holder();
    const holder = h ? `pid ${h.pid} on ${h.hostname}` : 'another process';
    this.role = 'reader';
    this.lockHolder = holder;
    this.report({ kind: 'lock_lost', file: this.lock.file, holder });
    this.lock = null;
    throw new StoreNotWriterError(`history store: the writer lock of ${this.dir} was taken by ${holder}; this process is now read-only`);
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
    if (rec.type === 'probe') await this.segments.append(rec.value, frame, this.committer, () => this.runMaintenance());
    else await this.events.append(rec, frame, this.committer);
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
    runMaintenance(this.ctx, this.segments, this.events);
    return this.reports.slice(before);
  }

  // ---------------------------------------------------------------- reading

  /** Latest probe state and breaker state of every connection with stored history. */
  latestStates(): LatestState[] {
    return [...this.latest.values()].sort((a, b) => a.connectionId.localeCompare(b.connectionId));
  }

  latestState(connectionId: string): LatestState | undefined {
    return this.latest.get(connectionId);
  }

  /** The newest `limit` probe results of a connection (oldest first), optionally before a time. */
  lastResults(connectionId: string, limit = 100, before = Infinity): Promise<ProbeResult[]> {
    return this.queries.lastResults(connectionId, limit, before);
  }

  /**
   * Every stored raw probe result in a time range, one connection or all, in time order
   * per day. Streams: memory stays bounded by one day's segment.
   */
  results(q: TimeRange & { connectionId?: string } = {}): AsyncGenerator<ProbeResult> {
    return this.queries.results(q);
  }

  /**
   * A connection's series over [from, to): raw points or hourly buckets. `auto` picks raw
   * for ranges up to 2 days, hourly beyond. Hours whose raw days have expired come from
   * the roll-ups. Hourly series are widened to whole hours.
   */
  series(connectionId: string, from: number, to: number, resolution: 'auto' | 'raw' | 'hour' = 'auto'): Promise<Series> {
    return this.queries.series(connectionId, from, to, resolution);
  }

  /**
   * Uptime (up or degraded, over probes) for the last 24 hours, 7 days and 30 days. Exact
   * where raw results are kept; where only roll-ups remain, whole hours inside the window count.
   */
  uptime(connectionId: string): Promise<Uptime> {
    return this.queries.uptime(connectionId);
  }

  /** Failed probes by error category over [from, to), for one connection or all. */
  errorCounts(q: TimeRange & { connectionId?: string } = {}): Promise<Partial<Record<ErrorCategory, number>>> {
    return this.queries.errorCounts(q);
  }

  /** Every connection id with raw history or roll-ups. */
  knownConnections(): string[] {
    return this.queries.knownConnections();
  }

  transitions(q: TimeRange & { connectionId?: string } = {}): Promise<TransitionRecord[]> {
    return this.queries.transitions(q);
  }

  audit(q: TimeRange & { connectionId?: string } = {}): Promise<AuditEntry[]> {
    return this.queries.audit(q);
  }

  feedback(q: TimeRange & { connectionId?: string } = {}): Promise<FeedbackRecord[]> {
    return this.queries.feedback(q);
  }

  predictions(q: TimeRange & { connectionId?: string } = {}): Promise<PredictionRecord[]> {
    return this.queries.predictions(q);
  }

  alerts(q: TimeRange & { connectionId?: string } = {}): Promise<AlertRecord[]> {
    return this.queries.alerts(q);
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
    this.segments.close();
    this.events.close();
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
