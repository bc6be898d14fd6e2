/**
 * Which maintenance window covers a connection at a time (pure; croner only computes dates).
 * A one-off window covers [start, end); a recurring one covers [run, run + duration) for each
 * cron run, so the window that covers `at` is the first run after `at - duration`, if it is ≤ `at`.
 */
import { Cron } from 'croner';
import { appliesTo, type MaintenanceWindow } from '../../../shared/alertRules';
import { errorMessage } from '../../../shared/errors';

interface Compiled {
  window: MaintenanceWindow;
  start?: number;
  end?: number;
  cron?: Cron;
  durationMs?: number;
}

export class MaintenanceCalendar {
  private compiled: Compiled[] = [];
  readonly problems: string[] = [];

  constructor(
    windows: readonly MaintenanceWindow[] = [],
    private readonly timezone?: string,
  ) {
    this.set(windows);
  }

  set(windows: readonly MaintenanceWindow[]): void {
    this.compiled = [];
    this.problems.length = 0;
    for (const w of windows) {
      if (w.cron) {
        try {
          const cron = new Cron(w.cron, { paused: true, ...(this.timezone ? { timezone: this.timezone } : {}) });
          this.compiled.push({ window: w, cron, durationMs: (w.durationMinutes ?? 0) * 60_000 });
        } catch (err) {
          this.problems.push(`maintenance window '${w.id}': "cron" is not a cron expression (${errorMessage(err)})`);
        }
      } else if (w.start && w.end) this.compiled.push({ window: w, start: Date.parse(w.start), end: Date.parse(w.end) });
    }
  }

  /** The id of a window covering the connection at `at`, if any. */
  activeFor(connectionId: string, tags: readonly string[], at: number): string | undefined {
    for (const c of this.compiled) {
      if (!appliesTo(c.window, connectionId, tags)) continue;
      if (covers(c, at)) return c.window.id;
    }
    return undefined;
  }

  /** Whether any window (whatever it applies to) covers `at`: workspace rules pause only for a window with no filter. */
  activeForWorkspace(at: number): string | undefined {
    for (const c of this.compiled) if (!c.window.connections?.length && !c.window.tags?.length && covers(c, at)) return c.window.id;
    return undefined;
  }
}

function covers(c: Compiled, at: number): boolean {
  if (c.cron) {
    const run = c.cron.nextRun(new Date(at - c.durationMs!));
    return !!run && run.getTime() <= at;
  }
  return at >= c.start! && at < c.end!;
}
