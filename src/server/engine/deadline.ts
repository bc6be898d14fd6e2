/**
 * Runs one probe under a hard deadline. When the deadline passes, the probe's
 * AbortSignal fires (the provider module closes its socket/client on abort)
 * and a `timeout` result is returned at once: the probe is abandoned, and
 * whatever it settles to later is ignored. A probe that throws (a bug, or an
 * unexpected driver error) becomes a `down` result; nothing escapes.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { ProbeResult } from '../../shared/probe';
import type { Clock } from './clock';
import type { EngineSettings } from './defaults';
import { redact } from '../secrets';
import { errorMessage } from '../../shared/errors';

/** What the engine hands a probe; the same shape as the probes' `ProbeRequest`. */
export interface EngineProbeRequest {
  config: ConnectionConfig;
  secret: ConnectionSecret;
  signal?: AbortSignal;
  /** `false`: liveness only, no health metrics (the probes' `ProbeRequest.collectMetrics`). */
  collectMetrics?: boolean;
}

/** Runs one probe attempt. The real one is the probes' `runProbe`; tests pass fakes. */
export type ProbeRunner = (req: EngineProbeRequest) => Promise<ProbeResult>;

export type DeadlineSettings = Pick<
  EngineSettings,
  'probeGraceMs' | 'defaultConnectTimeoutMs' | 'defaultStatementTimeoutMs' | 'maxProbeDeadlineMs'
>;

/** connect timeout + two statements' timeouts + grace, capped. */
export function probeDeadlineMs(config: ConnectionConfig, s: DeadlineSettings): number {
  const connect = config.connectTimeoutMs ?? s.defaultConnectTimeoutMs;
  const statement = config.statementTimeoutMs ?? s.defaultStatementTimeoutMs;
  return Math.min(s.maxProbeDeadlineMs, connect + 2 * statement + s.probeGraceMs);
}

export interface DeadlineRun {
  runner: ProbeRunner;
  config: ConnectionConfig;
  secret: ConnectionSecret;
  deadlineMs: number;
  clock: Clock;
  /** Aborts the probe early (engine stopping); the result is then a `timeout` too, saying so. */
  signal?: AbortSignal;
  /** Passed on to the runner; absent means the runner's default (metrics read). */
  collectMetrics?: boolean;
}

/**
 * How the attempt ended: the probe returned a result, threw, was abandoned at
 * its deadline, or was cancelled through `signal` (the result then describes
 * no observation of the database and should not be recorded).
 */
export type DeadlineOutcome = 'completed' | 'threw' | 'abandoned' | 'cancelled';

export function runWithDeadline(run: DeadlineRun): Promise<{ result: ProbeResult; outcome: DeadlineOutcome }> {
  const { config, secret, clock } = run;
  const startedAt = clock.now();
  const controller = new AbortController();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ProbeResult, outcome: DeadlineOutcome): void => {
      if (settled) return;
      settled = true;
      timer.cancel();
      run.signal?.removeEventListener('abort', onOuterAbort);
      resolve({ result, outcome });
    };
    const abandon = (why: string, outcome: DeadlineOutcome): void => {
      if (settled) return;
      controller.abort(new Error(why));
      finish(abandonedResult(config, startedAt, clock.now() - startedAt, why), outcome);
    };
    const onOuterAbort = (): void => abandon('probe cancelled: monitoring stopped', 'cancelled');
    const timer = clock.setTimer(() => abandon(`probe abandoned after ${run.deadlineMs} ms (deadline)`, 'abandoned'), run.deadlineMs);
    if (run.signal?.aborted) {
      onOuterAbort();
      return;
    }
    run.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let pending: Promise<ProbeResult>;
    try {
      const req: EngineProbeRequest = { config, secret, signal: controller.signal };
      if (run.collectMetrics !== undefined) req.collectMetrics = run.collectMetrics;
      pending = run.runner(req);
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      (result) => finish(result, 'completed'),
      (err: unknown) => finish(thrownResult(config, startedAt, clock.now() - startedAt, err, secret), 'threw'),
    );
  });
}

/** A `down` result for a probe that produced none of its own. */
function downResult(config: ConnectionConfig, startedAt: number, totalMs: number, error: ProbeResult['error']): ProbeResult {
  return { connectionId: config.id, provider: config.provider, startedAt, state: 'down', timings: { totalMs }, metrics: {}, error };
}

function abandonedResult(config: ConnectionConfig, startedAt: number, totalMs: number, why: string): ProbeResult {
  return downResult(config, startedAt, totalMs, { message: why, code: 'ETIMEDOUT', category: 'timeout' });
}

function thrownResult(config: ConnectionConfig, startedAt: number, totalMs: number, err: unknown, secret: ConnectionSecret): ProbeResult {
  const raw = errorMessage(err);
  const code =
    err && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
  return downResult(config, startedAt, totalMs, {
    message: `probe failed: ${redact(raw, { secrets: [secret], secretUsers: [config.user] })}`,
    ...(code ? { code } : {}),
    category: 'unknown',
  });
}
