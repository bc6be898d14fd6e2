/**
 * The one-byte codes written in frame bodies and index entries for states and error
 * categories (pure). Category codes come from the list saved in the store's format file
 * when it was created, extended at the end for categories added since, so a reordered
 * ERROR_CATEGORIES never changes the meaning of stored bytes.
 */
import { ERROR_CATEGORIES, isErrorCategory } from '../../shared/categories';
import type { ErrorCategory } from '../../shared/categories';
import type { HealthState } from '../../shared/probe';
import type { BreakerState } from './types';

const STATES = ['up', 'degraded', 'down', 'CLOSED', 'OPEN', 'HALF_OPEN'] as const;
export type StateName = (typeof STATES)[number];

export const STATE_UP = 1;
export const STATE_DEGRADED = 2;
export const STATE_DOWN = 3;

export function stateCode(s: HealthState | BreakerState): number {
  const i = (STATES as readonly string[]).indexOf(s);
  if (i < 0) throw new TypeError(`unknown state '${String(s)}'`);
  return i + 1;
}

export function stateName(code: number): StateName | undefined {
  return STATES[code - 1];
}

export function healthFromCode(code: number): HealthState | undefined {
  return code === STATE_UP ? 'up' : code === STATE_DEGRADED ? 'degraded' : code === STATE_DOWN ? 'down' : undefined;
}

export function breakerFromCode(code: number): BreakerState | undefined {
  const n = stateName(code);
  return n === 'CLOSED' || n === 'OPEN' || n === 'HALF_OPEN' ? n : undefined;
}

export class CategoryCodes {
  private readonly byName = new Map<string, number>();
  readonly list: readonly string[];

  /** `stored`: the list from the format file (empty for a new store). */
  constructor(stored: readonly string[]) {
    const list = [...stored];
    for (const c of ERROR_CATEGORIES) if (!list.includes(c)) list.push(c);
    if (list.length > 255) throw new Error('too many error categories for a one-byte code');
    this.list = list;
    list.forEach((c, i) => this.byName.set(c, i + 1));
  }

  /** True when the list differs from what was stored (the format file must be rewritten). */
  changedFrom(stored: readonly string[]): boolean {
    return stored.length !== this.list.length;
  }

  code(category: ErrorCategory | undefined): number {
    return category === undefined ? 0 : (this.byName.get(category) ?? this.byName.get('unknown') ?? 0);
  }

  name(code: number): ErrorCategory | undefined {
    if (code === 0) return undefined;
    const n = this.list[code - 1];
    return isErrorCategory(n) ? n : 'unknown';
  }
}
