/**
 * "N failures within W milliseconds" as a cockatiel `IBreaker`. Cockatiel's
 * own breakers do not express this rule: `ConsecutiveBreaker` resets on any
 * success, `CountBreaker` looks at the last N calls whatever their age, and
 * `SamplingBreaker` needs a failure *rate* and a minimum request rate (by
 * default 5 failures per second), which a probe every few minutes never meets.
 *
 * The clock is injected. Memory is bounded: at most `threshold` timestamps.
 */
import { CircuitState, type IBreaker } from 'cockatiel';

export interface WindowBreakerOptions {
  threshold: number;
  windowMs: number;
  now: () => number;
}

export class WindowFailureBreaker implements IBreaker {
  /** Failure timestamps inside the window, oldest first; never longer than `threshold`. */
  private failures: number[] = [];

  constructor(private readonly options: WindowBreakerOptions) {
    if (!(options.threshold >= 1)) throw new RangeError('threshold must be at least 1');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be positive');
  }

  get state(): unknown {
    return { failures: [...this.failures] };
  }

  set state(value: unknown) {
    const failures = (value as { failures?: unknown } | null)?.failures;
    this.failures = Array.isArray(failures)
      ? failures.filter((f): f is number => typeof f === 'number').slice(-this.options.threshold)
      : [];
  }

  /** Failures currently counted against the window. */
  count(): number {
    this.prune(this.options.now());
    return this.failures.length;
  }

  success(state: CircuitState): void {
    // A successful trial closes the circuit: start counting afresh.
    if (state === CircuitState.HalfOpen) this.failures = [];
  }

  failure(state: CircuitState): boolean {
    const now = this.options.now();
    this.prune(now);
    this.failures.push(now);
    if (this.failures.length > this.options.threshold) this.failures.shift();
    // A failed trial re-opens at once; otherwise open at the threshold.
    if (state === CircuitState.HalfOpen) return true;
    return this.failures.length >= this.options.threshold;
  }

  reset(): void {
    this.failures = [];
  }

  private prune(now: number): void {
    const horizon = now - this.options.windowMs;
    let drop = 0;
    while (drop < this.failures.length && this.failures[drop] <= horizon) drop++;
    if (drop) this.failures.splice(0, drop);
  }
}
