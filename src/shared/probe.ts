import type { ErrorCategory, Provider } from './categories';

export type HealthState = 'up' | 'degraded' | 'down';

/** Milliseconds spent in each phase; absent when the phase did not happen. */
export interface ProbeTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  authMs?: number;
  firstQueryMs?: number;
  totalMs: number;
}

export interface TlsInfo {
  protocol?: string;
  cipher?: string;
  authorized?: boolean;
  /** The server certificate's expiry (ISO 8601), where the driver exposes the certificate. */
  validTo?: string;
  /** The certificate's issuer and subject common names (or organisation), where known. */
  issuer?: string;
  subject?: string;
}

/** A metric value: numbers for series, strings/booleans for facts. */
export type MetricValue = number | string | boolean | null;

export interface ProbeError {
  /** Sanitised message: no password, key or token. */
  message: string;
  code?: string;
  category: ErrorCategory;
  /** Structured fields from the driver (errno, sqlState, status, ...), sanitised. */
  fields?: Record<string, string | number>;
}

export interface ProbeResult {
  connectionId: string;
  provider: Provider;
  /** Epoch milliseconds when the probe started. */
  startedAt: number;
  state: HealthState;
  timings: ProbeTimings;
  serverVersion?: string;
  tls?: TlsInfo | null;
  metrics: Record<string, MetricValue>;
  /** Why the state is `degraded` (metric queries denied, saturation ...). */
  warnings?: string[];
  error?: ProbeError;
}
