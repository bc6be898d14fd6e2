/**
 * The PostgreSQL (and Supabase) advisor: collect the snapshot over one
 * session, analyse it, and gather what the cost optimiser needs (the request
 * counter and the statement statistics).
 */
import type { Analysis } from '../types';
import { num, type Thresholds } from '../types';
import type { CounterSample } from '../../cost/volume';
import type { StatementStat } from '../../cost/recommend';
import { analyzePostgres, type PgSnapshot } from './analyze';
import { collectPostgres, collectSections, type PgSession } from './collect';
import type { PgDatabaseRow, PgStatementRow } from './queries';
import { analyzeSupabase, supabaseQueries, type SbSnapshot } from './supabase';

export interface PgAdvice extends Analysis {
  serverVersion: string;
  counter: CounterSample[];
  statements: StatementStat[];
  connections?: { peak: number; max: number };
  cacheHitRate?: number;
}

export async function advisePostgres(
  session: PgSession,
  opts: { timeoutMs: number; thresholds: Thresholds; supabaseSchemas?: string[] },
): Promise<PgAdvice> {
  const snap = await collectPostgres(session, opts.timeoutMs);
  const analysis = analyzePostgres(snap, opts.thresholds);
  if (opts.supabaseSchemas) {
    const sb = (await collectSections(session, supabaseQueries(opts.supabaseSchemas), opts.timeoutMs)) as SbSnapshot;
    const more = analyzeSupabase(sb);
    analysis.findings.push(...more.findings);
    analysis.skipped.push(...more.skipped);
  }
  return { ...analysis, serverVersion: snap.settings.server_version, ...costInputs(snap) };
}

/** The counter reading (since the statistics were reset) and statement shares. */
export function costInputs(snap: PgSnapshot): Pick<PgAdvice, 'counter' | 'statements' | 'connections' | 'cacheHitRate'> {
  const dbs: PgDatabaseRow[] = snap.databases?.ok ? snap.databases.rows : [];
  const counter: CounterSample[] = [];
  if (dbs.length) {
    const since = Math.min(...dbs.map((d) => num(d.stats_since)).filter(Number.isFinite));
    counter.push({ at: since * 1000, value: 0 }, { at: snap.settings.now * 1000, value: dbs.reduce((a, d) => a + (num(d.xact) || 0), 0) });
  }
  const rows: PgStatementRow[] = snap.statements?.ok ? snap.statements.rows : [];
  const statements = rows
    .filter((r) => r.query !== '<insufficient privilege>')
    .map((r) => ({
      id: r.queryid,
      query: r.query,
      calls: num(r.calls),
      meanMs: r.mean_ms,
      timeShare: r.all_ms > 0 ? r.total_ms / r.all_ms : 0,
      callShare: num(r.all_calls) > 0 ? num(r.calls) / num(r.all_calls) : 0,
    }));
  const cache = snap.cache?.ok ? snap.cache.rows[0] : undefined;
  const hit = cache ? num(cache.heap_hit) + num(cache.idx_hit) : NaN;
  const total = cache ? hit + num(cache.heap_read) + num(cache.idx_read) : NaN;
  return {
    counter,
    statements,
    ...(dbs.length
      ? { connections: { peak: dbs.reduce((a, d) => a + (num(d.numbackends) || 0), 0), max: snap.settings.max_connections } }
      : {}),
    ...(total > 0 ? { cacheHitRate: hit / total } : {}),
  };
}
