/**
 * Runs one scenario: for each simulated minute, the fault step (open leaked connections, raise
 * the proxy's delay, flip the network), then one real probe stamped with the simulated time, fed
 * to the real predictor (updatePredictor + predictFromState), exactly as the engine does after
 * each probe. Records every result with its prediction.
 */
import { newPredictorState, predictFromState, updatePredictor } from '../../../src/server/predict';
import type { Prediction, PredictOptions } from '../../../src/server/predict';
import type { Provider } from '../../../src/shared/categories';
import type { ProbeResult } from '../../../src/shared/probe';
import { atSimulatedTime, MINUTE_MS, SimulatedClock } from './simulatedClock';

export interface ScenarioStep {
  /** 0-based index of the check. */
  index: number;
  /** Simulated time of this check (epoch ms). */
  simNow: number;
}

export interface ScenarioRecord {
  startedAt: number;
  result: ProbeResult;
  prediction: Prediction;
  /** failure_probability for each extra horizon asked for (hours → percent), for the reliability table. */
  probabilityByHorizon: Record<number, number>;
}

export interface ScenarioOptions {
  connectionId: string;
  provider: Provider;
  startMs: number;
  /** Simulated time between checks (default one minute). */
  stepMs?: number;
  /** Maximum number of checks. */
  steps: number;
  /** The fault step before the check (may be absent). */
  before?: (step: ScenarioStep) => Promise<void>;
  /** One real probe. */
  probe: (step: ScenarioStep) => Promise<ProbeResult>;
  /** Options for the recorded prediction (the product's defaults otherwise). */
  predictOptions?: PredictOptions;
  /** Extra horizons (hours) whose failure probability is recorded too. */
  horizonsHours?: number[];
  /** Stops after the check for which this returns true. */
  stopAfter?: (record: ScenarioRecord, records: readonly ScenarioRecord[]) => boolean;
}

export async function runScenario(o: ScenarioOptions): Promise<ScenarioRecord[]> {
  const clock = new SimulatedClock(o.startMs);
  const stepMs = o.stepMs ?? MINUTE_MS;
  const state = newPredictorState(o.connectionId, o.provider);
  const records: ScenarioRecord[] = [];
  for (let index = 0; index < o.steps; index++) {
    const step = { index, simNow: clock.now() };
    await o.before?.(step);
    const result = atSimulatedTime(await o.probe(step), step.simNow);
    updatePredictor(state, result);
    const prediction = predictFromState(state, o.predictOptions);
    const probabilityByHorizon: Record<number, number> = {};
    for (const h of o.horizonsHours ?? [])
      probabilityByHorizon[h] = predictFromState(state, { ...o.predictOptions, horizonHours: h }).prediction.failure_probability;
    const record = { startedAt: step.simNow, result, prediction, probabilityByHorizon };
    records.push(record);
    if (o.stopAfter?.(record, records)) break;
    clock.advance(stepMs);
  }
  return records;
}

/** The first check before `beforeMs` whose risk is not HEALTHY, or null. */
export function firstWarning(records: readonly ScenarioRecord[], beforeMs = Infinity): ScenarioRecord | null {
  return records.find((r) => r.startedAt < beforeMs && r.prediction.prediction.risk_level !== 'HEALTHY') ?? null;
}

/** The last check at or before `t`. */
export function recordAt(records: readonly ScenarioRecord[], t: number): ScenarioRecord | null {
  let found: ScenarioRecord | null = null;
  for (const r of records) if (r.startedAt <= t) found = r;
  return found;
}

/** A one-line trace of a check for failure messages and the test log. */
export function describeRecord(r: ScenarioRecord, t0: number): string {
  const p = r.prediction.prediction;
  const m = r.result.metrics ?? {};
  const used = m.connections_used ?? m.threads_connected ?? '-';
  return `min ${Math.round((r.startedAt - t0) / MINUTE_MS)}: ${r.result.state}${r.result.error ? `(${r.result.error.category})` : ''} ${Math.round(r.result.timings.totalMs)}ms used=${used} → p=${p.failure_probability} ${p.risk_level} ttf=${p.time_to_failure_hours}h trend=${r.prediction.response_time_trend} "${p.root_cause}"`;
}
