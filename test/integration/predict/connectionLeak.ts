/**
 * A connection leak against a real server: each call to `leak(n)` opens n real client connections
 * that are never closed (until `release()`), the way an application that forgets to release its
 * clients does. A refusal by the server (its "too many connections" error) is recorded, not thrown.
 */
import { Client } from 'pg';
import * as mysql from 'mysql2/promise';

export interface LeakTarget {
  /** Opens one real connection. */
  open(): Promise<{ close(): Promise<void> }>;
  /** True for the server's own "too many connections" refusal. */
  isLimit(err: unknown): boolean;
}

export interface LeakRound {
  opened: number;
  refused: boolean;
}

export class ConnectionLeak {
  private readonly held: Array<{ close(): Promise<void> }> = [];
  refusals = 0;
  constructor(private readonly target: LeakTarget) {}

  get open(): number {
    return this.held.length;
  }

  /** Opens up to n connections; stops at the first refusal. Other errors are real failures and throw. */
  async leak(n: number): Promise<LeakRound> {
    let opened = 0;
    for (let i = 0; i < n; i++) {
      try {
        this.held.push(await this.target.open());
        opened++;
      } catch (err) {
        if (!this.target.isLimit(err)) throw err;
        this.refusals++;
        return { opened, refused: true };
      }
    }
    return { opened, refused: false };
  }

  async release(): Promise<void> {
    await Promise.all(this.held.splice(0).map((c) => c.close().catch(() => undefined)));
  }
}

/** PostgreSQL: SQLSTATE 53300 (too_many_connections, also raised for the superuser-reserved slots). */
export function pgLeakTarget(o: { port: number; user: string; password: string; database: string }): LeakTarget {
  return {
    async open() {
      const c = new Client({
        host: '127.0.0.1',
        port: o.port,
        user: o.user,
        password: o.password,
        database: o.database,
        application_name: 'leaky-app',
      });
      c.on('error', () => undefined);
      await c.connect();
      return { close: () => c.end() };
    },
    isLimit: (err) => (err as { code?: string }).code === '53300',
  };
}

/** MySQL / MariaDB: ER_CON_COUNT_ERROR (1040). */
export function mysqlLeakTarget(o: { port: number; user: string; password: string }): LeakTarget {
  return {
    async open() {
      const c = await mysql.createConnection({ host: '127.0.0.1', port: o.port, user: o.user, password: o.password });
      c.on('error', () => undefined);
      return { close: () => c.end() };
    },
    isLimit: (err) => (err as { errno?: number }).errno === 1040,
  };
}

/**
 * Leak sizes per simulated minute: each run of `sizes.length` minutes uses every size once, in a
 * seeded random order (a shuffled bag). The rate jitters from minute to minute but does not drift,
 * so the truth is set by the leak's rate, not by a random walk no forecaster could foresee.
 */
export function jitteredLeakSizes(random: () => number, sizes: readonly number[] = [1, 2, 3]): () => number {
  let bag: number[] = [];
  return () => {
    if (bag.length === 0) {
      bag = [...sizes];
      for (let i = bag.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [bag[i], bag[j]] = [bag[j], bag[i]];
      }
    }
    return bag.pop() as number;
  };
}
