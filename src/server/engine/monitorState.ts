/**
 * Monitoring on/off and intervals, kept in `<storage>/monitoring.json` so they
 * survive restarts. Written atomically (temp file, fsync, rename, fsync of the
 * directory), so a crash leaves the old file or the new one, never half of one.
 * A file that cannot be read is moved aside and reported; monitoring then
 * starts from the defaults instead of failing.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { MONITOR_STATE_FILE } from './defaults';
import type { IntervalSpec } from './schedule';

export interface MonitorState {
  version: 1;
  enabled: boolean;
  /** The interval for connections without an override. */
  interval: IntervalSpec;
  /** Per-connection interval overrides set with the monitoring commands, keyed by connection id. */
  overrides: Record<string, IntervalSpec>;
}

/** Overrides kept at most (a guard for years of added and removed connections). */
export const MAX_OVERRIDES = 10_000;

export function defaultMonitorState(interval: IntervalSpec): MonitorState {
  return { version: 1, enabled: false, interval, overrides: {} };
}

function isIntervalSpec(v: unknown): v is IntervalSpec {
  return (typeof v === 'number' && Number.isFinite(v) && v > 0) || (typeof v === 'string' && v.trim().length > 0);
}

/** Validates parsed JSON; bad fields fall back to the defaults and are listed in `problems`. */
export function parseMonitorState(value: unknown, fallbackInterval: IntervalSpec): { state: MonitorState; problems: string[] } {
  const state = defaultMonitorState(fallbackInterval);
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { state, problems: ['not a JSON object'] };
  }
  const v = value as Record<string, unknown>;
  if (v.version !== 1) problems.push(`unknown version ${JSON.stringify(v.version)}`);
  if (typeof v.enabled === 'boolean') state.enabled = v.enabled;
  else if (v.enabled !== undefined) problems.push('"enabled" is not a boolean');
  if (isIntervalSpec(v.interval)) state.interval = v.interval;
  else if (v.interval !== undefined) problems.push('"interval" is not milliseconds or a cron expression');
  if (v.overrides && typeof v.overrides === 'object' && !Array.isArray(v.overrides)) {
    for (const [id, spec] of Object.entries(v.overrides as Record<string, unknown>).slice(0, MAX_OVERRIDES)) {
      if (isIntervalSpec(spec)) state.overrides[id] = spec;
      else problems.push(`override for "${id}" is not milliseconds or a cron expression`);
    }
  } else if (v.overrides !== undefined) problems.push('"overrides" is not an object');
  return { state, problems };
}

export interface LoadedMonitorState {
  state: MonitorState;
  /** Set when the file was unreadable or partly invalid: say so to the user. */
  warning?: string;
}

export class MonitorStateFile {
  readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    storageDir: string,
    private readonly fallbackInterval: IntervalSpec,
  ) {
    this.file = path.join(storageDir, MONITOR_STATE_FILE);
  }

  async load(): Promise<LoadedMonitorState> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: defaultMonitorState(this.fallbackInterval) };
      return { state: defaultMonitorState(this.fallbackInterval), warning: `cannot read ${this.file}: ${(err as Error).message}` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      const moved = await this.quarantine();
      return {
        state: defaultMonitorState(this.fallbackInterval),
        warning: `monitoring state ${this.file} is not valid JSON (${(err as Error).message}); ${moved ? `moved to ${moved}; ` : ''}starting from the defaults`,
      };
    }
    const { state, problems } = parseMonitorState(parsed, this.fallbackInterval);
    return problems.length ? { state, warning: `monitoring state ${this.file}: ${problems.join('; ')}` } : { state };
  }

  /** Saves atomically; concurrent calls are written in order. */
  save(state: MonitorState): Promise<void> {
    const snapshot = JSON.stringify(state, null, 2) + '\n';
    const next = this.writing.catch(() => undefined).then(() => this.writeAtomically(snapshot));
    this.writing = next;
    return next;
  }

  private async writeAtomically(text: string): Promise<void> {
    const dir = path.dirname(this.file);
    await fsp.mkdir(dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await fsp.open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, this.file);
    await fsyncDir(dir);
  }

  private async quarantine(): Promise<string | undefined> {
    const target = `${this.file}.corrupt-${Date.now()}`;
    try {
      await fsp.rename(this.file, target);
      return target;
    } catch {
      return undefined;
    }
  }
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const h = await fsp.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
  }
}
