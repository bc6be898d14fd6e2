/**
 * The per-connection circuit: CLOSED → OPEN → HALF_OPEN → CLOSED | OPEN.
 *
 * Cockatiel's `CircuitBreakerPolicy` reads `Date.now()` itself and only moves
 * to half-open lazily inside `execute()`, so it can neither run on an injected
 * clock nor announce HALF_OPEN when it happens (the tree tooltip shows it).
 * This class keeps cockatiel's model and its `IBreaker` contract (the decision
 * to open belongs to the breaker, here `WindowFailureBreaker`) and drives the
 * states on the injected clock, with one cancellable timer at most.
 */
import { CircuitState, type IBreaker } from 'cockatiel';
import type { BreakerState } from '../../shared/history';
import type { Clock, TimerHandle } from './clock';

export interface CircuitTransition {
  from: BreakerState;
  to: BreakerState;
  at: number;
}

export type Admission = 'allowed' | 'trial' | 'rejected';

export interface CircuitOptions {
  breaker: IBreaker & { reset?(): void };
  halfOpenAfterMs: number;
  clock: Clock;
  onTransition?: (t: CircuitTransition) => void;
}

const TO_COCKATIEL: Record<BreakerState, CircuitState> = {
  CLOSED: CircuitState.Closed,
  OPEN: CircuitState.Open,
  HALF_OPEN: CircuitState.HalfOpen,
};

export class Circuit {
  private current: BreakerState = 'CLOSED';
  private openedAt: number | undefined;
  private halfOpenTimer: TimerHandle | undefined;
  private trialInFlight = false;

  constructor(private readonly options: CircuitOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  /** When the circuit last opened (epoch ms), while it is OPEN or HALF_OPEN. */
  get lastOpenedAt(): number | undefined {
    return this.openedAt;
  }

  /**
   * May an attempt run now? CLOSED: yes. OPEN: no (`force` — a user's "probe
   * now" — runs it as a trial). HALF_OPEN: one trial at a time.
   */
  admit(force = false): Admission {
    if (this.current === 'CLOSED') return 'allowed';
    if (this.trialInFlight) return 'rejected';
    if (this.current === 'OPEN' && !force) return 'rejected';
    this.trialInFlight = true;
    return 'trial';
  }

  /** Records an attempt's outcome; `admission` is what `admit()` returned for it. */
  record(success: boolean, admission: Admission): void {
    if (admission === 'rejected') return;
    const cockatielState = admission === 'trial' ? CircuitState.HalfOpen : TO_COCKATIEL[this.current];
    if (admission === 'trial') this.trialInFlight = false;
    if (success) {
      this.options.breaker.success(cockatielState);
      if (admission === 'trial' || this.current !== 'CLOSED') this.close();
      return;
    }
    const shouldOpen = this.options.breaker.failure(cockatielState);
    if (admission === 'trial' || (shouldOpen && this.current === 'CLOSED')) this.open();
  }

  /** Releases a trial slot without an outcome (the attempt was cancelled). */
  release(admission: Admission): void {
    if (admission === 'trial') this.trialInFlight = false;
  }

  dispose(): void {
    this.halfOpenTimer?.cancel();
    this.halfOpenTimer = undefined;
  }

  private open(): void {
    const at = this.options.clock.now();
    this.openedAt = at;
    this.transition('OPEN', at);
    this.halfOpenTimer?.cancel();
    this.halfOpenTimer = this.options.clock.setTimer(() => {
      this.halfOpenTimer = undefined;
      if (this.current === 'OPEN') this.transition('HALF_OPEN', this.options.clock.now());
    }, this.options.halfOpenAfterMs);
  }

  private close(): void {
    this.dispose();
    this.openedAt = undefined;
    this.options.breaker.reset?.();
    this.transition('CLOSED', this.options.clock.now());
  }

  private transition(to: BreakerState, at: number): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.options.onTransition?.({ from, to, at });
  }
}
