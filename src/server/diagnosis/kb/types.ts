/** The shape of a knowledge-base pattern: data, matched by ../match.ts. */
import type { ErrorCategory, Provider } from '../../../shared/categories';
import type { TlsOptions } from '../../../shared/connection';

/** Structured fields: any listed value matching counts (OR within a key, AND across keys). */
export interface FieldMatch {
  /** The driver's string code: ECONNREFUSED, ER_ACCESS_DENIED_ERROR, P1001, PGRST301, app/invalid-credential. */
  code?: readonly string[];
  /** SQLSTATE (also read from a 5-character `code`). */
  sqlState?: readonly string[];
  /** MySQL server/client error number (errno, or a numeric code). */
  errno?: readonly number[];
  /** Numeric code: MongoDB server code, gRPC status. */
  num?: readonly number[];
  codeName?: readonly string[];
  status?: readonly number[];
  /** Error class name (MongoServerSelectionError, AuthApiError, PrismaClientInitializationError ...). */
  name?: RegExp;
  syscall?: readonly string[];
  /** MongoDB error labels. */
  label?: readonly string[];
}

export interface Alternative {
  fields?: FieldMatch;
  /** Tested against the layer's message (and detail/hint). Named groups host, port, user, db, table feed the root cause. */
  message?: RegExp;
  /** Overrides the pattern's confidence for this alternative. */
  confidence?: number;
}

/** Conditions on the connection's settings or history (the third matching stage). */
export interface ContextCondition {
  /** TLS mode of the connection; 'unset' matches when none is configured. */
  tlsMode?: ReadonlyArray<NonNullable<TlsOptions['mode']> | 'unset'>;
  /** The connection's host (or URL host, or the error's host) matches. */
  host?: RegExp;
  /** The connection succeeded at least once in the recent history. */
  previouslyUp?: boolean;
}

export interface Pattern {
  id: string;
  /** Providers whose errors this pattern describes; `any` for network/TLS errors every driver shares. */
  providers: readonly Provider[] | 'any';
  category: ErrorCategory;
  /** Prior confidence of a match (0..1): how often a maintainer would agree. */
  confidence: number;
  match: readonly Alternative[];
  when?: ContextCondition;
  /** Template: {target} {host} {port} {database} {user} {tls} {code} {detail} {m} and named groups. */
  rootCause: string;
  /** Fix ids from ./fixes.ts, most helpful first. */
  fixes: readonly string[];
  /** Documentation link; defaults to the provider's page for the category. */
  docs?: string;
  /** Transient condition: retry, do not alert. */
  transient?: boolean;
  /**
   * A wrapper that hides the network cause (Prisma P1001, server selection
   * timeout): a network category revealed by the probe's own attempt or the
   * recent history wins over this pattern's category.
   */
  hidesNetworkCause?: boolean;
}
