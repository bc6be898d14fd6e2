/**
 * Keeps the probe's secret out of everything a probe returns: messages, error
 * fields and warnings. Two layers: the exact secret strings of this probe
 * (and their URL-encoded forms) are always replaced, then generic patterns
 * (URL passwords, `password=` pairs, JWTs, keys) as a safety net.
 */
import type { ConnectionSecret } from '../../shared/connection';

export const REDACTED = '[REDACTED]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The literal strings that must never leave a probe, longest first. */
export function secretLiterals(secret: ConnectionSecret | undefined): string[] {
  if (!secret) return [];
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v !== 'string' || v.length < 3) return;
    out.add(v);
    try {
      out.add(encodeURIComponent(v));
    } catch {
      /* lone surrogate: the raw form is enough */
    }
    // JSON-escaped form (inside serialised bodies).
    out.add(JSON.stringify(v).slice(1, -1));
  };
  add(secret.password);
  add(secret.apiKey);
  if (secret.serviceAccountJson) {
    add(secret.serviceAccountJson);
    try {
      const sa = JSON.parse(secret.serviceAccountJson) as Record<string, unknown>;
      add(sa.private_key);
      add(sa.private_key_id);
    } catch {
      /* not JSON: the whole text is already listed */
    }
  }
  return [...out].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/([a-z][a-z0-9+.-]*:\/\/)([^\s/:@'"]*):([^\s@'"]*)@/gi, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, (_m, kind: string) => `${kind} ${REDACTED}`],
  [/\bsb_(?:publishable|secret)_[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [
    /(["']?\b(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?token|token|private[_-]?key|service[_-]?role[_-]?key)["']?\s*[:=]\s*)(?!(?:YES|NO)\))("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&)}\]]+)/gi,
    (_m, prefix: string) => `${prefix}${REDACTED}`,
  ],
];

/** A redactor bound to one probe's secret. */
export function makeRedactor(secret: ConnectionSecret | undefined): (text: string) => string {
  const literals = secretLiterals(secret);
  const literalRe = literals.length ? new RegExp(literals.map(escapeRegExp).join('|'), 'g') : undefined;
  return (text: string) => {
    if (typeof text !== 'string' || text.length === 0) return '';
    let out = literalRe ? text.replace(literalRe, REDACTED) : text;
    for (const [re, rep] of PATTERNS) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- String.replace overloads take a string or a replacer
      out = out.replace(re, rep as (substring: string, ...args: any[]) => string);
    }
    return out;
  };
}

/** Structured fields worth keeping from a driver error (all primitive). */
const FIELD_NAMES = [
  'code',
  'errno',
  'sqlState',
  'sqlMessage',
  'severity',
  'routine',
  'syscall',
  'address',
  'port',
  'hostname',
  'status',
  'codeName',
  'fatal',
  'reason',
] as const;

/**
 * Picks the primitive, classification-relevant fields of an error (and of its
 * `cause` chain, prefixed `cause.`), redacted. Never throws.
 */
export function errorFields(error: unknown, redact: (s: string) => string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  let current: unknown = error;
  let prefix = '';
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const o = current as Record<string, unknown>;
    for (const name of FIELD_NAMES) {
      let v: unknown;
      try {
        v = o[name];
      } catch {
        continue;
      }
      if (typeof v === 'string' && v.length > 0 && v.length < 500) out[prefix + name] = redact(v);
      else if (typeof v === 'number' && Number.isFinite(v)) out[prefix + name] = v;
      else if (typeof v === 'boolean') out[prefix + name] = String(v);
    }
    let next: unknown;
    try {
      next = o.cause;
    } catch {
      next = undefined;
    }
    if (next === current) break;
    current = next;
    prefix += 'cause.';
  }
  return out;
}
