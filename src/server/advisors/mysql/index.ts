/** The MySQL / MariaDB advisor: snapshot, analysis, and the cost optimiser's inputs. */
import type { CounterSample } from '../../cost/volume';
import type { StatementStat } from '../../cost/recommend';
import { num, rowsOf, type Analysis, type Thresholds } from '../types';
import { analyzeMysql, shortDigest, type MysqlSnapshot } from './analyze';
import { collectMysql, type MysqlSession } from './collect';

export interface MysqlAdvice extends Analysis {
  serverVersion: string | null;
  counter: CounterSample[];
  statements: StatementStat[];
  connections?: { peak: number; max: number };
  cacheHitRate?: number;
}

export async function adviseMysql(
  session: MysqlSession,
  opts: { timeoutMs: number; thresholds: Thresholds; now?: number },
): Promise<MysqlAdvice> {
  const snap = await collectMysql(session, opts.timeoutMs);
  return { ...analyzeMysql(snap, opts.thresholds), ...mysqlCostInputs(snap, opts.now ?? Date.now()) };
}

export function mysqlCostInputs(snap: MysqlSnapshot, now: number): Omit<MysqlAdvice, keyof Analysis> {
  const uptime = num(snap.status.get('Uptime'));
  const questions = num(snap.status.get('Questions'));
  const counter =
    Number.isFinite(uptime) && Number.isFinite(questions)
      ? [
          { at: now - uptime * 1000, value: 0 },
          { at: now, value: questions },
        ]
      : [];
  const statements = (rowsOf(snap.digests) ?? []).map((r) => ({
    id: shortDigest(r.digest),
    query: r.query,
    calls: num(r.calls),
    meanMs: num(r.mean_ms),
    timeShare: num(r.all_ms) > 0 ? num(r.total_ms) / num(r.all_ms) : 0,
    callShare: num(r.all_calls) > 0 ? num(r.calls) / num(r.all_calls) : 0,
  }));
  const requests = num(snap.status.get('Innodb_buffer_pool_read_requests'));
  const max = num(snap.variables.get('max_connections'));
  return {
    serverVersion: snap.variables.get('version') ?? null,
    counter,
    statements,
    ...(max > 0 ? { connections: { peak: num(snap.status.get('Max_used_connections')), max } } : {}),
    ...(requests > 0 ? { cacheHitRate: 1 - num(snap.status.get('Innodb_buffer_pool_reads')) / requests } : {}),
  };
}
