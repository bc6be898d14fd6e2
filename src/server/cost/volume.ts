/**
 * Request volume measured from the provider's own cumulative counters
 * (PostgreSQL xact_commit + xact_rollback, MySQL Questions, MongoDB
 * opcounters), pure: deltas between samples (a drop is a counter reset: the
 * new value is the delta), extrapolated to a month. With a day or more
 * observed, each hour of the day gets its own observed rate (the daily
 * pattern); with less, the observed average rate is used, and the basis says so.
 */
import { HOURS_PER_MONTH } from './models';

export interface CounterSample {
  /** Epoch milliseconds. */
  at: number;
  value: number;
}

export interface Volume {
  requestsPerMonth: number;
  hoursObserved: number;
  basis: string;
}

const HOUR = 3_600_000;

export function requestVolume(samples: CounterSample[], counter: string): Volume | null {
  const s = [...samples].filter((x) => Number.isFinite(x.value) && Number.isFinite(x.at)).sort((a, b) => a.at - b.at);
  if (s.length < 2) return null;
  const hoursObserved = (s[s.length - 1].at - s[0].at) / HOUR;
  if (hoursObserved <= 0) return null;
  const perHour = new Array<number>(24).fill(0);
  const hoursIn = new Array<number>(24).fill(0);
  let total = 0;
  for (let i = 1; i < s.length; i++) {
    const delta = s[i].value >= s[i - 1].value ? s[i].value - s[i - 1].value : s[i].value;
    total += delta;
    // Spread the interval's requests evenly over the clock hours it spans.
    const span = s[i].at - s[i - 1].at;
    let t = s[i - 1].at;
    while (t < s[i].at) {
      const next = Math.min(s[i].at, (Math.floor(t / HOUR) + 1) * HOUR);
      const h = new Date(t).getUTCHours();
      perHour[h] += (delta * (next - t)) / span;
      hoursIn[h] += (next - t) / HOUR;
      t = next;
    }
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  if (hoursObserved >= 24 && hoursIn.every((h) => h > 0)) {
    const daily = perHour.reduce((a, n, h) => a + n / hoursIn[h], 0);
    return {
      requestsPerMonth: Math.round((daily * HOURS_PER_MONTH) / 24),
      hoursObserved: round(hoursObserved),
      basis: `${counter} deltas over ${round(hoursObserved)} h observed, extrapolated to ${HOURS_PER_MONTH} h with the observed rate of each hour of the day`,
    };
  }
  return {
    requestsPerMonth: Math.round((total / hoursObserved) * HOURS_PER_MONTH),
    hoursObserved: round(hoursObserved),
    basis: `${counter} delta over ${round(hoursObserved)} h observed (less than a day: no daily pattern), extrapolated to ${HOURS_PER_MONTH} h at the average rate`,
  };
}
