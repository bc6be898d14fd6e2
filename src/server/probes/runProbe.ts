/**
 * Runs one provider probe and turns whatever happens into one `ProbeResult`:
 * enforces the connect and query deadlines exactly (the probe is abandoned and
 * its connection closed the moment a deadline passes), classifies failures,
 * strips secrets, and never throws.
 */
import type { ErrorCategory, Provider } from '../../shared/categories';
import type { ConnectionConfig } from '../../shared/connection';
import type { ProbeError, ProbeResult } from '../../shared/probe';
import { diagnoseError, type Diagnosis } from '../diagnosis';
import { loadProvider as defaultLoadProvider } from './registry';
import { makeRedactor } from '../secrets';
import { errorFields } from './errorFields';
import { createPhaseRecorder, systemClock } from './timing';
import { ProbeFailure, type ProbeContext, type ProbeRequest, type ProviderModule, type ProviderOutcome } from './types';
import { validateConnection } from '../../shared/providerSchemas';
import { errorMessage } from '../../shared/errors';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

/** What `runProbe` needs from a diagnoser: at least a category. */
export type Classifier = (provider: Provider, error: unknown, connection: ConnectionConfig) => { category: ErrorCategory };

export interface RunProbeOptions {
  /** Provider module loader (default: the lazy registry). */
  loadProvider?: (provider: Provider) => ProviderModule | Promise<ProviderModule>;
  /** Error classifier (default: the diagnoser, `diagnoseError`). */
  classify?: Classifier;
  /** Receives the full diagnosis of a failed probe (default classifier only). */
  onDiagnosis?: (diagnosis: Diagnosis) => void;
}

/** The error `runProbe` reports when a deadline passes: Node's ETIMEDOUT shape. */
export class ProbeTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly phase: 'connect' | 'query',
    readonly timeoutMs: number,
  ) {
    super(
      phase === 'connect'
        ? `connect timed out after ${timeoutMs} ms (no complete answer from the server in time)`
        : `query timed out after ${timeoutMs} ms (statement timeout)`,
    );
    this.name = 'ProbeTimeoutError';
  }
}

/** The caller cancelled the probe. */
export class ProbeCancelledError extends Error {
  readonly code = 'ABORT_ERR';
  constructor() {
    super('probe cancelled');
    this.name = 'AbortError';
  }
}

function diagnoserClassify(onDiagnosis?: (d: Diagnosis) => void): Classifier {
  return (provider, error, connection) => {
    const d = diagnoseError(provider, error, { connection });
    onDiagnosis?.(d);
    return d;
  };
}

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

export async function runProbe(req: ProbeRequest, options: RunProbeOptions = {}): Promise<ProbeResult> {
  const clock = req.clock ?? systemClock;
  const startedAt = clock.now();
  const phases = createPhaseRecorder(clock);
  const redact = makeRedactor({ secrets: [req.secret], secretUsers: [req.config.user] });
  const classify = options.classify ?? diagnoserClassify(options.onDiagnosis);
  const config = req.config;
  const provider = config.provider;
  const connectTimeoutMs = positive(config.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
  const statementTimeoutMs = positive(config.statementTimeoutMs, DEFAULT_STATEMENT_TIMEOUT_MS);

  const base = (): Pick<ProbeResult, 'connectionId' | 'provider' | 'startedAt'> => ({
    connectionId: config.id,
    provider,
    startedAt,
  });

  const failure = (error: unknown, partial: ProbeFailure['partial'] = {}): ProbeResult => {
    let category: ErrorCategory;
    try {
      category = classify(provider, error, config).category;
    } catch {
      category = 'unknown';
    }
    const fields = errorFields(error, redact);
    const message = redact(error instanceof Error ? error.message : typeof error === 'string' ? error : describe(error));
    const probeError: ProbeError = { message: message || 'unknown error', category };
    const code = fields.code;
    if (code !== undefined) probeError.code = String(code);
    if (Object.keys(fields).length > 0) probeError.fields = fields;
    const result: ProbeResult = { ...base(), state: 'down', timings: phases.snapshot(), metrics: {}, error: probeError };
    if (partial.serverVersion) result.serverVersion = partial.serverVersion;
    if (partial.tls !== undefined) result.tls = partial.tls;
    return result;
  };

  // Settings that can never work are reported before any driver loads.
  const problems = validateConnection(config, { forProbe: true });
  const fatal = problems.find((p) => p.severity === 'error');
  if (fatal) {
    const err = Object.assign(new Error(`invalid connection settings: ${fatal.field ? `${fatal.field}: ` : ''}${fatal.message}`), {
      code: 'ERR_INVALID_CONFIG',
    });
    return { ...failure(err), error: { message: redact(err.message), code: 'ERR_INVALID_CONFIG', category: 'invalid_config' } };
  }

  if (req.signal?.aborted) return failure(new ProbeCancelledError());

  let module: ProviderModule;
  try {
    module = await (options.loadProvider ?? defaultLoadProvider)(provider);
  } catch (err) {
    return failure(new Error(`the ${provider} probe could not be loaded: ${errorMessage(err)}`));
  }

  const controller = new AbortController();
  const cleanups: Array<() => void | Promise<void>> = [];
  let timer: unknown;
  let finished = false;
  let resolveStop!: (r: ProbeResult) => void;
  const stopped = new Promise<ProbeResult>((resolve) => (resolveStop = resolve));

  const stop = (error: Error) => {
    if (finished) return;
    controller.abort(error);
    resolveStop(failure(error));
  };
  const arm = (phase: 'connect' | 'query', ms: number) => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => stop(new ProbeTimeoutError(phase, ms)), ms);
  };
  const onCallerAbort = () => stop(new ProbeCancelledError());
  req.signal?.addEventListener('abort', onCallerAbort, { once: true });

  let connected = false;
  const ctx: ProbeContext = {
    signal: controller.signal,
    phases,
    clock,
    connectTimeoutMs,
    statementTimeoutMs,
    connected() {
      if (connected || controller.signal.aborted) return;
      connected = true;
      arm('query', statementTimeoutMs);
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
    redact,
  };

  const success = (outcome: ProviderOutcome): ProbeResult => {
    const warnings = (outcome.warnings ?? []).map(redact).filter((w) => w.length > 0);
    const result: ProbeResult = {
      ...base(),
      state: outcome.state === 'degraded' || warnings.length > 0 ? 'degraded' : 'up',
      timings: phases.snapshot(),
      metrics: { ...outcome.metrics },
    };
    if (outcome.serverVersion) result.serverVersion = redact(outcome.serverVersion);
    if (outcome.tls !== undefined) result.tls = outcome.tls;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  };

  arm('connect', connectTimeoutMs);
  const work: Promise<ProbeResult> = (async () => {
    try {
      const outcome = await module.probe(req, ctx);
      return success(outcome);
    } catch (err) {
      if (controller.signal.aborted) return failure(controller.signal.reason);
      if (err instanceof ProbeFailure) return failure(err.cause, err.partial);
      return failure(err);
    }
  })();

  const result = await Promise.race([work, stopped]);
  finished = true;
  if (timer !== undefined) clock.clearTimeout(timer);
  req.signal?.removeEventListener('abort', onCallerAbort);
  if (!controller.signal.aborted) controller.abort(new Error('probe finished'));
  for (const fn of cleanups) {
    try {
      void Promise.resolve(fn()).catch(() => undefined);
    } catch {
      /* a cleanup must not turn a result into a throw */
    }
  }
  // The abandoned provider promise may still settle later: it is already handled by `work`.
  return result;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'unknown error';
  try {
    return JSON.stringify(value).slice(0, 500);
  } catch {
    return String(value);
  }
}
