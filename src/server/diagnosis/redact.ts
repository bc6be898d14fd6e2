/**
 * Redaction of error messages and field values before they are stored, logged,
 * shown in alerts or sent to an LLM. Pure string functions.
 *
 * Always removed: passwords in URLs (`scheme://user:PASS@host`), `password=`/`pwd=`
 * style pairs, JWTs, bearer tokens, API keys (Supabase sb_…, Google AIza…, OpenAI
 * sk-…, AWS AKIA…, GitHub gh*_…), PEM private keys, long hex/base64 secrets.
 * Optionally removed: user names (`users: true`) and host names (`hosts: [...]`,
 * or `allHosts: true` for every host name and IP address).
 */

import { isIPv6 } from 'node:net';

export interface RedactOptions {
  /** Also replace user names: URL user parts, `user "x"`, `'x'@'host'`, `user=x`. */
  users?: boolean;
  /** Extra literal strings to replace (known user names, project refs ...). */
  literals?: readonly string[];
  /** Host names to replace (exact, case-insensitive; subdomains included). */
  hosts?: readonly string[];
  /** Replace every host name and IP address. */
  allHosts?: boolean;
  /** Free text written by a person (feedback comments): also "password was X", "token is X". */
  prose?: boolean;
}

export const REDACTED = '[REDACTED]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `scheme://user:password@rest` → `scheme://user:[REDACTED]@rest`; anything else unchanged. */
function redactUrlPassword(match: string, scheme: string, rest: string): string {
  const at = rest.lastIndexOf('@');
  if (at < 0) return match;
  const colon = rest.indexOf(':');
  if (colon < 0 || colon > at) return match;
  const user = rest.slice(0, colon);
  if (/[/@]/.test(user)) return match;
  return `${scheme}${user}:${REDACTED}${rest.slice(at)}`;
}

const SECRET_RULES: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // PEM blocks (service-account private keys), also with literal "\n" escapes.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, `${REDACTED}`],
  // URL credentials: scheme://user:password@host  → keep the user (handled separately), drop the password.
  // The password runs to the token's last '@': an unencoded '@', '#', '/' or '?' in it (which error
  // messages print raw) is removed whole. When a later '@' sits in the query, more is removed, never less.
  // One match per URL token (linear time), then the userinfo is cut by hand.
  [/((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/)([^\s'"]*)/gi, (m: string, scheme: string, rest: string) => redactUrlPassword(m, scheme, rest)],
  // JWTs (header.payload.signature, base64url).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Bearer / Basic authorization values: any run of 8+ non-space characters (not only RFC 6750's
  // token characters: a malformed token is still a token).
  [/\b(Bearer|Basic)\s+[^\s"',;]{8,}/gi, (_m, kind: string) => `${kind} ${REDACTED}`],
  // Well-known key formats.
  [/\bsb_(?:publishable|secret)_[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, REDACTED],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bya29\.[A-Za-z0-9._-]{10,}/g, REDACTED],
  // key=value / key: value pairs whose key names a secret (quoted or not), also as the last part of a
  // longer name: DB_PASSWORD, MYSQL_ROOT_PASSWORD, spring.datasource.password, PGPASSWORD.
  [
    /(["']?(?<![A-Za-z0-9_.-])(?:PGPASSWORD\b|(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pwd|pass|secret|client_secret|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|token|auth[_-]?token|private[_-]?key|private_key_id|service[_-]?role[_-]?key|anon[_-]?key|sslpassword|sslkey))["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S+)/gi,
    // MySQL's "(using password: YES)" says whether a password was sent, not what it was: kept. The test
    // is case-sensitive and exact, so a real password such as "nO)0$!" is still removed.
    (m, prefix: string, value: string) => (/^password: $/i.test(prefix) && /^(?:YES|NO)\)[.,;]?$/.test(value) ? m : `${prefix}${REDACTED}`),
  ],
  // Long opaque values that look like secrets (hex ≥ 32, base64 ≥ 40 with mixed classes).
  [/\b[a-f0-9]{32,}\b/gi, REDACTED],
  [/(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{40,}={0,2}/g, REDACTED],
];

/** Natural language in free-text comments: "password was hunter2", "my token is abc". */
const PROSE_RULES: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  [
    /(\b(?:password|passwd|pwd|passphrase|secret|token|api[_ -]?key)\s+(?:is|was|of|=)\s+)(["'`]?)\S+/gi,
    (_m, prefix: string) => `${prefix}${REDACTED}`,
  ],
];

const USER_RULES: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // scheme://user[:…]@ → scheme://[REDACTED][:…]@
  [/((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/)([^\s/:@'"]+)(?=[:@])/gi, (_m, scheme: string) => `${scheme}${REDACTED}`],
  // PostgreSQL: user "x", role "x", for user "x"
  [/\b(user|role|username|login)(\s+)"[^"]*"/gi, (_m, w: string, s: string) => `${w}${s}"${REDACTED}"`],
  // MySQL: 'user'@'host'
  [/'[^'@\s]*'@'/g, `'${REDACTED}'@'`],
  // Prisma: credentials for `user`
  [/\b(for|user)\s+`[^`]*`/gi, (_m, w: string) => `${w} \`${REDACTED}\``],
  // user=x, username: x, "user":"x"
  [
    /(["']?\b(?:user|username|user_name|usr|login)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&)}\]]+)/gi,
    (_m, p: string) => `${p}${REDACTED}`,
  ],
  // MongoDB Atlas: "user is not allowed", "for user 'x'"
  [/\buser '([^']*)'/gi, `user '${REDACTED}'`],
];

// Matches start only where a dotted name starts (not after "label."), so a long run of labels costs
// linear time rather than one scan per label.
const HOST_RE = /\b(?<![a-z0-9-])(?<![a-z0-9-]\.)(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})\b/gi;
const IPV4_RE = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
/** IPv6 candidates (hex digits and colons, two colons at least), each checked by node:net's parser. */
const IPV6_CANDIDATE_RE = /(?<![A-Za-z0-9:.])(?=[0-9a-f]*:[0-9a-f]*:)[0-9a-f:]{2,39}(?![A-Za-z0-9:])/gi;
/** Things that look like host names but are not (file names, package names). */
const NOT_A_HOST = /\.(?:js|ts|mjs|cjs|json|conf|cnf|crt|pem|key|sock|log|env|md|html|yml|yaml|toml|ini|prisma|go|py|java|rb)$/i;

function replaceRules(text: string, rules: Array<[RegExp, string | ((...m: string[]) => string)]>): string {
  let out = text;
  for (const [re, rep] of rules) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- String.replace overloads
    out = out.replace(re, rep as (substring: string, ...args: any[]) => string);
  }
  return out;
}

/** Redacts secrets (always) and, on request, user names and host names. */
export function sanitizeErrorMessage(message: string, options: RedactOptions = {}): string {
  if (typeof message !== 'string' || message.length === 0) return '';
  let out = replaceRules(message, SECRET_RULES);
  if (options.prose) out = replaceRules(out, PROSE_RULES);
  if (options.users) out = replaceRules(out, USER_RULES);
  for (const lit of options.literals ?? []) {
    if (lit && lit.length >= 2) out = out.replace(new RegExp(escapeRegExp(lit), 'gi'), REDACTED);
  }
  for (const host of options.hosts ?? []) {
    if (!host || host.length < 2) continue;
    out = out.replace(
      new RegExp(`(?<![A-Za-z0-9-]|[A-Za-z0-9-]\\.)(?:[A-Za-z0-9-]+\\.)*${escapeRegExp(host)}(?![A-Za-z0-9-])`, 'gi'),
      '[HOST]',
    );
  }
  if (options.allHosts) {
    out = out.replace(HOST_RE, (h) => (NOT_A_HOST.test(h) ? h : '[HOST]'));
    out = out.replace(IPV4_RE, '[IP]');
    out = out.replace(IPV6_CANDIDATE_RE, (c) => (isIPv6(c) ? '[IP]' : c));
  }
  return out;
}

/** Redacts every string inside a plain value (for structured fields). */
export function sanitizeValue<T>(value: T, options: RedactOptions = {}, depth = 0): T {
  if (typeof value === 'string') return sanitizeErrorMessage(value, options) as T;
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => sanitizeValue(v, options, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (
      /^(password|passwd|pwd|secret|api[_-]?key|apikey|token|access[_-]?token|refresh[_-]?token|private[_-]?key|serviceAccountJson|authorization)$/i.test(
        k,
      )
    ) {
      out[k] = REDACTED;
    } else if (options.users && /^(user|username|login)$/i.test(k)) {
      out[k] = REDACTED;
    } else {
      out[k] = sanitizeValue(v, options, depth + 1);
    }
  }
  return out as T;
}
