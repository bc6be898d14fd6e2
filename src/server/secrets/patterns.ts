/**
 * Secret shapes recognised without knowing the secret: the safety net behind the literal forms.
 * Every expression runs in time linear in the text's length whatever the text is (`npm run bench --
 * hostile` measures it): one match per URL token, no nested quantifiers over overlapping classes.
 */
import { isIPv6 } from 'node:net';
import { HOST_MASK, IP_MASK, MASK } from './mask';

export type Rule = [RegExp, string | ((...m: string[]) => string)];

/** `scheme://user:password@rest` → `scheme://user:[REDACTED]@rest`; anything else unchanged. */
function maskUrlPassword(match: string, scheme: string, rest: string): string {
  const at = rest.lastIndexOf('@');
  if (at < 0) return match;
  const colon = rest.indexOf(':');
  if (colon < 0 || colon > at) return match;
  const user = rest.slice(0, colon);
  if (/[/@]/.test(user)) return match;
  return `${scheme}${user}:${MASK}${rest.slice(at)}`;
}

/** Words that name a secret, also as the last part of a longer name (DB_PASSWORD, spring.datasource.password). */
const SECRET_WORD =
  'password|passwd|pwd|pass|secret|client_secret|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|token|auth[_-]?token|private[_-]?key|private_key_id|service[_-]?role[_-]?key|anon[_-]?key|sslpassword|sslkey';

export const SECRET_RULES: Rule[] = [
  // PEM blocks (service-account private keys), whole or cut off, also with literal "\n" escapes.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, MASK],
  // URL credentials: the password runs to the token's last '@', so an unencoded '@', '#', '/' or '?' in
  // it (which error messages print raw) is removed whole. When a later '@' sits in the query, more is
  // removed, never less. One match per URL token (linear time), then the userinfo is cut by hand.
  [/((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/)([^\s'"]*)/gi, (m: string, scheme: string, rest: string) => maskUrlPassword(m, scheme, rest)],
  // JWTs (header.payload.signature, base64url).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  // Bearer / Basic authorization values: any run of 8+ non-space characters (not only RFC 6750's token
  // characters: a malformed token is still a token).
  [/\b(Bearer|Basic)\s+[^\s"',;]{8,}/gi, (_m, kind: string) => `${kind} ${MASK}`],
  // Well-known key formats.
  [/\bsb_(?:publishable|secret)_[A-Za-z0-9_-]{8,}/g, MASK],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, MASK],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g, MASK],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bya29\.[A-Za-z0-9._-]{10,}/g, MASK],
  // key=value / key: value pairs whose key names a secret (quoted or not).
  [
    new RegExp(
      `(["']?(?<![A-Za-z0-9_.-])(?:PGPASSWORD\\b|(?:[A-Za-z0-9]+[_.-])*(?:${SECRET_WORD}))["']?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|\\S+)`,
      'gi',
    ),
    // MySQL's "(using password: YES)" says whether a password was sent, not what it was: kept. The test
    // is case-sensitive and exact, so a real password such as "nO)0$!" is still removed.
    (m, prefix: string, value: string) => (/^password: $/i.test(prefix) && /^(?:YES|NO)\)[.,;]?$/.test(value) ? m : `${prefix}${MASK}`),
  ],
  // Long opaque values that look like secrets (hex ≥ 32, base64 ≥ 40 with mixed classes).
  [/\b[a-f0-9]{32,}\b/gi, MASK],
  [/(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{40,}={0,2}/g, MASK],
];

/** Natural language in free-text comments: "password was hunter2", "my token is abc". */
export const PROSE_RULES: Rule[] = [
  [
    /(\b(?:password|passwd|pwd|passphrase|secret|token|api[_ -]?key)\s+(?:is|was|of|=)\s+)(["'`]?)\S+/gi,
    (_m, prefix: string) => `${prefix}${MASK}`,
  ],
];

/** User names in the forms drivers print them. */
export const USER_RULES: Rule[] = [
  // scheme://user[:…]@ → scheme://[REDACTED][:…]@
  [/((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/)([^\s/:@'"]+)(?=[:@])/gi, (_m, scheme: string) => `${scheme}${MASK}`],
  // PostgreSQL: user "x", role "x", for user "x"
  [/\b(user|role|username|login)(\s+)"[^"]*"/gi, (_m, w: string, s: string) => `${w}${s}"${MASK}"`],
  // MySQL: 'user'@'host'
  [/'[^'@\s]*'@'/g, `'${MASK}'@'`],
  // Prisma: credentials for `user`
  [/\b(for|user)\s+`[^`]*`/gi, (_m, w: string) => `${w} \`${MASK}\``],
  // user=x, username: x, "user":"x"
  [
    /(["']?\b(?:user|username|user_name|usr|login)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&)}\]]+)/gi,
    (_m, p: string) => `${p}${MASK}`,
  ],
  // MongoDB Atlas: "user is not allowed", "for user 'x'"
  [/\buser '([^']*)'/gi, `user '${MASK}'`],
];

// Matches start only where a dotted name starts (not after "label."), so a long run of labels costs
// linear time rather than one scan per label.
const HOST_RE = /\b(?<![a-z0-9-])(?<![a-z0-9-]\.)(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})\b/gi;
const IPV4_RE = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
/** IPv6 candidates (hex digits and colons, two colons at least), each checked by node:net's parser. */
const IPV6_CANDIDATE_RE = /(?<![A-Za-z0-9:.])(?=[0-9a-f]*:[0-9a-f]*:)[0-9a-f:]{2,39}(?![A-Za-z0-9:])/gi;
/** Things that look like host names but are not (file names, package names). */
const NOT_A_HOST = /\.(?:js|ts|mjs|cjs|json|conf|cnf|crt|pem|key|sock|log|env|md|html|yml|yaml|toml|ini|prisma|go|py|java|rb)$/i;

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function applyRules(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [re, rep] of rules) {
    // String.replace's overloads take a string or a replacer; the union needs one of them named.
    out = out.replace(re, rep as (substring: string, ...args: string[]) => string);
  }
  return out;
}

/** Masks the named hosts and their subdomains (exact labels, case-insensitive). */
export function maskHosts(text: string, hosts: readonly string[]): string {
  let out = text;
  for (const host of hosts) {
    if (!host || host.length < 2) continue;
    out = out.replace(
      new RegExp(`(?<![A-Za-z0-9-]|[A-Za-z0-9-]\\.)(?:[A-Za-z0-9-]+\\.)*${escapeRegExp(host)}(?![A-Za-z0-9-])`, 'gi'),
      HOST_MASK,
    );
  }
  return out;
}

/** Masks every host name and IP address (v4, and v6 as node:net parses it). */
export function maskAllHosts(text: string): string {
  return text
    .replace(HOST_RE, (h) => (NOT_A_HOST.test(h) ? h : HOST_MASK))
    .replace(IPV4_RE, IP_MASK)
    .replace(IPV6_CANDIDATE_RE, (c) => (isIPv6(c) ? IP_MASK : c));
}

/** Keys whose value is a secret, whatever it looks like: the key's last word names one (`dbPassword`, `api_key`). */
const SECRET_KEY =
  /(?:password|passwd|pwd|pass|secret|token|apikey|privatekey|privatekeyid|credentials?|authorization|authheader|serviceaccount(?:json)?|cookie|session)$/;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[_.\s-]/g, ''));
}

/** Keys whose value is a user name. */
export function isUserKey(key: string): boolean {
  return /^(user|username|login)$/i.test(key);
}
