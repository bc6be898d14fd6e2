/** A scripted probe for engine tests: per connection, each call is up, down, or hangs until aborted or released. */
import type { ConnectionConfig } from '../../../../src/shared/connection';
import type { HealthState, ProbeResult } from '../../../../src/shared/probe';
import type { EngineProbeRequest, ProbeRunner } from '../../../../src/server/engine/deadline';
import type { Clock } from '../../../../src/server/engine/clock';

export type Behaviour = HealthState | 'hang' | { takesMs: number; then: HealthState } | { throws: string };

export interface ProbeCall {
  connectionId: string;
  at: number;
  signal?: AbortSignal;
  settledAt?: number;
}

export class FakeProbe {
  readonly calls: ProbeCall[] = [];
  private behaviours = new Map<string, Behaviour>();
  private fallback: Behaviour = 'up';
  active = 0;
  maxActive = 0;

  constructor(private readonly clock: Clock) {}

  set(connectionId: string | '*', behaviour: Behaviour): void {
    if (connectionId === '*') this.fallback = behaviour;
    else this.behaviours.set(connectionId, behaviour);
  }

  callsFor(connectionId: string): ProbeCall[] {
    return this.calls.filter((c) => c.connectionId === connectionId);
  }

  readonly runner: ProbeRunner = (req: EngineProbeRequest) => {
    const call: ProbeCall = { connectionId: req.config.id, at: this.clock.now(), signal: req.signal };
    this.calls.push(call);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    const behaviour = this.behaviours.get(req.config.id) ?? this.fallback;
    const done = (): void => {
      this.active--;
      call.settledAt = this.clock.now();
    };
    if (behaviour === 'hang') {
      // Never settles by itself: only the abort ends it (as a driver closing its socket would).
      return new Promise<ProbeResult>((_resolve, reject) => {
        req.signal?.addEventListener('abort', () => {
          done();
          reject(new Error('aborted'));
        });
      });
    }
    if (typeof behaviour === 'object' && 'throws' in behaviour) {
      done();
      return Promise.reject(new Error(behaviour.throws));
    }
    if (typeof behaviour === 'object') {
      return new Promise<ProbeResult>((resolve) => {
        this.clock.setTimer(() => {
          done();
          resolve(result(req.config, call.at, behaviour.then));
        }, behaviour.takesMs);
      });
    }
    done();
    return Promise.resolve(result(req.config, call.at, behaviour));
  };
}

export function result(config: ConnectionConfig, startedAt: number, state: HealthState): ProbeResult {
  return {
    connectionId: config.id,
    provider: config.provider,
    startedAt,
    state,
    timings: { totalMs: 3 },
    metrics: {},
    ...(state === 'down'
      ? { error: { message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED', category: 'conn_refused' as const } }
      : {}),
  };
}

export function pgConfig(id: string, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id, name: id, provider: 'postgres', host: '127.0.0.1', port: 5432, user: 'app', database: 'app', ...extra };
}
