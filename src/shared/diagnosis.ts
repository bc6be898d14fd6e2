/**
 * Public types of the error diagnoser. Pure data: no I/O, no editor types.
 */
import type { ErrorCategory, Provider } from './categories';
import type { ConnectionConfig } from './connection';
import type { ProbeResult } from './probe';

/** What the editor can do for a fix in one click. */
export type FixAction =
  /** Change fields of the connection's settings (never a secret). */
  | { kind: 'editConnection'; patch: Partial<Pick<ConnectionConfig, 'host' | 'port' | 'database' | 'tls' | 'connectTimeoutMs' | 'url'>> }
  /** Run an editor command (e.g. `dbpulse.setSecret`). */
  | { kind: 'command'; command: string; args?: unknown[] }
  /** Probe again after a delay (transient errors). */
  | { kind: 'retry'; afterMs: number }
  /** Open a documentation or console page. */
  | { kind: 'openUrl'; url: string };

export interface Fix {
  /** Stable id (feedback of type `fix_suggestion` and fix outcomes refer to it). */
  id: string;
  /** One imperative line: "Set sslmode=require for this connection". */
  title: string;
  /** Longer explanation, optional. */
  detail?: string;
  action?: FixAction;
}

/** Why the diagnoser concluded what it did: the fields and texts it matched. */
export interface Evidence {
  /** Where in the error the evidence was found: `error`, `error.cause`, `error.reason.servers[db:27017]` ... */
  path: string;
  /** `code=28P01`, `errno=1045`, `message~/password authentication failed/`, `context:tls.mode=disable`. */
  matched: string;
}

export interface Diagnosis {
  category: ErrorCategory;
  /** 0..1. */
  confidence: number;
  /** One line naming the concrete culprit. */
  rootCause: string;
  /** Ordered: most likely to help first. */
  fixes: Fix[];
  docsUrl?: string;
  /** Knowledge-base pattern that produced this diagnosis (curated `pg.28P01`, learned `learned.<hash>`). */
  patternId?: string;
  evidence?: Evidence[];
  /** Transient condition (server starting up, failover): retry rather than alert. */
  transient?: boolean;
  /** Where the answer came from. */
  source?: 'knowledge-base' | 'learned' | 'llm' | 'fallback';
  /** The error's sanitised message (no password, key or token). */
  message?: string;
  /**
   * Entries of the providers' public error references that match the error (offline index), best
   * first: attached when the knowledge base is unsure (unknown or low confidence).
   */
  references?: DocReference[];
}

/** One entry of a provider's public error reference (SQLSTATE table, MariaDB messages, SDK code tables). */
export interface DocReference {
  provider: Provider;
  /** The provider's code: SQLSTATE, errno, MongoDB code, `auth/…`, PGRST…, an Auth error code. */
  code: string;
  /** Symbolic name where the reference has one (`invalid_password`, `ER_ACCESS_DENIED_ERROR`). */
  name: string;
  /** The reference's text for the code. */
  text: string;
  url: string;
  /** Where the entry came from (see src/server/diagnosis/docsearch/SOURCES.md). */
  source: string;
  /** True when the error carries this very code or name; otherwise a full-text match. */
  exact: boolean;
}

/** A past probe outcome, as much as the diagnoser needs. */
export type HistoryEntry = Pick<ProbeResult, 'startedAt' | 'state'> & {
  error?: { category?: ErrorCategory; message?: string; code?: string };
};

export interface DiagnosisContext {
  /** The connection's settings (no secrets). */
  connection?: Partial<ConnectionConfig>;
  /** Recent probe outcomes, oldest first. */
  history?: readonly HistoryEntry[];
  /**
   * The error of the probe's own attempt at the same target, when the error being
   * diagnosed came from elsewhere (an ORM message pasted by the user): it reveals
   * network causes that wrappers such as Prisma's P1001 hide.
   */
  probeError?: unknown;
  /** Host names to redact from messages in addition to the defaults. */
  redactHosts?: readonly string[];
  /** Provider reference entries for the error (docsearch), passed to the LLM so its answer can cite them. */
  references?: readonly DocReference[];
}

/** A plain record as read by `dbpulse diagnose` or sent by the client. */
export interface ErrorRecord {
  provider?: string;
  message?: string;
  fields?: Record<string, unknown>;
}
