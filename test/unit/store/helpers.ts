/** Test helpers for the store: temp dirs, a fake clock, probe results. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ErrorCategory } from '../../../src/shared/categories';
import type { HealthState, ProbeResult } from '../../../src/shared/probe';

export function tempDir(prefix = 'dbpulse-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export class FakeClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export function probe(
  connectionId: string,
  startedAt: number,
  state: HealthState = 'up',
  totalMs = 10,
  category?: ErrorCategory,
): ProbeResult {
  const r: ProbeResult = {
    connectionId,
    provider: 'postgres',
    startedAt,
    state,
    timings: { connectMs: totalMs / 2, totalMs },
    serverVersion: 'PostgreSQL 16.4',
    metrics: { activeConnections: 3, seq: startedAt },
  };
  if (state === 'down')
    r.error = { message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED', category: category ?? 'conn_refused' };
  return r;
}

export const T0 = Date.UTC(2025, 0, 1);
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
