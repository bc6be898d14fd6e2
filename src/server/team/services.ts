/**
 * The team services of one monitor: the Prometheus registry fed from a `TeamSource`'s events,
 * the `--metrics` listener (/metrics, /healthz, /readyz) and the `--serve` team API. Listening
 * starts before the monitor does (a port in use fails fast, /readyz says "not ready" until a
 * source is attached); `attach` connects the monitor.
 */
import type { ConnectionHealth } from '../../shared/health';
import type { ConnectionStatus } from '../engine/engine';
import { metricsConnection } from '../metrics/labels';
import { DbPulseMetrics } from '../metrics/registry';
import type { Redactor } from '../secrets';
import { formatAddress, isLoopbackBind, type ListenAddress } from '../serve/address';
import { startHttpServer, type Route, type RunningServer, type TlsFiles } from '../serve/httpServer';
import { metricsRoutes } from '../serve/metricsRoutes';
import { teamApiRoutes, type TeamProviders, type TimeRange } from '../serve/teamApi';
import type { TeamSource } from './source';

export interface TeamServiceOptions {
  metrics?: ListenAddress;
  serve?: ListenAddress;
  /** The team API's bearer token; required unless `serve` is loopback-bound. */
  token?: string;
  tls?: TlsFiles;
  /** Add the `host` label to the metrics (opt-in). */
  hostLabel?: boolean;
  /** Redacts label values (the monitor's log redactor). */
  redact?: Redactor;
  /** Per-phase duration histograms (default true). */
  phaseHistograms?: boolean;
}

export interface TeamServices {
  readonly metrics: DbPulseMetrics;
  readonly urls: { metrics?: string; serve?: string };
  attach(source: TeamSource): void;
  close(): Promise<void>;
}

export class TeamServiceError extends Error {}

/** Checks the options a user gave before anything listens. */
export function teamServiceProblems(o: TeamServiceOptions): string[] {
  const p: string[] = [];
  if (o.serve && o.token === undefined && !isLoopbackBind(o.serve.host))
    p.push(
      `--serve ${formatAddress(o.serve)} is reachable from other machines: set a bearer token (DBPULSE_TEAM_TOKEN or --token-file), or bind to 127.0.0.1`,
    );
  if (o.tls && !o.serve) p.push('--tls-cert/--tls-key apply to --serve: give --serve HOST:PORT too');
  return p;
}

export async function startTeamServices(o: TeamServiceOptions): Promise<TeamServices> {
  const problems = teamServiceProblems(o);
  if (problems.length) throw new TeamServiceError(problems.join('; '));
  const metrics = new DbPulseMetrics({ hostLabel: o.hostLabel, redact: o.redact, phaseHistograms: o.phaseHistograms });
  let source: TeamSource | undefined;
  let loaded = false;
  const readiness = () => ({ storeOpen: source?.storeOpen() ?? false, connectionsLoaded: loaded });
  const providers = (): TeamProviders => {
    const src = source;
    return {
      health: () => (src?.snapshot() ?? []).map(toConnectionHealth),
      ...(src?.series
        ? { series: async (id: string, r: TimeRange) => (src.connections().some((c) => c.id === id) ? src.series!(id, r) : undefined) }
        : {}),
      ...(src?.predictions ? { predictions: () => src.predictions!({ from: Date.now() - 86_400_000, to: Date.now() }) } : {}),
      ...(src?.incidents ? { incidents: (r: TimeRange) => src.incidents!(r) } : {}),
      ...(src?.findings ? { findings: () => src.findings!() } : {}),
    };
  };
  const servers: RunningServer[] = [];
  const urls: { metrics?: string; serve?: string } = {};
  const listen = async (label: string, address: ListenAddress, routes: Route[], tls?: TlsFiles): Promise<string> => {
    const s = await startHttpServer({ label, address, routes, ...(tls ? { tls } : {}) });
    servers.push(s);
    return s.url;
  };
  try {
    const sameAddress = o.metrics && o.serve && formatAddress(o.metrics) === formatAddress(o.serve);
    const api = teamApiRoutes({ token: o.token, providers });
    if (o.serve) urls.serve = await listen('--serve', o.serve, sameAddress ? [metricsRoutes(metrics, readiness), api] : [api], o.tls);
    if (o.metrics) urls.metrics = sameAddress ? urls.serve : await listen('--metrics', o.metrics, [metricsRoutes(metrics, readiness)]);
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }

  let achieved = 0;
  const disposables: Array<{ dispose(): void }> = [];
  return {
    metrics,
    urls,
    attach(next) {
      source = next;
      const sync = (): void => metrics.setConnections(next.connections().map(metricsConnection));
      sync();
      disposables.push(next.onConnectionsChanged(sync));
      disposables.push(
        next.onEvent((e) => {
          if (e.type === 'result') {
            metrics.observeProbe(e.result, { final: e.final });
            if (e.trigger === 'schedule' && e.attempt === 0) achieved++;
          } else if (e.type === 'breaker') metrics.observeBreaker(e.connectionId, e.to);
        }),
      );
      if (next.onPrediction) disposables.push(next.onPrediction((id, p) => metrics.observePrediction(id, p.prediction)));
      if (next.onFindings) disposables.push(next.onFindings((id, f) => metrics.observeAdvisor(id, f)));
      metrics.setSelfHealth(() => ({ ...next.selfHealth(), probesAchieved: achieved }));
      loaded = true;
    },
    async close() {
      for (const d of disposables.splice(0)) d.dispose();
      await Promise.all(servers.splice(0).map((s) => s.close()));
    },
  };
}

/** The engine's view of one connection as the team API shows it (state, breaker, last result, next probe). */
function toConnectionHealth(status: ConnectionStatus): ConnectionHealth {
  return {
    connectionId: status.connectionId,
    state: status.health,
    breaker: status.breaker,
    ...(status.lastResult ? { result: status.lastResult } : {}),
    ...(status.nextProbeAt !== undefined ? { nextProbeAt: status.nextProbeAt } : {}),
  };
}
