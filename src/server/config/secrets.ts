/**
 * What counts as a secret: variable names, placeholder values, common passwords,
 * vendor token formats and PEM private keys. Pure string logic, no I/O.
 */
import { Ch } from '../../shared/charCodes';

/** Upper case, digits and _ with no digit before a capital (`S3BUCKET` splits into S3, BUCKET). */
const UPPER_SNAKE = /^(?:[A-Z_]|[0-9](?![A-Z]))+$/;

/**
 * The key's upper-case words joined by `_` (`dbPassword` → `DB_PASSWORD`): the
 * key itself, without a copy, when it is already clean UPPER_SNAKE (most
 * environment variable names). Word tests are then regexes over one string.
 */
export function joinedKeyWords(key: string): string {
  if (
    key.length > 0 &&
    key.charCodeAt(0) !== Ch.UNDERSCORE &&
    key.charCodeAt(key.length - 1) !== Ch.UNDERSCORE &&
    key.indexOf('__') < 0 &&
    UPPER_SNAKE.test(key)
  )
    return key;
  return keyWords(key).join('_');
}

/** Splits `dbPassword`, `DB_PASSWORD`, `db.password`, `db-password` into upper-case words. */
export function keyWords(key: string): string[] {
  // Fast path: UPPER_SNAKE (most environment variable names) needs no case split.
  if (UPPER_SNAKE.test(key)) return key.split('_').filter(Boolean);
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/**
 * Last key words that name something about a secret rather than the secret:
 * where it lives (FILE, PATH, URL, ENDPOINT, HOST), who or what it is for (ID,
 * NAME, USER, ISSUER, AUDIENCE, SCOPE), its shape or lifetime (LENGTH, TTL,
 * EXPIRY, TIMEOUT, SECONDS, ...), switches (ENABLED, MODE).
 */
const NOT_SECRET_SUFFIX = new Set([
  'FILE',
  'PATH',
  'URL',
  'URI',
  'ID',
  'NAME',
  'LENGTH',
  'EXPIRY',
  'EXPIRES',
  'TTL',
  'ALGORITHM',
  'ALG',
  'TYPE',
  'HEADER',
  'FIELD',
  'POLICY',
  'MIN',
  'MAX',
  'ROTATION',
  'PARAM',
  'ENV',
  'VAR',
  'HINT',
  'REGEX',
  'PATTERN',
  'RESET',
  'LOCATION',
  'DIR',
  'ENABLED',
  'REQUIRED',
  'MODE',
  'PROVIDER',
  'AUTH',
  'ENDPOINT',
  'HOST',
  'PORT',
  'ISSUER',
  'AUDIENCE',
  'SCOPE',
  'SCOPES',
  'TIMEOUT',
  'EXPIRATION',
  'LIFETIME',
  'SECONDS',
  'MINUTES',
  'HOURS',
  'DAYS',
  'MS',
  'COUNT',
  'LIMIT',
  'SIZE',
  'VERSION',
  'PREFIX',
  'DOMAIN',
  'REGION',
  'USER',
  'USERNAME',
  'EMAIL',
]);
const PUBLIC_KEY_WORDS = ['PUBLISHABLE', 'ANON', 'PUBLIC_KEY', 'SITE_KEY', 'MEASUREMENT'];

/**
 * Substrings (case-insensitive) one of which every secret name below contains:
 * PASS(WORD|WD), PWD, SECRET, TOKEN, …KEY…, SERVICE(_ROLE), CREDENTIALS. Key
 * words are runs of ASCII letters and digits, so the substring is contiguous in
 * the key as written: names without any skip the word split.
 */
export const SECRET_NAME_HINT = /pass|pwd|secret|token|key|service|credential/i;

/** A variable whose value is a secret by name (password, secret, token, API key, private key, service role). */
export function isSecretKeyName(key: string): boolean {
  if (!SECRET_NAME_HINT.test(key)) return false;
  if (GLUED_PASSWORD.test(key)) return true;
  const joined = joinedKeyWords(key);
  if (joined.length === 0) return false;
  for (const w of PUBLIC_KEY_WORDS) if (joined.includes(w)) return false;
  if (NOT_SECRET_SUFFIX.has(joined.slice(joined.lastIndexOf('_') + 1))) return false;
  return SECRET_WORDS.test(joined) || API_KEY_WORD.test(joined) || (KEY_LAST.test(joined) && STRONG_KEY_WORD.test(joined));
}

const SECRET_WORDS =
  /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|APIKEY|PRIVATE_KEY|PRIVATEKEY|ACCESS_KEY|SECRET_KEY|SERVICE_ROLE|SERVICE_ROLE_KEY|SERVICE_KEY|AUTH_KEY|CREDENTIALS|MASTER_KEY|ENCRYPTION_KEY|SIGNING_KEY|WEBHOOK_SECRET)(_|$)/;
const API_KEY_WORD = /(^|_)API_KEY(_|$)/;
const KEY_LAST = /(^|_)KEY$/;
/** Words that make a trailing KEY a secret: JWT_KEY, DB_ENC_KEY, PG_META_CRYPTO_KEY, SESSION_KEY, HMAC_KEY. */
const STRONG_KEY_WORD = /(^|_)(SECRET|PRIVATE|SERVICE|ADMIN|MASTER|JWT|ENC|ENCRYPT|CRYPTO|CIPHER|HMAC|SESSION|COOKIE|SIGNING|SIGN)(_|$)/;

/** libpq's PGPASSWORD (the role glued to the prefix, no separator). */
const GLUED_PASSWORD = /^PGPASSWORD$/;

/** A password field proper (for weak-password checks). */
export function isPasswordKeyName(key: string): boolean {
  if (GLUED_PASSWORD.test(key)) return true;
  const words = keyWords(key);
  const last = words[words.length - 1];
  return (
    last === 'PASSWORD' ||
    last === 'PASSWD' ||
    last === 'PWD' ||
    last === 'PASS' ||
    (words.length >= 2 && words[words.length - 2] === 'PASSWORD' && !NOT_SECRET_SUFFIX.has(last))
  );
}

const PLACEHOLDER_WORDS =
  /^(?:changeme|change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|replace[-_ ]?this|todo|tbd|fixme|placeholder|example|sample|dummy|fake|none|null|nil|undefined|empty|n\/a|na|secret|password|passwd|pass|pwd|token|key|api[-_]?key|my[-_]?secret|mysecret|mypassword|my[-_]?password|your[-_]?\w*|enter[-_]?\w*|insert[-_]?\w*|put[-_]?\w*|redacted|hidden|xxx+|\*+|\.\.\.+|…|-+|_+|0+|test|testing)$/i;

/** An obvious stand-in (`<your-key>`, `your_password_here`, `xxxx`, `changeme`, `${VAR}`, `...`), or a stand-in word (`password`, `secret`, `test`). */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  return PLACEHOLDER_WORDS.test(v) || isStandIn(v);
}

/**
 * A value that is visibly not a real one by its form: brackets (`<password>`,
 * `[YOUR-PASSWORD]`), a "your/my/example/…" word, `xxxx`, `***`, `...`, one
 * repeated character, a token a setup script replaces (`WEB_APP_DB_PWD`,
 * `__DB_PASS__`), or a sentence in camel case that starts like an instruction
 * (`YourSuperSecretKey…`). Unlike `isPlaceholder` it does not count words that
 * are also common real passwords (`password`, `secret`, `test`): those stay
 * literal (and weak) outside templates.
 */
export function isStandIn(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const c = v.charCodeAt(0);
  // Each test is guarded by a character it needs (this runs for every password of every URL).
  if (
    (c === Ch.LESS_THAN || c === Ch.OPEN_BRACKET || c === Ch.OPEN_BRACE || c === Ch.PERCENT) &&
    /^<[^>]*>$|^\[[^\]]*\]$|^\{[^}]*\}$|^%[A-Z_]+%$/.test(v)
  )
    return true;
  // A marker word joined to others (`your-password`, `changeme_in_production`); alone (`example`) it may be the real, weak, value.
  if (SEPARATOR.test(v) && MARKER_JOINED.test(v)) return true;
  if (CAMEL_START.has(c) && /^(?:[Yy]our|[Cc]hange|[Rr]eplace|[Ii]nsert|[Ee]nter)[A-Z][a-z]/.test(v)) return true;
  if (/\b(here|goes[-_ ]here)$|x{4,}|X{4,}|\*{3,}|\.{3,}|…|^(.)\2+$/i.test(v)) return true;
  // SCREAMING_SNAKE_CASE identifiers of two or more words, optionally wrapped in __ or @@: names, not values.
  if (
    (c === Ch.UNDERSCORE || c === Ch.AT || (c >= Ch.UPPER_A && c <= Ch.UPPER_Z)) &&
    /^(?:__|@@)?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:__|@@)?$/.test(v)
  )
    return true;
  return false;
}

const SEPARATOR = /[-_ ]/;
const MARKER_JOINED =
  /(?:^|[-_ ])(?:your|my|example|placeholder|changeme|replace|dummy|fake|sample|redacted)[-_ ]|[-_ ](?:your|example|placeholder|changeme|replace|dummy|fake|sample|redacted)$/i;
/** First letters of the camel-case instructions `Your…`, `Change…`, `Replace…`, `Insert…`, `Enter…`. */
const CAMEL_START = new Set([...'YyCcRrIiEe'].map((l) => l.charCodeAt(0)));

/**
 * The literal a reference falls back to when its variable is unset, as offsets
 * into `value` (the whole value being one reference): Spring
 * `${NAME:default}`, compose and shell `${NAME:-default}` / `${NAME-default}`,
 * ERB `<%= ENV.fetch("NAME") { "default" } %>` and `<%= ENV["NAME"] || "default" %>`.
 * `${NAME:?message}` has no default (compose fails instead).
 */
export function referenceDefault(value: string): { name: string; start: number; end: number } | undefined {
  const c = value.charCodeAt(0);
  if (c === Ch.DOLLAR) {
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)(:-|-|:)(?!\?)([^{}]*)\}$/.exec(value);
    if (!m || m[3].length === 0) return undefined;
    const start = 2 + m[1].length + m[2].length;
    return { name: m[1], start, end: start + m[3].length };
  }
  if (c === Ch.LESS_THAN) {
    const m = /^(<%=\s*ENV(?:\.fetch\(\s*["'](\w+)["']\s*\)\s*\{\s*|\[\s*["'](\w+)["']\s*\]\s*\|\|\s*)["'])([^"']+)["']\s*\}?\s*%>$/.exec(
      value,
    );
    if (!m) return undefined;
    return { name: m[2] ?? m[3], start: m[1].length, end: m[1].length + m[4].length };
  }
  return undefined;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A value that looks like a generated secret rather than a word or a sentence (for templates). */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || isPlaceholder(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return entropy(v) >= 3.2 && classes >= 2 && !looksLikePhrase(v);
}

/**
 * Written words rather than generated characters: split at separators, case
 * changes and digits, most letters sit in pronounceable words (a vowel, no run
 * of five consonants): `this_password_is_insecure_and_should_be_updated`,
 * `YourSuperSecretKeyForJwt…123!`, `pgadmin_password`. Random strings split
 * into short fragments (`3aGtTbY6kLpR…` → a, Gt, Tb, Y, k, Lp, R…).
 */
export function looksLikePhrase(value: string): boolean {
  const tokens = value.split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
  let letters = 0;
  let wordy = 0;
  let words = 0;
  for (const t of tokens) {
    if (t.length === 0) continue;
    letters += t.length;
    if (t.length >= 3 && /[aeiou]/i.test(t) && !/[^aeiou\W\d_]{5}/i.test(t) && (t.match(/[aeiou]/gi)?.length ?? 0) * 4 >= t.length) {
      wordy += t.length;
      words++;
    }
  }
  return words >= 2 && wordy >= 0.7 * letters && letters >= 0.6 * value.length;
}

const COMMON_PASSWORDS = new Set(
  [
    'password',
    'passw0rd',
    'p@ssw0rd',
    'p@ssword',
    'password1',
    'password123',
    'pass',
    'pass123',
    'pwd',
    '123456',
    '1234567',
    '12345678',
    '123456789',
    '1234567890',
    '12345',
    '1234',
    '123',
    '111111',
    '000000',
    'qwerty',
    'qwerty123',
    'abc123',
    'letmein',
    'welcome',
    'welcome1',
    'iloveyou',
    'monkey',
    'dragon',
    'admin',
    'admin123',
    'administrator',
    'root',
    'toor',
    'secret',
    'secret123',
    'changeme',
    'change_me',
    'default',
    'test',
    'test123',
    'testing',
    'guest',
    'master',
    'postgres',
    'postgresql',
    'mysql',
    'mariadb',
    'mongo',
    'mongodb',
    'sa',
    'sysadmin',
    'dev',
    'development',
    'local',
    'example',
    'demo',
    'docker',
    'supabase',
    'firebase',
    'prisma',
    'app',
    'user',
    'db',
    'database',
    'temp',
    'temporary',
    'qwertyuiop',
    'trustno1',
    'mypassword',
    'yourpassword',
    's3cret',
    's3cr3t',
    'passwd',
    'superuser',
    'oracle',
    'rootpassword',
    'rootpass',
    'dbpass',
    'dbpassword',
  ].map((s) => s.toLowerCase()),
);

/** Yes/no switches a boolean variable takes: never a secret, whatever the variable is named. */
export const SWITCH_VALUE = /^(?:yes|no|true|false|on|off|y|n|null|enabled?|disabled?)$/i;

export type WeakReason = 'empty' | 'common' | 'equals-user' | 'short';

export function weakPasswordReason(password: string, user?: string): WeakReason | undefined {
  if (password.length === 0) return 'empty';
  if (user && password.toLowerCase() === user.toLowerCase()) return 'equals-user';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'common';
  if (password.length < 6) return 'short';
  return undefined;
}

export interface TokenMatch {
  vendor:
    | 'openai'
    | 'resend'
    | 'google-api-key'
    | 'supabase-secret'
    | 'supabase-publishable'
    | 'jwt'
    | 'private-key'
    | 'stripe-secret'
    | 'github-token'
    | 'aws-access-key'
    | 'anthropic'
    | 'slack-token'
    | 'sendgrid'
    | 'telegram-bot'
    | 'huggingface'
    | 'gitlab-token'
    | 'npm-token';
  start: number;
  end: number;
}

const TOKEN_PATTERNS: Array<[TokenMatch['vendor'], RegExp]> = [
  ['anthropic', /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}(?![A-Za-z0-9_-])/g],
  ['openai', /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g],
  ['resend', /(?<![A-Za-z0-9_])re_[A-Za-z0-9]{6,}_[A-Za-z0-9_]{16,}(?![A-Za-z0-9_])/g],
  ['google-api-key', /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g],
  ['supabase-secret', /(?<![A-Za-z0-9_])sb_secret_[A-Za-z0-9_-]{16,}/g],
  ['supabase-publishable', /(?<![A-Za-z0-9_])sb_publishable_[A-Za-z0-9_-]{16,}/g],
  ['stripe-secret', /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g],
  ['slack-token', /(?<![A-Za-z0-9_-])xox[abposr]-[0-9]{6,}-[A-Za-z0-9-]{10,}(?![A-Za-z0-9-])/g],
  ['sendgrid', /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g],
  ['telegram-bot', /(?<![A-Za-z0-9_:-])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g],
  ['huggingface', /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,}(?![A-Za-z0-9])/g],
  ['gitlab-token', /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g],
  ['npm-token', /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g],
  ['github-token', /(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9])|github_pat_[A-Za-z0-9_]{60,}/g],
  ['aws-access-key', /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g],
  ['jwt', /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
  ['private-key', /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g],
];

/** Every token pattern needs one of these literals: values without any skip the ten patterns. */
export const TOKEN_HINT = /sk-|re_|AIza|sb_|_live_|_test_|gh[pousr]_|github_pat_|AKIA|ASIA|eyJ|-----BEGIN |xox|SG\.|:AA|hf_|glpat-|npm_/;
/** Shorter values hold no token. */
export const MIN_TOKEN_TEXT = 20;

/** Vendor tokens in a value, with offsets. Quick pre-checks keep plain values cheap. */
export function findTokens(value: string): TokenMatch[] {
  if (value.length < MIN_TOKEN_TEXT || !TOKEN_HINT.test(value)) return [];
  const out: TokenMatch[] = [];
  for (const [vendor, re] of TOKEN_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(value); m; m = re.exec(value)) {
      if (vendor === 'resend' && !(/[0-9]/.test(m[0]) && /[A-Z]/.test(m[0]))) continue;
      if (isPlaceholder(m[0]) || /x{6,}|X{6,}/.test(m[0])) continue;
      out.push({ vendor, start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

export const VENDOR_NAMES: Record<TokenMatch['vendor'], string> = {
  openai: 'OpenAI API key',
  resend: 'Resend API key',
  'google-api-key': 'Google API key',
  'supabase-secret': 'Supabase secret key',
  'supabase-publishable': 'Supabase publishable key',
  'stripe-secret': 'Stripe secret key',
  'github-token': 'GitHub token',
  'aws-access-key': 'AWS access key id',
  jwt: 'JSON Web Token',
  'private-key': 'private key',
  anthropic: 'Anthropic API key',
  'slack-token': 'Slack token',
  sendgrid: 'SendGrid API key',
  'telegram-bot': 'Telegram bot token',
  huggingface: 'Hugging Face token',
  'gitlab-token': 'GitLab personal access token',
  'npm-token': 'npm access token',
};

/** Variable prefixes that bundlers inline into browser code. */
export const CLIENT_PREFIXES = [
  'NEXT_PUBLIC_',
  'VITE_',
  'REACT_APP_',
  'EXPO_PUBLIC_',
  'NUXT_PUBLIC_',
  'GATSBY_',
  'PUBLIC_',
  'VUE_APP_',
  'STORYBOOK_',
] as const;

export function clientPrefixOf(key: string): string | undefined {
  for (const p of CLIENT_PREFIXES) if (key.length > p.length && key.startsWith(p)) return p;
  return undefined;
}
