/**
 * Retry delays: cockatiel's exponential backoff (1 → 2 → 4 → 8 → 16 s by
 * default) with symmetric ±jitter, which cockatiel's own generators do not
 * offer (theirs are full, half or decorrelated jitter). Pure: the random
 * source is injected, and nothing here waits.
 */
import { ExponentialBackoff, noJitterGenerator, type GeneratorFn, type IBackoff } from 'cockatiel';
import type { EngineSettings } from './defaults';

export type RandomSource = () => number;

/** Multiplies cockatiel's un-jittered exponential delay by a factor in [1 - jitter, 1 + jitter]. */
export function plusMinusJitterGenerator(jitter: number, random: RandomSource): GeneratorFn<number> {
  return (state, options) => {
    const [nominal, next] = noJitterGenerator(state, options);
    const factor = 1 - jitter + 2 * jitter * random();
    return [Math.round(nominal * factor), next];
  };
}

export type BackoffSettings = Pick<EngineSettings, 'backoffInitialMs' | 'backoffMaxMs' | 'backoffJitter'>;

/** A fresh backoff sequence; call `.next()` for the first delay, then `.next()` on that for the following ones. */
export function createBackoff(settings: BackoffSettings, random: RandomSource = Math.random): ExponentialBackoff<number> {
  return new ExponentialBackoff<number>({
    generator: plusMinusJitterGenerator(settings.backoffJitter, random),
    initialDelay: settings.backoffInitialMs,
    maxDelay: settings.backoffMaxMs,
  });
}

/** Walks a backoff sequence one delay at a time. */
export class BackoffCursor {
  private current: IBackoff<unknown> | undefined;

  constructor(private readonly factory: ExponentialBackoff<number>) {}

  /** The next delay in milliseconds. */
  next(): number {
    this.current = this.current ? this.current.next(undefined) : this.factory.next();
    return this.current.duration;
  }
}

/** The nominal (un-jittered) delays, for documentation and tests: [1000, 2000, 4000, 8000, 16000] by default. */
export function nominalDelays(settings: BackoffSettings, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.min(settings.backoffMaxMs, settings.backoffInitialMs * 2 ** i));
  return out;
}
