/**
 * The engine's only view of time: wall-clock reads and one-shot timers. The
 * system clock is the real one; tests pass a fake that they advance by hand.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock epoch milliseconds. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds (0 when negative). */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** Node refuses delays above 2^31-1 ms (it fires them at once); longer waits are chained. */
const MAX_NODE_DELAY = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = (remaining: number): void => {
      const step = Math.min(Math.max(0, remaining), MAX_NODE_DELAY);
      handle = setTimeout(() => {
        if (cancelled) return;
        if (remaining > step) arm(remaining - step);
        else fn();
      }, step);
    };
    arm(ms);
    return {
      cancel() {
        cancelled = true;
        if (handle) clearTimeout(handle);
      },
    };
  },
};

/** Resolves after `ms` on `clock`, or rejects with the signal's reason when aborted first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(abortReason(signal!));
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
