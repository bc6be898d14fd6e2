/**
 * The liveness-only outcome: what a provider returns when the request asked for
 * no metrics (`collectMetrics: false`) and the round trip succeeded. No
 * saturation verdict is possible without metrics, so the state is `up`.
 */
import type { TlsInfo } from '../../shared/probe';
import { METRICS_SKIPPED } from './metricsCadence';
import type { ProbeRequest, ProviderOutcome } from './types';

/** Whether the request wants metrics read (the default). */
export function wantsMetrics(req: Pick<ProbeRequest, 'collectMetrics'>): boolean {
  return req.collectMetrics !== false;
}

/** `tls`: the TLS in use, `null` for none, `undefined` when not known (left out of the result). */
export function livenessOutcome(serverVersion: string | undefined, tls: TlsInfo | null | undefined): ProviderOutcome {
  const out: ProviderOutcome = { state: 'up', metrics: { [METRICS_SKIPPED]: true } };
  if (tls !== undefined) out.tls = tls;
  if (serverVersion) out.serverVersion = serverVersion;
  return out;
}
