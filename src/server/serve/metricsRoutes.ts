/**
 * `/metrics` (the Prometheus text format from the registry), `/healthz` (the process answers)
 * and `/readyz` (the store is open and the connections are loaded; 503 with the reasons until then).
 */
import type { DbPulseMetrics } from '../metrics/registry';
import { json, text, type Route } from './httpServer';

export interface Readiness {
  storeOpen: boolean;
  connectionsLoaded: boolean;
}

export function metricsRoutes(metrics: DbPulseMetrics, readiness: () => Readiness): Route {
  return async (req) => {
    switch (req.path) {
      case '/metrics':
        return { status: 200, contentType: metrics.contentType, body: await metrics.metrics() };
      case '/healthz':
        return text(200, 'ok\n');
      case '/readyz': {
        const r = readiness();
        const missing = [!r.storeOpen && 'the history store is not open', !r.connectionsLoaded && 'the connections are not loaded'].filter(
          (x): x is string => typeof x === 'string',
        );
        return missing.length ? json(503, { ready: false, reasons: missing }) : json(200, { ready: true });
      }
      default:
        return undefined;
    }
  };
}
