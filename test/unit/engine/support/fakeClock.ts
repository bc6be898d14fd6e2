/** A hand-driven clock for engine tests: time moves only when the test says so. */
import type { Clock, TimerHandle } from '../../../../src/server/engine/clock';

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { id: ++this.seq, due: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { cancel: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Timers armed and not yet fired or cancelled. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing each timer at its due time in order, letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flush();
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.current = Math.max(this.current, next.due);
      this.timers = this.timers.filter((t) => t !== next);
      next.fn();
      await flush();
    }
    this.current = target;
    await flush();
  }

  /** Advances in small steps (so timers armed from promise callbacks fire on time too). */
  async advanceBy(ms: number, step = 100): Promise<void> {
    for (let done = 0; done < ms; done += step) await this.advance(Math.min(step, ms - done));
  }

  /**
   * The machine sleeps for `ms`: the wall clock jumps and nothing fires during
   * the gap; on wake, the overdue timers fire at once (late), as they do after a suspend.
   */
  async suspend(ms: number): Promise<void> {
    this.current += ms;
    await this.advance(0);
  }

  /** The wall clock is set back (or forward) without any timer firing. */
  setWallClock(to: number): void {
    const delta = to - this.current;
    this.current = to;
    for (const t of this.timers) t.due += delta;
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers) if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  }
}

/** Lets every queued promise callback run (microtasks drain before the next macrotask). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
}

export { seededRandom } from '../../../support/random';
