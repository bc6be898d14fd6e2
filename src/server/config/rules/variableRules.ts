/**
 * A connection given as separate variables (`DB_HOST`, `DB_USERNAME`,
 * `DB_PASSWORD`, `DB_SSL`; `PGHOST`/`PGPASSWORD`/`PGSSLMODE`; `MYSQL_*`;
 * Laravel's `DB_*`; `SPRING_DATASOURCE_*`; .NET's `RabbitMq__Password`) is
 * judged as one connection, with the rules that apply to a URL: weak or
 * default password (also as a reference's default), superuser login, TLS off
 * for a host that is not local. Variables of one connection share a parent
 * (the same map, environment or file) and a prefix (what comes before the
 * role word). Values are judged as the tool reads them (defaults of
 * `${X:-d}` and `process.env.X || 'd'` included); what depends on an unset
 * variable is not judged.
 */
import { isLocalHost, isLoopback, isTemplateReference } from '../connectionString';
import { interpolate } from '../interpolation';
import { add, rangeKey, type RuleEnv } from '../ruleEnv';
import { isPasswordKeyName, isStandIn, keyWords, SWITCH_VALUE, weakPasswordReason, type WeakReason } from '../secrets';
import { parentKey, type Setting } from '../settings';
import { SUPERUSERS } from './connectionRules';

type Role = 'host' | 'user' | 'password' | 'ssl';

const ROLE_WORDS: ReadonlyArray<[Role, ReadonlySet<string>]> = [
  ['password', new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD'])],
  ['user', new Set(['USER', 'USERNAME', 'LOGIN', 'UID', 'USERID'])],
  ['host', new Set(['HOST', 'HOSTNAME', 'SERVER', 'ADDR', 'ADDRESS'])],
  ['ssl', new Set(['SSL', 'SSLMODE', 'TLS', 'USESSL', 'ENCRYPT'])],
];

/** The role of a variable and its connection prefix (`DB_PASSWORD` → password, `DB`; `PGSSLMODE` → ssl, `PG`). */
export function roleOf(key: string): { role: Role; prefix: string } | undefined {
  const words = keyWords(key);
  if (words.length === 0) return undefined;
  let last = words[words.length - 1];
  let prefixWords = words.slice(0, -1);
  // libpq and friends glue the role to the prefix: PGHOST, PGUSER, PGPASSWORD, PGSSLMODE, MYSQL_PWD.
  if (words.length === 1) {
    const m = /^(PG|MYSQL|MONGO|REDIS)(HOST|USER|PASSWORD|SSLMODE|PWD)$/.exec(last);
    if (m) {
      prefixWords = [m[1]];
      last = m[2];
    }
  }
  // DB_SSL_MODE, DB_USER_NAME
  if (words.length >= 2 && (last === 'MODE' || last === 'NAME') && /^(SSL|TLS|USER)$/.test(words[words.length - 2])) {
    last = words[words.length - 2] + last;
    prefixWords = words.slice(0, -2);
  }
  for (const [role, set] of ROLE_WORDS) if (set.has(last)) return { role, prefix: prefixWords.join('_') };
  return undefined;
}

interface Group {
  host?: Setting;
  user?: Setting;
  password?: Setting;
  ssl: Setting[];
}

/** What the tool sees for a setting: the literal, or a reference's default; undefined when it depends on an unset variable. */
export function effectiveValue(s: Setting): { value: string; fromDefault?: string } | undefined {
  const v = s.value.trim();
  if (v.indexOf('$') < 0 || !isTemplateReference(v)) return isTemplateReference(v) ? undefined : { value: v };
  const r = interpolate(v, 'compose');
  if (r.unset === undefined || !r.allDefaulted || r.refs.length !== 1) return undefined;
  return { value: r.unset, fromDefault: r.refs[0].name };
}

function rangeOf(s: Setting): ReturnType<Setting['locate']> {
  return s.exact ? s.locate(0, s.text.length) : s.valueRange;
}

function weakText(w: WeakReason): string {
  return w === 'equals-user'
    ? 'the user name'
    : w === 'empty'
      ? 'empty'
      : w === 'short'
        ? 'a very short password'
        : 'a common or default password';
}

/**
 * Judges the connections written as variables in `settings`. Findings already
 * made for the same text (compose's own password rules, Rails/Spring keys read
 * as a group) are not repeated.
 */
export function checkVariableConnections(env: RuleEnv, settings: readonly Setting[]): void {
  if (env.info.template) return;
  let groups: Map<string, Group> | undefined;
  for (const s of settings) {
    if (s.inherited) continue;
    const r = roleOf(s.key);
    if (!r) continue;
    const k = `${parentKey(s.path)}\0${r.prefix}`;
    groups ??= new Map();
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ssl: [] }));
    if (r.role === 'ssl') g.ssl.push(s);
    else if (!g[r.role]) g[r.role] = s;
  }
  if (!groups) return;
  let weakAt: Set<string> | undefined;
  for (const g of groups.values()) {
    const host = g.host ? effectiveValue(g.host)?.value : undefined;
    const hostKnown = host !== undefined && host !== '' && !isStandIn(host);
    const local = !hostKnown || isLocalHost(host);
    const where = hostKnown ? host : 'the database';
    const user = g.user ? effectiveValue(g.user)?.value : undefined;
    const pw = g.password;
    if (pw && isPasswordKeyName(pw.key)) {
      const e = effectiveValue(pw);
      if (e && e.value !== '' && !isStandIn(e.value) && !SWITCH_VALUE.test(e.value)) {
        const weak = weakPasswordReason(e.value, user);
        if (weak && (weak !== 'short' || e.fromDefault === undefined)) {
          weakAt ??= new Set(env.findings.filter((f) => f.ruleId === 'weak-password').map((f) => `${f.range.start.line}`));
          const range = rangeOf(pw);
          if (!weakAt.has(`${range.start.line}`)) {
            weakAt.add(`${range.start.line}`);
            const what = e.fromDefault ? `when ${e.fromDefault} is not set, ${pw.key} falls back to` : `${pw.key} is`;
            add(env, 'weak-password', range, `${what} ${weakText(weak)} for ${where}`, {
              severity: local || isLoopback(host ?? '') ? 'warning' : 'error',
            });
          }
        }
      }
    }
    if (g.user && user && SUPERUSERS.has(user.toLowerCase()) && (g.password || g.host) && hostKnown && !local) {
      if (!env.findings.some((f) => f.ruleId === 'superuser-account' && rangeKey(f.range) === rangeKey(rangeOf(g.user!))))
        add(env, 'superuser-account', rangeOf(g.user), `${g.user.key}: the application logs in to ${where} as the superuser '${user}'`, {
          severity: 'warning',
        });
    }
    if (!local) {
      for (const s of g.ssl) {
        const v = effectiveValue(s)?.value.toLowerCase();
        if (v === undefined) continue;
        const off = /^(false|no|off|0|disable|disabled)$/.test(v);
        const weak = /^(allow|prefer|preferred|optional)$/.test(v);
        if (!off && !weak) continue;
        if (env.findings.some((f) => f.ruleId === 'tls-disabled' && rangeKey(f.range) === rangeKey(rangeOf(s)))) continue;
        add(
          env,
          'tls-disabled',
          rangeOf(s),
          `${s.key}=${s.value.trim()} ${off ? 'turns TLS off' : 'silently falls back to an unencrypted connection'} for ${where}`,
          { severity: off && /^disable/.test(v) ? 'error' : 'warning' },
        );
      }
    }
  }
}
