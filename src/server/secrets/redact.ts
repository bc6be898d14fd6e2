/**
 * Redaction (pure): the one routine every writer runs text through before it leaves the process
 * or reaches disk: logs, history, alerts, LLM prompts, metrics and CLI output.
 *
 * Two layers. First the literal forms of the secrets the writer knows (the connection's password,
 * keys, service-account key; see forms.ts), then the shapes of secrets it does not know (URL
 * passwords, `password=` pairs, JWTs, bearer values, well-known key formats, PEM blocks).
 * Optionally also user names, named hosts, or every host and IP address.
 */
import type { ConnectionSecret } from '../../shared/connection';
import { SHORT_SECRET, secretLiterals } from './forms';
import { MASK } from './mask';
import {
  applyRules,
  escapeRegExp,
  isSecretKey,
  isUserKey,
  maskAllHosts,
  maskHosts,
  PROSE_RULES,
  SECRET_RULES,
  USER_RULES,
} from './patterns';

export interface RedactOptions {
  /** The secrets this writer knows: every literal form of each value is masked. */
  secrets?: ReadonlyArray<ConnectionSecret | null | undefined>;
  /** The connections' user names, for the Basic-auth form of a password (base64 of `user:password`). */
  secretUsers?: readonly (string | undefined)[];
  /** Also replace user names: URL user parts, `user "x"`, `'x'@'host'`, `user=x`. */
  users?: boolean;
  /** Extra literal strings to replace, case-insensitive (known user names, project refs ...). */
  literals?: readonly string[];
  /** Host names to replace (exact, case-insensitive; subdomains included). */
  hosts?: readonly string[];
  /** Replace every host name and IP address. */
  allHosts?: boolean;
  /** Free text written by a person (feedback comments): also "password was X", "token is X". */
  prose?: boolean;
}

export type Redactor = (text: string) => string;

/** Matches the literal forms: long ones anywhere, short ones only where they stand alone. */
function literalMatcher(literals: readonly string[]): RegExp | undefined {
  const long = literals.filter((l) => l.length >= SHORT_SECRET).map(escapeRegExp);
  const short = literals.filter((l) => l.length < SHORT_SECRET).map(escapeRegExp);
  const parts: string[] = [];
  if (long.length) parts.push(long.join('|'));
  if (short.length) parts.push(`(?<![\\p{L}\\p{N}])(?:${short.join('|')})(?![\\p{L}\\p{N}])`);
  return parts.length ? new RegExp(parts.join('|'), 'gu') : undefined;
}

/** A redactor with its expressions built once (bind it per connection, call it per message). */
export function makeRedactor(options: RedactOptions = {}): Redactor {
  const secretRe = literalMatcher(secretLiterals(options.secrets ?? [], options.secretUsers ?? []));
  const named = (options.literals ?? []).filter((l) => l && l.length >= 2).map(escapeRegExp);
  const namedRe = named.length ? new RegExp(named.join('|'), 'gi') : undefined;
  return (text: string): string => {
    if (typeof text !== 'string' || text.length === 0) return '';
    let out = secretRe ? text.replace(secretRe, MASK) : text;
    out = applyRules(out, SECRET_RULES);
    if (options.prose) out = applyRules(out, PROSE_RULES);
    if (options.users) out = applyRules(out, USER_RULES);
    if (namedRe) out = out.replace(namedRe, MASK);
    if (options.hosts?.length) out = maskHosts(out, options.hosts);
    if (options.allHosts) out = maskAllHosts(out);
    return out;
  };
}

/** Redacts one text (builds the redactor each time: bind one with `makeRedactor` on hot paths). */
export function redact(text: string, options: RedactOptions = {}): string {
  return makeRedactor(options)(text);
}

/**
 * Redacts every string inside a plain value (structured fields, alert payloads, audit details):
 * a value under a key that names a secret is masked whatever it is; with `users`, also user keys.
 */
export function redactValue<T>(value: T, options: RedactOptions | Redactor = {}, depth = 0): T {
  const r = typeof options === 'function' ? options : makeRedactor(options);
  const users = typeof options !== 'function' && options.users === true;
  return redactWith(value, r, users, depth);
}

function redactWith<T>(value: T, r: Redactor, users: boolean, depth: number): T {
  if (typeof value === 'string') return r(value) as T;
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => redactWith(v, r, users, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const empty = v === null || v === undefined || v === false || v === '';
    if (!empty && (isSecretKey(k) || (users && isUserKey(k)))) out[k] = MASK;
    else out[k] = redactWith(v, r, users, depth + 1);
  }
  return out as T;
}
