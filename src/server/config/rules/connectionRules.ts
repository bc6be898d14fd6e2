/**
 * Rules on connection strings found in any setting: literal passwords, weak
 * passwords, superusers, TLS, malformed strings, pooler settings, timeouts.
 */
import {
  allHostsLocal,
  findConnectionUrls,
  findCredentialUrls,
  getParam,
  isAtlasHost,
  isLoopback,
  isTemplateReference,
  parseKeyValueConnection,
  type ConnInfo,
  type ConnProblem,
  type Param,
  type Span,
} from '../connectionString';
import { percentEncodeUserinfo } from '../../../shared/connectionUrl';
import { add, exposureSeverity, ignoreFix, moveToEnvFix, rangeKey, type RuleEnv } from '../ruleEnv';
import { clientPrefixOf, isPlaceholder, isStandIn, joinedKeyWords, weakPasswordReason } from '../secrets';
import type { Setting } from '../settings';
import type { QuickFix, Severity } from '../types';

export const SUPERUSERS = new Set([
  'postgres',
  'root',
  'sa',
  'admin',
  'administrator',
  'supabase_admin',
  'rdsadmin',
  'azure_superuser',
  'mysql',
]);

/** Connection strings in a setting: URLs anywhere in its text, or a key/value string when the key says so. */
export function connectionsIn(setting: Setting): ConnInfo[] {
  const urls = findConnectionUrls(setting.text);
  const others = findCredentialUrls(setting.text, urls);
  if (others.length > 0) return urls.length > 0 ? urls.concat(others) : others;
  if (urls.length > 0) return urls;
  if (setting.text.includes('=') && (looksLikeConnKey(setting) || /(^|;)\s*(server|host|data source)\s*=/i.test(setting.text))) {
    const kv = parseKeyValueConnection(setting.text);
    if (kv) return [kv];
  }
  return [];
}

const CONN_KEY_WORD = /(^|_)(URL|URI|DSN|CONNECTION|CONN|CONNSTR|DATABASE|DB|CONNECTIONSTRING)(_|$)/;
const CONNECTION_STRINGS = /^connectionstrings?$/i;

function looksLikeConnKey(s: Setting): boolean {
  for (const p of s.path) if (CONNECTION_STRINGS.test(p)) return true;
  return CONN_KEY_WORD.test(joinedKeyWords(s.key));
}

function decode(s: string): string {
  if (s.indexOf('%') < 0) return s; // nothing to decode (and nothing to throw on)
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface ConnectionSeen {
  setting: Setting;
  conn: ConnInfo;
}

export function checkConnections(env: RuleEnv, setting: Setting, seen: ConnectionSeen[]): void {
  for (const conn of connectionsIn(setting)) {
    seen.push({ setting, conn });
    checkOne(env, setting, conn);
  }
}

/** Quick fixes of a malformed connection string, built when asked for. */
function malformedFixer(setting: Setting, conn: ConnInfo, p: ConnProblem): () => QuickFix[] {
  return () => malformedFixes(setting, conn, p);
}

function malformedFixes(setting: Setting, conn: ConnInfo, p: ConnProblem): QuickFix[] {
  const out: QuickFix[] = [];
  if (setting.exact && (p.kind === 'unescaped-char' || p.kind === 'bad-escape')) {
    const target = conn.password && p.start >= conn.password.start && p.end <= conn.password.end ? conn.password : conn.user;
    if (target)
      out.push({
        title: 'Percent-encode the special characters',
        edits: [{ range: setting.locate(target.start, target.end), newText: percentEncodeUserinfo(target.text) }],
        isPreferred: true,
      });
  }
  if (setting.exact && p.kind === 'srv-port')
    out.push({
      title: 'Remove the port (mongodb+srv takes it from DNS)',
      edits: [{ range: setting.locate(p.start, p.end), newText: '' }],
      isPreferred: true,
    });
  if (setting.exact && p.kind === 'bad-scheme') {
    const suggested = /did you mean '([^:]+):/.exec(p.message)?.[1];
    if (suggested)
      out.push({ title: `Use ${suggested}://`, edits: [{ range: setting.locate(p.start, p.end), newText: suggested }], isPreferred: true });
  }
  return out;
}

/** Quick fixes of a literal password in a connection string (move it to .env, ignore the file), built when asked for. */
function passwordFixer(env: RuleEnv, setting: Setting, pw: Span): () => QuickFix[] {
  return () => passwordFixes(env, setting, pw);
}

function passwordFixes(env: RuleEnv, setting: Setting, pw: Span): QuickFix[] {
  const out: QuickFix[] = [];
  const move =
    env.info.kind === 'prisma'
      ? moveToEnvFix(env, setting, 'DATABASE_URL')
      : moveToEnvFix(env, setting, passwordName(setting), { start: pw.start, end: pw.end });
  if (move) out.push(move);
  const ig = ignoreFix(env);
  if (ig) out.push(ig);
  return out;
}

function everyHostLoopback(conn: ConnInfo): boolean {
  for (const h of conn.hosts) if (!isLoopback(h.host)) return false;
  return conn.hosts.length > 0;
}

function hostListLabel(conn: ConnInfo): string {
  if (conn.hosts.length === 1) return conn.hosts[0].host || 'the host';
  return conn.hosts.map((h) => h.host).join(',') || 'the host';
}

// Fix factories come from small *Fixer functions: one closure per finding, made
// only when a finding is added (no closures per connection string).
function checkOne(env: RuleEnv, setting: Setting, conn: ConnInfo): void {
  const template = env.info.template;
  const local = conn.hosts.length === 0 || allHostsLocal(conn);
  const hostName = conn.hosts[0]?.host ?? '';

  // Malformed: the driver rejects or misreads it.
  for (const p of conn.problems) {
    // Never echo the password: the message names the character only.
    add(env, 'malformed-connection-string', setting.locate(p.start, p.end), `${setting.key}: ${p.message}`, {
      fixes: malformedFixer(setting, conn, p),
    });
  }

  const pw = conn.password;
  // Judged once: a reference, a stand-in a reader replaces, or a literal.
  const pwRef = pw !== undefined && pw.text.length > 0 && (isTemplateReference(pw.text) || isStandIn(decode(pw.text)));
  const literalPw = pw && pw.text.length > 0 && !pwRef;
  const user = conn.user ? decode(conn.user.text) : undefined;
  if (literalPw && pw) {
    const password = decode(pw.text);
    const weak = weakPasswordReason(password, user);
    const realInTemplate = !isPlaceholder(password) && weak === undefined && !local && !/\bexample\.(com|org|net)$/.test(hostName);
    // Outside templates a literal password is reported whatever its value (issue 3, rule 1); a common
    // one on a local host is also reported as weak below (rule 4).
    if (!template || realInTemplate) {
      env.secretSeen.value = true;
      const range = setting.locate(pw.start, pw.end);
      env.reported.add(rangeKey(setting.valueRange));
      const prefix = clientPrefixOf(setting.key);
      if (prefix) {
        add(
          env,
          'client-exposed-secret',
          range,
          `${setting.key} puts a database password into browser bundles (${prefix} variables are public)`,
          { fixes: () => renameFixes(env, setting, prefix) },
        );
      } else {
        const where = template
          ? 'in a template that is committed'
          : env.ctx.ignored
            ? '(this file is git-ignored)'
            : 'in a file git would commit';
        add(env, 'plaintext-password-in-url', range, `${setting.key} holds a literal password ${where}`, {
          severity: template ? 'error' : exposureSeverity(env, 'error'),
          fixes: passwordFixer(env, setting, pw),
        });
      }
    }
  }

  if (!template && pw && !pwRef) {
    const reason = weakPasswordReason(decode(pw.text), user);
    if (reason) {
      const range = pw.text.length > 0 ? setting.locate(pw.start, pw.end) : setting.locate(pw.start - 1, pw.end);
      add(env, 'weak-password', range, `${setting.key}: ${weakText(reason)} password for ${hostListLabel(conn)}`, {
        severity: everyHostLoopback(conn) || local ? 'warning' : 'error',
      });
    }
  }

  if (conn.credentialsOnly) return;
  if (!template && conn.user && user && (SUPERUSERS.has(user.toLowerCase()) || /^postgres\.[a-z0-9]{20}$/.test(user))) {
    add(
      env,
      'superuser-account',
      setting.locate(conn.user.start, conn.user.end),
      `${setting.key} logs in as the superuser '${user}': create a role with only the privileges the application needs`,
      {
        severity: local ? 'information' : 'warning',
      },
    );
  }

  if (!local) checkTls(env, setting, conn, hostName);
  checkPooler(env, setting, conn);
  if (!local && !template && isProductionSetting(env, setting)) checkTimeout(env, setting, conn);
}

function passwordName(setting: Setting): string {
  const k = setting.key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');
  const base = k.replace(/_?(URL|URI|DSN|CONNECTION_STRING|CONNECTION|CONN)$/, '').replace(/^_+|_+$/g, '');
  if (!base || /^\d+$/.test(base)) return 'DB_PASSWORD';
  return `${base}_PASSWORD`;
}

function weakText(reason: string): string {
  switch (reason) {
    case 'empty':
      return 'empty';
    case 'equals-user':
      return 'the user name as';
    case 'short':
      return 'a very short';
    default:
      return 'a common or default';
  }
}

/** Fix: drop the browser-exposing prefix, here and in the references the caller found. */
export function renameFixes(env: RuleEnv, setting: Setting, prefix: string): QuickFix[] {
  const newName = setting.key.slice(prefix.length);
  const edits = [{ range: setting.keyRange, newText: newName }];
  const refs = env.ctx.findReferences?.(setting.key) ?? [];
  for (const ref of refs) {
    if (ref.file === env.ctx.filePath && ref.range.start.line === setting.keyRange.start.line) continue;
    edits.push({ ...ref, newText: newName } as (typeof edits)[number] & { file: string });
  }
  const also = refs.length > 0 ? ` and ${refs.length} reference${refs.length === 1 ? '' : 's'}` : '';
  return [{ title: `Rename to the server-only ${newName}${also}`, edits, isPreferred: true }];
}

function paramFix(setting: Setting, conn: ConnInfo, param: Param | undefined, key: string, value: string): QuickFix['edits'] | undefined {
  if (!setting.exact) return undefined;
  if (param) return [{ range: setting.locate(param.value.start, param.value.end), newText: value }];
  const at = conn.paramInsert.at;
  return [{ range: setting.locate(at, at), newText: `${conn.paramInsert.prefix}${key}=${value}` }];
}

const SELF_SIGNED_HOSTS =
  /(supabase\.(co|com)|rds\.amazonaws\.com|compute(-\d)?\.amazonaws\.com|ondigitalocean\.com|aivencloud\.com|render\.com|azure\.com|cockroachlabs\.cloud)$/i;

/** A parameter's value, percent-decoded and lower-cased. */
function lowerValue(p: Param | undefined): string | undefined {
  return p ? decode(p.value.text).toLowerCase() : undefined;
}

function reportTls(
  env: RuleEnv,
  setting: Setting,
  conn: ConnInfo,
  host: string,
  p: Param,
  severity: Severity,
  what: string,
  fixKey: string,
  fixValue: string,
  note = '',
): void {
  add(env, 'tls-disabled', setting.locate(p.key.start, p.value.end), `${setting.key}: ${what} for ${host}${note}`, {
    severity,
    fixes: setting.exact ? tlsFixes(setting, conn, p, fixKey, fixValue) : undefined,
  });
}

function tlsFixes(setting: Setting, conn: ConnInfo, p: Param, fixKey: string, fixValue: string): () => QuickFix[] {
  return () => [{ title: `Use ${fixKey}=${fixValue}`, edits: paramFix(setting, conn, p, fixKey, fixValue) ?? [], isPreferred: true }];
}

/** MySQL URL parameters that turn TLS off or make it optional: names, bad value, severity, fixed value, message. */
const MYSQL_TLS_CHECKS: ReadonlyArray<[string[], RegExp, Severity, string, string]> = [
  [['ssl'], /^(false|0|off|no)$/, 'warning', 'true', 'ssl=false turns TLS off'],
  [['useSSL'], /^(false|0|no)$/, 'warning', 'true', 'useSSL=false turns TLS off'],
  [['requireSSL'], /^(false|0|no)$/, 'warning', 'true', 'requireSSL=false lets TLS be skipped'],
  [['sslMode', 'ssl-mode'], /^disabled$/, 'error', 'REQUIRED', 'ssl-mode=DISABLED sends the password and data unencrypted'],
  [['sslMode', 'ssl-mode'], /^preferred$/, 'warning', 'REQUIRED', 'ssl-mode=PREFERRED silently falls back to an unencrypted connection'],
  [['sslaccept'], /^accept_invalid_certs$/, 'warning', 'strict', 'sslaccept=accept_invalid_certs accepts any certificate'],
];

function checkTls(env: RuleEnv, setting: Setting, conn: ConnInfo, host: string): void {
  if (conn.provider === 'postgres' || conn.scheme === 'libpq') {
    const sslmode = getParam(conn, 'sslmode');
    const mode = lowerValue(sslmode);
    const ca = getParam(conn, 'sslrootcert');
    const target = ca ? 'verify-full' : 'require';
    const note =
      !ca && SELF_SIGNED_HOSTS.test(host)
        ? ` (node-postgres 8 verifies the certificate for sslmode=require unless uselibpqcompat=true; this provider's certificate chain is likely not in Node's CA store: add sslrootcert=<CA file>)`
        : '';
    if (sslmode && mode === 'disable')
      reportTls(
        env,
        setting,
        conn,
        host,
        sslmode,
        'error',
        'sslmode=disable sends the password and data unencrypted',
        'sslmode',
        target,
        note,
      );
    else if (sslmode && (mode === 'allow' || mode === 'prefer'))
      reportTls(
        env,
        setting,
        conn,
        host,
        sslmode,
        'warning',
        `sslmode=${mode} silently falls back to an unencrypted connection (libpq, Prisma)`,
        'sslmode',
        target,
        note,
      );
    else if (sslmode && mode === 'no-verify')
      reportTls(
        env,
        setting,
        conn,
        host,
        sslmode,
        'warning',
        'sslmode=no-verify accepts any certificate (man-in-the-middle possible)',
        'sslmode',
        'verify-full',
      );
    const ssl = getParam(conn, 'ssl');
    if (ssl && /^(false|0|off|no)$/.test(lowerValue(ssl) ?? ''))
      reportTls(env, setting, conn, host, ssl, 'warning', 'ssl=false turns TLS off', 'ssl', 'true');
    return;
  }
  if (conn.provider === 'mysql') {
    for (const [names, re, severity, fixValue, what] of MYSQL_TLS_CHECKS) {
      const p = getParam(conn, ...names);
      if (p && re.test(lowerValue(p) ?? '')) reportTls(env, setting, conn, host, p, severity, what, p.key.text, fixValue);
    }
    return;
  }
  if (conn.provider === 'mongodb') {
    const atlas = conn.hosts.some((h) => isAtlasHost(h.host));
    const tls = getParam(conn, 'tls', 'ssl');
    if (tls && /^(false|0|no)$/.test(lowerValue(tls) ?? ''))
      reportTls(
        env,
        setting,
        conn,
        host,
        tls,
        atlas ? 'error' : 'warning',
        `${tls.key.text}=false turns TLS off${atlas ? ' (Atlas refuses connections without TLS)' : ''}`,
        tls.key.text,
        'true',
      );
    for (const name of ['tlsInsecure', 'tlsAllowInvalidCertificates', 'tlsAllowInvalidHostnames']) {
      const p = getParam(conn, name);
      if (p && /^(true|1|yes)$/.test(lowerValue(p) ?? ''))
        reportTls(
          env,
          setting,
          conn,
          host,
          p,
          'warning',
          `${name}=true accepts certificates that do not prove the server's identity`,
          p.key.text,
          'false',
        );
    }
    return;
  }
  if (conn.scheme === 'ado') {
    const encrypt = getParam(conn, 'Encrypt');
    if (encrypt && /^(false|no|optional|0)$/.test(lowerValue(encrypt) ?? ''))
      reportTls(
        env,
        setting,
        conn,
        host,
        encrypt,
        'warning',
        'Encrypt=False sends the password and data unencrypted',
        encrypt.key.text,
        'True',
      );
    const trust = getParam(conn, 'TrustServerCertificate');
    if (trust && /^(true|yes|1)$/.test(lowerValue(trust) ?? ''))
      reportTls(env, setting, conn, host, trust, 'warning', 'TrustServerCertificate=True accepts any certificate', trust.key.text, 'False');
    const sslMode = getParam(conn, 'SslMode', 'SSL Mode');
    const m = lowerValue(sslMode);
    if (sslMode && (m === 'disable' || m === 'none'))
      reportTls(
        env,
        setting,
        conn,
        host,
        sslMode,
        'error',
        `SSL Mode=${sslMode.value.text} sends the password and data unencrypted`,
        sslMode.key.text,
        'Require',
      );
    else if (sslMode && (m === 'prefer' || m === 'allow' || m === 'preferred'))
      reportTls(
        env,
        setting,
        conn,
        host,
        sslMode,
        'warning',
        `SSL Mode=${sslMode.value.text} silently falls back to an unencrypted connection`,
        sslMode.key.text,
        'Require',
      );
  }
}

/** Prisma through Supabase's transaction pooler (port 6543) needs pgbouncer=true (no prepared statements). */
function checkPooler(env: RuleEnv, setting: Setting, conn: ConnInfo): void {
  if (conn.provider !== 'postgres' || conn.kind !== 'url') return;
  const port = conn.hosts.find((h) => h.port?.text === '6543');
  if (!port) return;
  const pgb = getParam(conn, 'pgbouncer');
  if (pgb && /^true$/i.test(pgb.value.text)) return;
  const usedByPrisma =
    env.info.kind === 'prisma' ||
    env.ctx.prismaEnvVars?.has(setting.key) === true ||
    /PRISMA/i.test(setting.key) ||
    getParam(conn, 'connection_limit', 'pool_timeout', 'schema') !== undefined ||
    (env.ctx.prismaEnvVars === undefined && setting.key === 'DATABASE_URL');
  if (!usedByPrisma) return;
  const fixes = setting.exact
    ? () => [{ title: 'Add pgbouncer=true', edits: paramFix(setting, conn, pgb, 'pgbouncer', 'true') ?? [], isPreferred: true }]
    : undefined;
  add(
    env,
    'pooler-pgbouncer-missing',
    setting.locate(port.port!.start, port.port!.end),
    `${setting.key} goes through a transaction pooler (port 6543) without pgbouncer=true: Prisma's prepared statements fail ("prepared statement already exists")`,
    { fixes },
  );
}

const PROD_SEGMENT = /^(prod|production|live)$/i;
const PROD_KEY_WORD = /(^|_)(PROD|PRODUCTION)(_|$)/;

function isProductionSetting(env: RuleEnv, setting: Setting): boolean {
  if (env.info.production) return true;
  for (const p of setting.path) if (PROD_SEGMENT.test(p)) return true;
  return PROD_KEY_WORD.test(joinedKeyWords(setting.key));
}

/** Connect-timeout parameter names per driver, the one a fix adds, and its value. */
const TIMEOUTS: Record<'postgres' | 'mysql' | 'mongodb', [string[], string, string]> = {
  postgres: [['connect_timeout', 'connectTimeout', 'connectionTimeoutMillis'], 'connect_timeout', '10'],
  mysql: [['connectTimeout', 'connect_timeout'], 'connectTimeout', '10000'],
  mongodb: [['connectTimeoutMS', 'serverSelectionTimeoutMS', 'timeoutMS'], 'connectTimeoutMS', '10000'],
};
const OTHER_TIMEOUT_NAMES = ['Connect Timeout', 'Connection Timeout', 'Timeout', 'connect_timeout', 'connectTimeout'];
const ADO_TIMEOUT: [string[], string, string] = [OTHER_TIMEOUT_NAMES, 'Connect Timeout', '15'];
const OTHER_TIMEOUT: [string[], string, string] = [OTHER_TIMEOUT_NAMES, 'connect_timeout', '10'];

function checkTimeout(env: RuleEnv, setting: Setting, conn: ConnInfo): void {
  const [keys, fixKey, fixValue] =
    conn.scheme === 'libpq'
      ? TIMEOUTS.postgres
      : conn.provider === 'other'
        ? conn.scheme === 'ado'
          ? ADO_TIMEOUT
          : OTHER_TIMEOUT
        : TIMEOUTS[conn.provider];
  if (getParam(conn, ...keys)) return;
  const fixes = setting.exact
    ? () => [{ title: `Add ${fixKey}=${fixValue}`, edits: paramFix(setting, conn, undefined, fixKey, fixValue) ?? [], isPreferred: true }]
    : undefined;
  const end = conn.hosts[conn.hosts.length - 1];
  const range = end ? setting.locate(conn.hosts[0].start, end.end) : setting.locate(conn.start, conn.end);
  add(
    env,
    'missing-connect-timeout',
    range,
    `${setting.key} has no connect timeout: an unreachable database hangs the application's start-up (add ${fixKey})`,
    { fixes },
  );
}
