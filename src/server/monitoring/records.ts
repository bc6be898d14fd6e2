/**
 * One record per connection the service knows: its config, the last final result, the diagnosis
 * of its current failure, the predictor's state, the last forecast, the risk episode and what was
 * last written to history. Pure bookkeeping; the service owns the only instance.
 */
import type { ConnectionConfig } from '../../shared/connection';
import type { ProbeResult } from '../../shared/probe';
import type { RiskLevel } from '../../shared/prediction';
import type { Diagnosis } from '../diagnosis/types';
import type { PredictorState } from '../predict';
import type { Prediction } from '../predict/types';

export interface ConnectionRecord {
  config: ConnectionConfig;
  /** The last final result (no retry followed it). */
  result?: ProbeResult;
  /** The diagnosis of the latest failed attempt; cleared when a probe succeeds. */
  diagnosis?: Diagnosis;
  /** Loaded lazily (with the history replayed into it) the first time it is needed. */
  predictor?: Promise<PredictorState>;
  prediction?: Prediction;
  /** The risk level of the last forecast, to tell when an IMMEDIATE_ACTION_REQUIRED episode starts. */
  risk?: RiskLevel;
  /** The last forecast written to history (level and time). */
  recorded?: { at: number; level: RiskLevel };
  /** Whether the first probe (on first sight) has been asked for. */
  probedOnSight: boolean;
}

export class ConnectionRecords {
  private readonly byId = new Map<string, ConnectionRecord>();

  get(id: string): ConnectionRecord | undefined {
    return this.byId.get(id);
  }

  /** Must exist: throws the message a request shows. */
  need(id: string): ConnectionRecord {
    const r = this.byId.get(id);
    if (!r) throw new Error(`No connection with id '${id}'`);
    return r;
  }

  configs(): ConnectionConfig[] {
    return [...this.byId.values()].map((r) => r.config);
  }

  all(): ConnectionRecord[] {
    return [...this.byId.values()];
  }

  /**
   * Replaces the configured list: known connections keep their state (a changed config drops the
   * predictor, whose provider may have changed), new ones start empty, removed ones go.
   */
  replace(list: readonly ConnectionConfig[]): void {
    const ids = new Set(list.map((c) => c.id));
    for (const id of [...this.byId.keys()]) if (!ids.has(id)) this.byId.delete(id);
    for (const config of list) {
      const r = this.byId.get(config.id);
      if (!r) this.byId.set(config.id, { config, probedOnSight: false });
      else {
        if (r.config.provider !== config.provider) {
          r.predictor = undefined;
          r.prediction = undefined;
          r.risk = undefined;
        }
        r.config = config;
      }
    }
  }
}

/** One forecast an hour at most, plus the first after start and every change of risk level. */
export const PREDICTION_RECORD_EVERY_MS = 3_600_000;

/** Whether a forecast goes into history (pure). */
export function shouldRecordPrediction(last: ConnectionRecord['recorded'], level: RiskLevel, at: number): boolean {
  return !last || last.level !== level || at - last.at >= PREDICTION_RECORD_EVERY_MS;
}

/** IMMEDIATE_ACTION_REQUIRED warns once per episode: true only when a forecast enters that level from another (or from none). */
export function startsEpisode(previous: RiskLevel | undefined, level: RiskLevel): boolean {
  return level === 'IMMEDIATE_ACTION_REQUIRED' && previous !== 'IMMEDIATE_ACTION_REQUIRED';
}
