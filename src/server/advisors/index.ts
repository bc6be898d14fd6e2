/**
 * `runAdvisors(config, secret, options)`: the one entry point the CLI, the
 * language server and the monitoring service call. It connects read-only,
 * runs the provider's advisor, prices what it found and returns the report of
 * shared/spec/advisor-findings.md, redacted with the connection's secret.
 * It throws `AdvisorRunError` (one line: unreachable host, refused login,
 * unsupported provider) only when nothing could be read at all.
 */
import type { AdvisorReport, FindingCategory } from '../../shared/advisors';
import { categoryOfKind, FINDING_KINDS_SET } from '../../shared/advisors';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import { errorMessage } from '../../shared/errors';
import { makeRedactor, redactValue } from '../secrets';
import { costReport, type StatementStat } from '../cost/recommend';
import type { CostSettings } from '../cost/models';
import type { CounterSample } from '../cost/volume';
import { DEFAULT_THRESHOLDS, type Analysis, type Thresholds } from './types';
import { advisePostgres } from './postgres';
import { connectPostgres, type PgSession } from './postgres/collect';
import { adviseMysql } from './mysql';
import { analyzeFirebaseRules, type RulesFile } from './firebase';
import { connectMysql, type MysqlSession } from './mysql/collect';

export interface AdvisorOptions {
  /** Statement timeout for each query (default 5000 ms). */
  timeoutMs?: number;
  only?: FindingCategory;
  thresholds?: Partial<Thresholds>;
  cost?: CostSettings;
  /** Earlier readings of the request counter (from monitoring history), oldest first. */
  counterHistory?: CounterSample[];
  /** Firebase: the workspace's security rules files, read by the caller (bounded reader). */
  rulesFiles?: RulesFile[];
  /** Supabase: the schemas exposed through the API (default ['public']). */
  exposedSchemas?: string[];
  now?: () => Date;
  /** Tests and the bench: use this session instead of connecting. */
  pgSession?: PgSession;
  mysqlSession?: MysqlSession;
}

export class AdvisorRunError extends Error {}

export interface AdviceCore extends Analysis {
  serverVersion: string | null;
  counter: CounterSample[];
  counterName: string;
  statements?: StatementStat[];
  connections?: { peak: number; max: number };
  cacheHitRate?: number;
}

export async function runAdvisors(
  config: ConnectionConfig,
  secret: ConnectionSecret,
  options: AdvisorOptions = {},
): Promise<AdvisorReport> {
  const timeoutMs = options.timeoutMs ?? config.statementTimeoutMs ?? 5000;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const at = (options.now ?? (() => new Date()))().toISOString();
  const core = await adviseProvider(config, secret, timeoutMs, thresholds, options);
  const cost = costReport({
    provider: config.provider,
    settings: options.cost,
    samples: [...(options.counterHistory ?? []), ...core.counter.slice(options.counterHistory?.length ? -1 : 0)],
    counterName: options.counterHistory?.length ? core.counterName : `${core.counterName} since the statistics were reset`,
    findings: core.findings,
    statements: core.statements,
    connections: core.connections,
    cacheHitRate: core.cacheHitRate,
  });
  const only = options.only;
  const report: AdvisorReport = {
    connection: config.id,
    provider: config.provider,
    serverVersion: core.serverVersion,
    at,
    findings: only ? core.findings.filter((f) => f.category === only) : core.findings,
    skipped: only ? core.skipped.filter((s) => categoryOfCheck(s.check) === only) : core.skipped,
    ...(only === undefined || only === 'cost' ? { cost } : {}),
  };
  // Memoised: catalog reports repeat the same texts (fixes, docs links) thousands of times.
  const redact = makeRedactor({ secrets: [secret], secretUsers: [config.user] });
  const seen = new Map<string, string>();
  return redactValue(report, (text) => {
    let out = seen.get(text);
    if (out === undefined) seen.set(text, (out = redact(text)));
    return out;
  });
}

function categoryOfCheck(check: string): FindingCategory {
  return FINDING_KINDS_SET.has(check) ? categoryOfKind(check as Parameters<typeof categoryOfKind>[0]) : 'performance';
}

async function adviseProvider(
  config: ConnectionConfig,
  secret: ConnectionSecret,
  timeoutMs: number,
  thresholds: Thresholds,
  options: AdvisorOptions,
): Promise<AdviceCore> {
  switch (config.provider) {
    case 'postgres':
    case 'supabase': {
      if (config.provider === 'supabase' && !config.host && !config.url?.startsWith('postgres'))
        throw new AdvisorRunError('Supabase advisors need the project’s database connection (host, user and password of its Postgres)');
      const session = options.pgSession ?? (await connect(() => connectPostgres(config, secret, timeoutMs), config, secret));
      try {
        const advice = await advisePostgres(session, {
          timeoutMs,
          thresholds,
          ...(config.provider === 'supabase' ? { supabaseSchemas: options.exposedSchemas ?? ['public'] } : {}),
        });
        return { ...advice, counterName: 'xact_commit + xact_rollback' };
      } finally {
        if (!options.pgSession) await session.close();
      }
    }
    case 'mysql': {
      const session = options.mysqlSession ?? (await connect(() => connectMysql(config, secret, timeoutMs), config, secret));
      try {
        return { ...(await adviseMysql(session, { timeoutMs, thresholds })), counterName: 'Questions' };
      } finally {
        if (!options.mysqlSession) await session.close();
      }
    }
    case 'firebase':
      return {
        ...analyzeFirebaseRules(options.rulesFiles ?? [], (options.now ?? (() => new Date()))().getTime()),
        serverVersion: null,
        counter: [],
        counterName: 'requests',
      };
    default:
      throw new AdvisorRunError(`no advisor for ${config.provider} connections yet`);
  }
}

async function connect<T>(open: () => Promise<T>, config: ConnectionConfig, secret: ConnectionSecret): Promise<T> {
  try {
    return await open();
  } catch (err) {
    const e = err as { code?: string };
    const what = e.code === '28P01' || e.code === 'ER_ACCESS_DENIED_ERROR' ? 'login refused' : 'could not connect';
    const redact = makeRedactor({ secrets: [secret], secretUsers: [config.user] });
    throw new AdvisorRunError(`${config.id}: ${what}: ${redact(errorMessage(err))}`);
  }
}
