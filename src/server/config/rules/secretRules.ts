/**
 * Rules on secret values in any setting: literal secrets, vendor tokens,
 * Supabase keys (exposure, project, expiry), private keys, credential paths.
 */
import * as path from 'node:path';
import { isTemplateReference } from '../connectionString';
import { jwtExpiry, supabaseKeyInfo, supabaseRefFromUrl, type SupabaseKeyInfo } from '../jwt';
import { add, article, exposureSeverity, ignoreFix, moveToEnvFix, rangeKey, suggestName, type RuleEnv } from '../ruleEnv';
import {
  clientPrefixOf,
  findTokens,
  isPlaceholder,
  isSecretKeyName,
  isStandIn,
  looksRandom,
  referenceDefault,
  SWITCH_VALUE,
  VENDOR_NAMES,
  type TokenMatch,
} from '../secrets';
import type { Setting } from '../settings';
import type { QuickFix, Range } from '../types';
import { renameFixes, type ConnectionSeen } from './connectionRules';

const KNOWN_TOKEN_VENDORS = new Set<TokenMatch['vendor']>([
  'openai',
  'resend',
  'google-api-key',
  'stripe-secret',
  'github-token',
  'aws-access-key',
  'anthropic',
  'slack-token',
  'sendgrid',
  'telegram-bot',
  'huggingface',
  'gitlab-token',
  'npm-token',
]);

/** Is a Google API key here the Firebase web config's (public by design)? */
function isFirebaseWebKey(setting: Setting, siblings: ReadonlySet<string>): boolean {
  if (/FIREBASE/i.test(setting.key) || setting.path.some((p) => /firebase/i.test(p))) return true;
  return setting.key === 'apiKey' && (siblings.has('authDomain') || siblings.has('projectId') || siblings.has('appId'));
}

/**
 * Google API keys for generative AI (Gemini, Vertex): billed keys, never browser
 * keys. Other Google keys under a browser prefix (Maps, Firebase web config) are
 * browser keys by design, restricted by referrer.
 */
const AI_KEY_NAME = /GEMINI|GENAI|GENERATIVE|PALM|VERTEX|(^|_)(AI|LLM)(_|$)/i;

/** A URL without credentials (an endpoint, a redirect target): not a secret whatever its name. */
const PLAIN_URL = /^(?:https?|wss?):\/\/[^\s@]*$/i;

/**
 * A setting named like a secret. A bare `Key` is judged with its parent
 * (`Jwt: { Key: … }` in appsettings.json, `jwt.key` in Spring): on its own the
 * word says nothing.
 */
function isSecretSetting(setting: Setting): boolean {
  if (isSecretKeyName(setting.key)) return true;
  const path = setting.path;
  if (path.length < 2 || !/^key$/i.test(setting.key)) return false;
  const parent = path[path.length - 2];
  return !/^\d+$/.test(parent) && isSecretKeyName(`${parent}_${setting.key}`);
}

export interface SupabaseKeySeen {
  setting: Setting;
  info: SupabaseKeyInfo;
}

export function checkSecrets(
  env: RuleEnv,
  setting: Setting,
  siblings: ReadonlySet<string>,
  keys: SupabaseKeySeen[],
  opts: { skipLiteral?: boolean },
): void {
  const value = setting.value.trim();
  if (value.length === 0) return;
  if (isTemplateReference(value)) {
    fallbackSecret(env, setting, value);
    exposedReference(env, setting, value);
    return;
  }
  const template = env.info.template;
  if (env.reported.size > 0 && env.reported.has(rangeKey(setting.valueRange))) return;
  const prefix = clientPrefixOf(setting.key);

  // Supabase keys: role decides where they may live.
  const sb = supabaseKeyInfo(value);
  if (sb) {
    keys.push({ setting, info: sb });
    if (sb.exp !== undefined && sb.exp * 1000 < env.now()) {
      add(
        env,
        'expired-credential',
        wholeRange(setting),
        `${setting.key}: this Supabase ${sb.role} key expired on ${new Date(sb.exp * 1000).toISOString().slice(0, 10)}`,
      );
    }
    if (!sb.secret) return; // anon / publishable keys are public by design
    if (template && sb.demo) return; // the self-hosting demo key a template ships as its documented default
    env.secretSeen.value = env.secretSeen.value || !template;
    env.reported.add(rangeKey(setting.valueRange));
    if (prefix) {
      add(
        env,
        'client-exposed-secret',
        wholeRange(setting),
        `${setting.key} is a Supabase ${sb.format === 'jwt' ? 'service_role' : 'secret'} key under ${prefix}: it is bundled into browser code and bypasses Row Level Security`,
        { fixes: renameFixer(env, setting, prefix) },
      );
      return;
    }
    if (!opts.skipLiteral) literalSecret(env, setting, `a Supabase ${sb.format === 'jwt' ? 'service_role' : 'secret'} key`);
    return;
  }

  const tokens = findTokens(setting.text);
  for (const t of tokens) {
    const range = setting.locate(t.start, t.end);
    if (t.vendor === 'private-key') {
      env.secretSeen.value = env.secretSeen.value || !template;
      env.reported.add(rangeKey(setting.valueRange));
      if (env.info.kind === 'dotenv')
        add(
          env,
          'private-key-in-env',
          range,
          `${setting.key} holds a pasted private key: point GOOGLE_APPLICATION_CREDENTIALS at a key file (git-ignored) or use a secret manager`,
          { fixes: secretFixer(env, setting) },
        );
      else if (!opts.skipLiteral) literalSecret(env, setting, 'a private key');
      continue;
    }
    if (t.vendor === 'jwt') {
      const exp = jwtExpiry(setting.text.slice(t.start, t.end));
      if (exp !== undefined && exp * 1000 < env.now())
        add(env, 'expired-credential', range, `${setting.key}: this token expired on ${new Date(exp * 1000).toISOString().slice(0, 10)}`);
      continue;
    }
    if (t.vendor === 'supabase-publishable') continue;
    if (t.vendor === 'google-api-key' && (isFirebaseWebKey(setting, siblings) || (prefix && !AI_KEY_NAME.test(setting.key)))) continue;
    env.reported.add(rangeKey(setting.valueRange));
    env.secretSeen.value = env.secretSeen.value || !template;
    if (prefix) {
      add(
        env,
        'client-exposed-secret',
        range,
        `${setting.key} puts ${article(VENDOR_NAMES[t.vendor])} into browser bundles (${prefix} variables are public)`,
        { fixes: renameFixer(env, setting, prefix) },
      );
      continue;
    }
    if (KNOWN_TOKEN_VENDORS.has(t.vendor)) {
      const where = template
        ? 'in a template that is committed'
        : env.ctx.ignored
          ? '(this file is git-ignored)'
          : 'in a file git would commit';
      add(env, 'known-token', range, `${setting.key} holds ${article(VENDOR_NAMES[t.vendor])} ${where}`, {
        severity: template ? 'error' : exposureSeverity(env, 'error'),
        fixes: secretFixer(env, setting),
      });
    } else if (!opts.skipLiteral) literalSecret(env, setting, article(VENDOR_NAMES[t.vendor]));
  }
  // A vendor token was judged above; a JWT is a secret (or not) by the name it is stored under, below.
  for (const t of tokens) if (t.vendor !== 'jwt') return;

  // A secret by name with a literal value.
  if (opts.skipLiteral || !isSecretSetting(setting)) return;
  if (isPlaceholder(value) || SWITCH_VALUE.test(value) || /^\d{1,5}$/.test(value) || PLAIN_URL.test(value)) return;
  if (template && !looksRandom(value)) return;
  if (prefix) {
    env.secretSeen.value = env.secretSeen.value || !template;
    add(
      env,
      'client-exposed-secret',
      wholeRange(setting),
      `${setting.key} looks like a secret but ${prefix} variables are bundled into browser code`,
      { fixes: renameFixer(env, setting, prefix) },
    );
    return;
  }
  literalSecret(env, setting, 'a literal secret');
}

/**
 * A reference whose fallback is a generated-looking secret
 * (`${JWT_SECRET:7Iqk7YyM…==}`): the literal is committed and used wherever the
 * variable is not set. Judged like a template value: stand-ins and words are not
 * reported (`${DB_PASSWORD:postgres}`, `${SECRET:-change-me}`).
 */
function fallbackSecret(env: RuleEnv, setting: Setting, value: string): void {
  if (!isSecretSetting(setting)) return;
  const d = referenceDefault(value);
  if (!d) return;
  const literal = value.slice(d.start, d.end);
  if (!looksRandom(literal) || isStandIn(literal) || PLAIN_URL.test(literal)) return;
  env.secretSeen.value = env.secretSeen.value || !env.info.template;
  env.reported.add(rangeKey(setting.valueRange));
  const range = setting.exact && setting.text === value ? setting.locate(d.start, d.end) : wholeRange(setting);
  const where = env.info.template
    ? 'in a template that is committed'
    : env.ctx.ignored
      ? '(this file is git-ignored)'
      : 'in a file git would commit';
  add(
    env,
    'plaintext-secret',
    range,
    `${setting.key}: the fallback of ${d.name} is a literal secret ${where}; it is used wherever ${d.name} is not set`,
    { severity: env.info.template ? 'error' : exposureSeverity(env, 'error') },
  );
}

/** Names a value reads from the environment: `${NAME…}`, `env(NAME)` (Supabase CLI, Prisma), `$NAME`. */
const REFERENCED_NAME = /\$\{([A-Za-z_][A-Za-z0-9_]*)|\benv\(\s*["']?([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** Variables under a browser prefix that are public by design (Supabase anon/publishable keys, OAuth client ids, site keys). */
const PUBLIC_BY_DESIGN = /ANON|PUBLISHABLE|PUBLIC_KEY|CLIENT_ID|SITE_KEY|APP_ID|MEASUREMENT_ID|(^|_)URL$/;

/**
 * A secret setting that reads its value from a variable under a browser
 * prefix (`secret = "env(NEXT_PUBLIC_GOOGLE_SECRET)"`): to be read here the
 * secret must be set under that name, and bundlers inline such variables into
 * browser code.
 */
function exposedReference(env: RuleEnv, setting: Setting, value: string): void {
  if (!isSecretSetting(setting) || value.indexOf('_') < 0) return;
  REFERENCED_NAME.lastIndex = 0;
  for (let m = REFERENCED_NAME.exec(value); m; m = REFERENCED_NAME.exec(value)) {
    const name = m[1] ?? m[2] ?? m[3];
    const prefix = clientPrefixOf(name);
    if (!prefix) continue;
    const rest = name.slice(prefix.length);
    if (PUBLIC_BY_DESIGN.test(rest) && !isSecretKeyName(rest)) continue;
    add(
      env,
      'client-exposed-secret',
      wholeRange(setting),
      `${setting.key} reads a secret from ${name}: ${prefix} variables are bundled into browser code, so the secret ships to every visitor`,
    );
    return;
  }
}

/** The whole value: its text when offsets are exact, else the value as written. */
function wholeRange(setting: Setting): Range {
  return setting.exact ? setting.locate(0, setting.text.length) : setting.valueRange;
}

/** The fixes of a literal secret, built when asked for. */
function secretFixer(env: RuleEnv, setting: Setting): () => QuickFix[] {
  return () => fixesFor(env, setting);
}

/** The fix of a secret under a browser-exposed prefix, built when asked for. */
function renameFixer(env: RuleEnv, setting: Setting, prefix: string): () => QuickFix[] {
  return () => renameFixes(env, setting, prefix);
}

function fixesFor(env: RuleEnv, setting: Setting): QuickFix[] {
  const fixes: QuickFix[] = [];
  const move = moveToEnvFix(env, setting, suggestName(setting, 'SECRET'));
  if (move) fixes.push(move);
  const ig = ignoreFix(env);
  if (ig) fixes.push(ig);
  return fixes;
}

function literalSecret(env: RuleEnv, setting: Setting, what: string): void {
  const template = env.info.template;
  env.secretSeen.value = env.secretSeen.value || !template;
  env.reported.add(rangeKey(setting.valueRange));
  const where = template
    ? 'in a template that is committed (use a placeholder)'
    : env.ctx.ignored
      ? '(this file is git-ignored)'
      : 'in a file git would commit';
  const range = setting.exact ? setting.locate(0, setting.text.length) : setting.valueRange;
  add(env, 'plaintext-secret', range, `${setting.key} holds ${what} ${where}`, {
    severity: template ? 'error' : exposureSeverity(env, 'error'),
    fixes: secretFixer(env, setting),
  });
}

/** A setting that names a Supabase project: a key's `ref` claim, or a pooler user / db host of a connection string. */
export interface SupabaseClaim {
  setting: Setting;
  kind: 'key' | 'conn';
  /** The ref as written (messages). */
  ref: string;
  /** The ref compared with the project URLs (lower case). */
  match: string;
  range: Range;
}

/** The project ref of a Supabase project URL setting (`https://<ref>.supabase.co`), if it is one. */
export function supabaseUrlRef(s: Setting): string | undefined {
  return /^https?:\/\//.test(s.value) ? supabaseRefFromUrl(s.value) : undefined;
}

/** Claims of keys first, then of connection strings (the order findings are reported in). */
export function supabaseClaims(keys: readonly SupabaseKeySeen[], conns: readonly ConnectionSeen[]): SupabaseClaim[] {
  const out: SupabaseClaim[] = [];
  for (const { setting, info } of keys) {
    if (!info.ref) continue;
    out.push({
      setting,
      kind: 'key',
      ref: info.ref,
      match: info.ref.toLowerCase(),
      range: setting.exact ? setting.locate(0, setting.text.length) : setting.valueRange,
    });
  }
  for (const { setting, conn } of conns) {
    const user = conn.user?.text ?? '';
    const m = /^postgres\.([a-z0-9]{20})$/.exec(user);
    const hostRef = conn.hosts.map((h) => /^db\.([a-z0-9]{20})\.supabase\.co$/.exec(h.host)?.[1]).find(Boolean);
    const ref = m?.[1] ?? hostRef;
    if (!ref || !conn.user) continue;
    out.push({ setting, kind: 'conn', ref, match: ref, range: setting.locate(conn.user.start, conn.user.end) });
  }
  return out;
}

/** The mismatch message of a claim whose project is none of `known` (the file's project URLs, in order). */
export function supabaseMismatchMessage(c: Pick<SupabaseClaim, 'kind' | 'ref'> & { key: string }, known: readonly string[]): string {
  return c.kind === 'key'
    ? `${c.key} is a key for Supabase project '${c.ref}', but the project URL here is '${known.join("', '")}': requests fail with "Invalid API key"`
    : `${c.key} connects to Supabase project '${c.ref}', but the project URL here is '${known.join("', '")}'`;
}

/** Supabase keys whose `ref` is not the project of the URL they are used with (same file). */
export function checkSupabaseProjects(env: RuleEnv, settings: Setting[], keys: SupabaseKeySeen[], conns: ConnectionSeen[]): void {
  const urlRefs = new Set<string>();
  for (const s of settings) {
    const ref = supabaseUrlRef(s);
    if (ref) urlRefs.add(ref);
  }
  if (urlRefs.size === 0) return;
  const known = [...urlRefs];
  for (const c of supabaseClaims(keys, conns)) {
    if (!urlRefs.has(c.match))
      add(env, 'supabase-key-project-mismatch', c.range, supabaseMismatchMessage({ kind: c.kind, ref: c.ref, key: c.setting.key }, known));
  }
}

/** GOOGLE_APPLICATION_CREDENTIALS (and similar) naming a file that does not exist. */
export function checkCredentialsPath(env: RuleEnv, setting: Setting): void {
  if (!/^(GOOGLE_APPLICATION_CREDENTIALS|FIREBASE_SERVICE_ACCOUNT(_KEY)?_PATH|GCLOUD_KEYFILE|GOOGLE_CLOUD_KEYFILE)$/i.test(setting.key))
    return;
  const exists = env.ctx.fileExists;
  const value = setting.value.trim();
  if (!exists || !value || isTemplateReference(value) || isPlaceholder(value) || value.startsWith('{') || env.info.template) return;
  const candidates = path.isAbsolute(value)
    ? [value]
    : [env.ctx.root ? path.resolve(env.ctx.root, value) : undefined, path.resolve(path.dirname(env.ctx.filePath), value)].filter(
        (p): p is string => !!p,
      );
  if (candidates.some((p) => exists(p))) return;
  const range = setting.exact ? setting.locate(0, setting.text.length) : setting.valueRange;
  add(
    env,
    'credentials-file-missing',
    range,
    `${setting.key} names ${value}, which does not exist: the Google client fails with "Could not load the default credentials"`,
  );
}

/**
 * A file another tool reads and fails without (compose `env_file:` and
 * `secrets: file:`, kustomize generator `envs`/`files`): reported when it does
 * not exist. `key=path` entries (kustomize `files`) name the path after `=`.
 */
export function checkReferencedFile(env: RuleEnv, setting: Setting, what: string): void {
  const exists = env.ctx.fileExists;
  const written = setting.value.trim();
  const value = written.includes('=') ? written.slice(written.indexOf('=') + 1) : written;
  if (!exists || !value || isTemplateReference(value) || isPlaceholder(value) || path.isAbsolute(value)) return;
  if (exists(path.resolve(path.dirname(env.ctx.filePath), value))) return;
  const range = setting.exact ? setting.locate(0, setting.text.length) : setting.valueRange;
  add(
    env,
    'credentials-file-missing',
    range,
    `${value} (${what}) does not exist next to ${path.basename(env.ctx.filePath)}: the tool stops with "no such file"`,
  );
}
