/**
 * Persistence of the per-user diagnosis state (pattern statistics, learned
 * patterns, recent feedback) through an injected interface. The JSON-file
 * implementation writes atomically (temp file, fsync, rename) in a directory it
 * is given (the workspace storage), independent of the monitoring store.
 *
 * Several processes (editor windows, a headless monitor) may share the folder:
 * `update` reads the file, applies the caller's changes and writes it back while
 * holding the folder's lock (`writer.lock`, the store's O_EXCL lock with stale
 * takeover), so no process's update overwrites another's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WriterLock } from '../store/writerLock';
import type { LearnedPattern } from './learned';
import type { PatternStats } from './stats';

export type FeedbackType = 'error_analysis' | 'fix_suggestion' | 'config_validation';

export interface FeedbackRecord {
  type: FeedbackType;
  /** Pattern id (error_analysis), fix id (fix_suggestion) or rule/finding id (config_validation). */
  targetId: string;
  /** The pattern the diagnosis came from, for fix_suggestion. */
  patternId?: string;
  helpful: boolean;
  /** Redacted before it is stored. */
  comment?: string;
  at: number;
}

export interface DiagnosisState {
  version: 1;
  stats: Record<string, PatternStats>;
  learned: LearnedPattern[];
  /** Most recent feedback, newest last, bounded. */
  feedback: FeedbackRecord[];
}

export function emptyState(): DiagnosisState {
  return { version: 1, stats: {}, learned: [], feedback: [] };
}

export interface DiagnosisStatsStore {
  load(): Promise<DiagnosisState>;
  /** Replaces the stored state. */
  save(state: DiagnosisState): Promise<void>;
  /** Applies `change` to the stored state as it is now (no other update in between); resolves with the result. */
  update(change: (current: DiagnosisState) => DiagnosisState): Promise<DiagnosisState>;
}

/** Keeps the state in memory (tests, no workspace). */
export class MemoryStatsStore implements DiagnosisStatsStore {
  private state: DiagnosisState = emptyState();
  saves = 0;
  async load(): Promise<DiagnosisState> {
    return structuredClone(this.state);
  }
  async save(state: DiagnosisState): Promise<void> {
    this.saves++;
    this.state = structuredClone(state);
  }
  async update(change: (current: DiagnosisState) => DiagnosisState): Promise<DiagnosisState> {
    this.saves++;
    this.state = structuredClone(change(structuredClone(this.state)));
    return structuredClone(this.state);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Accepts only a well-formed state; anything else is treated as corrupt. */
export function parseState(text: string): DiagnosisState {
  const v = JSON.parse(text) as unknown;
  if (!isRecord(v) || v.version !== 1 || !isRecord(v.stats) || !Array.isArray(v.learned) || !Array.isArray(v.feedback)) {
    throw new Error('not a DB Pulse diagnosis state (version 1)');
  }
  return v as unknown as DiagnosisState;
}

export interface JsonFileStoreOptions {
  fileName?: string;
  /** How long an update waits for another process's update to finish (default 10 s). */
  lockWaitMs?: number;
  /** Told when a corrupt file was set aside (the message names the file, nothing secret). */
  onWarning?: (message: string) => void;
}

export class JsonFileStatsStore implements DiagnosisStatsStore {
  readonly file: string;
  private readonly onWarning: (message: string) => void;
  private chain: Promise<void> = Promise.resolve();
  private readonly lockWaitMs: number;

  constructor(
    readonly dir: string,
    options: JsonFileStoreOptions = {},
  ) {
    this.file = path.join(dir, options.fileName ?? 'diagnosis-stats.json');
    this.onWarning = options.onWarning ?? (() => undefined);
    this.lockWaitMs = options.lockWaitMs ?? 10_000;
  }

  async load(): Promise<DiagnosisState> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw new Error(`cannot read ${this.file}: ${(err as Error).message}`);
    }
    try {
      return parseState(text);
    } catch (err) {
      const aside = `${this.file}.corrupt-${process.pid}-${Date.now()}`;
      await fs.promises.rename(this.file, aside).catch(() => undefined);
      this.onWarning(
        `diagnosis statistics in ${this.file} were unreadable (${(err as Error).message}); moved to ${aside} and starting afresh`,
      );
      return emptyState();
    }
  }

  /** Replaces the file atomically (under the folder's lock). */
  async save(state: DiagnosisState): Promise<void> {
    await this.update(() => state);
  }

  /** Read, change, write under the folder's lock; updates from this process are serialised too. */
  update(change: (current: DiagnosisState) => DiagnosisState): Promise<DiagnosisState> {
    const run = this.chain.then(async () => {
      await fs.promises.mkdir(this.dir, { recursive: true });
      const lock = await this.acquire();
      try {
        const next = change(await this.load());
        await this.writeAtomic(`${JSON.stringify(next)}\n`);
        return next;
      } finally {
        lock.release();
      }
    });
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async acquire(): Promise<WriterLock> {
    const until = Date.now() + this.lockWaitMs;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      const r = WriterLock.tryAcquire(this.dir, Date.now());
      if ('lock' in r) return r.lock;
      if (Date.now() > until)
        throw new Error(`diagnosis statistics in ${this.dir} stayed locked by process ${r.holder?.pid ?? '?'} for ${this.lockWaitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
  }

  private async writeAtomic(text: string): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const fh = await fs.promises.open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fs.promises.rename(tmp, this.file);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }
}
