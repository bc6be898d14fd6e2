/**
 * Connection settings written as separate keys (Rails database.yml, ormconfig,
 * Sequelize config.json, Spring datasource, appsettings): host/user/password/ssl
 * siblings read together.
 */
import { findConnectionUrls, isLocalHost, isLoopback, isTemplateReference } from '../connectionString';
import { add, type RuleEnv } from '../ruleEnv';
import { weakPasswordReason } from '../secrets';
import { parentKey, type Setting } from '../settings';
import { SUPERUSERS } from './connectionRules';

const HOST_KEYS = ['host', 'hostname', 'server', 'address', 'data_source', 'datasource'];
const URL_KEYS = ['url', 'uri', 'jdbc-url', 'jdbcurl', 'connectionstring', 'connection_string'];
const USER_KEYS = ['username', 'user', 'user_name', 'userid', 'user_id', 'uid', 'login'];
const PASSWORD_KEYS = ['password', 'pass', 'pwd', 'passwd'];
const SSL_KEYS = ['ssl', 'sslmode', 'ssl_mode', 'ssl-mode', 'usessl', 'use_ssl', 'require_ssl', 'requiressl', 'tls', 'encrypt'];
const DB_HINT_KEYS = ['adapter', 'dialect', 'driver', 'database', 'db', 'type', 'dbname', 'port', 'driver-class-name', 'driverclassname'];

function lastName(s: Setting): string {
  return s.path[s.path.length - 1].toLowerCase();
}

/** The first setting of `group` whose last path segment (`names`, lower case) is one of `keys`. */
function findBy(group: readonly Setting[], names: readonly string[], keys: readonly string[]): Setting | undefined {
  for (let i = 0; i < group.length; i++) if (keys.includes(names[i])) return group[i];
  return undefined;
}

/**
 * Embedded databases (H2, HSQLDB, Derby, SQLite) run inside the application:
 * no server, no network, no roles worth the name (`sa` is H2's only user).
 */
const EMBEDDED_URL = /^(?:jdbc:)?(?:h2|hsqldb|derby|sqlite):|^r2dbc:h2:|:memory:/i;
const EMBEDDED_DRIVER = /^(?:sqlite3?|better-sqlite3|h2|hsqldb|derby|sqljs|capacitor|expo|react-native)$/i;
const DRIVER_KEYS = ['adapter', 'dialect', 'driver', 'type'];

function isEmbedded(group: readonly Setting[], names: readonly string[], urlS: Setting | undefined): boolean {
  if (urlS && EMBEDDED_URL.test(urlS.value.trim())) return true;
  for (let i = 0; i < group.length; i++) if (DRIVER_KEYS.includes(names[i]) && EMBEDDED_DRIVER.test(group[i].value.trim())) return true;
  return false;
}

/** Host/user/password/TLS siblings read together. */
export function checkStructured(env: RuleEnv, settings: Setting[]): void {
  if (env.info.template) return;
  const groups = new Map<string, Setting[]>();
  for (const s of settings) {
    if (s.listItem) continue;
    const k = parentKey(s.path);
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  for (const group of groups.values()) {
    // Last path segments, lower-cased once per group.
    const names = group.map(lastName);
    const pw = findBy(group, names, PASSWORD_KEYS);
    const user = findBy(group, names, USER_KEYS);
    const hostS = findBy(group, names, HOST_KEYS);
    const urlS = findBy(group, names, URL_KEYS);
    const hint = findBy(group, names, DB_HINT_KEYS);
    const ssl = group.filter((_, i) => SSL_KEYS.includes(names[i]));
    if (!(pw || user || ssl.length) || !(hostS || urlS || hint)) continue;
    if (isEmbedded(group, names, urlS)) continue;
    let host = hostS?.value.trim();
    if (!host && urlS) host = findConnectionUrls(urlS.value)[0]?.hosts[0]?.host ?? jdbcHost(urlS.value);
    const hostKnown = host !== undefined && host !== '' && !isTemplateReference(host);
    const local = !hostKnown || isLocalHost(host!);
    const loopback = hostKnown && isLoopback(host!);
    const where = host && hostKnown ? host : 'the database';
    if (pw && !isTemplateReference(pw.value)) {
      const reason = weakPasswordReason(pw.value, user?.value);
      if (reason && pw.value !== '') {
        add(
          env,
          'weak-password',
          pw.exact ? pw.locate(0, pw.text.length) : pw.valueRange,
          `${pw.path.join('.')}: ${reason === 'equals-user' ? 'the user name as' : reason === 'short' ? 'a very short' : 'a common or default'} password for ${where}`,
          {
            severity: local || loopback ? 'warning' : 'error',
          },
        );
      } else if (reason === 'empty' && (pw.quote !== '' || pw.value === '') && hostKnown) {
        add(env, 'weak-password', pw.valueRange, `${pw.path.join('.')}: empty password for ${where}`, {
          severity: local ? 'warning' : 'error',
        });
      }
    }
    if (user && SUPERUSERS.has(user.value.trim().toLowerCase())) {
      add(
        env,
        'superuser-account',
        user.exact ? user.locate(0, user.text.length) : user.valueRange,
        `${user.path.join('.')}: the application logs in as the superuser '${user.value.trim()}'`,
        { severity: local ? 'information' : 'warning' },
      );
    }
    if (!local) {
      for (const s of ssl) {
        const v = s.value.trim().toLowerCase();
        const off = /^(false|no|off|0|disable|disabled)$/.test(v);
        const weak = /^(allow|prefer|preferred|optional)$/.test(v);
        if (!off && !weak) continue;
        const boolLike = /^(false|no|off|0)$/.test(v);
        const fixValue = boolLike ? 'true' : v === 'disabled' || v === 'preferred' ? 'REQUIRED' : 'require';
        const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
        add(
          env,
          'tls-disabled',
          range,
          `${s.path.join('.')}: ${s.key}=${s.value.trim()} ${off ? 'turns TLS off' : 'silently falls back to an unencrypted connection'} for ${where}`,
          {
            severity: off && /^disable/.test(v) ? 'error' : 'warning',
            fixes: s.exact ? () => [{ title: `Use ${fixValue}`, edits: [{ range, newText: fixValue }], isPreferred: true }] : undefined,
          },
        );
      }
    }
  }
}

function jdbcHost(url: string): string | undefined {
  const m = /^jdbc:[a-z]+:\/\/([^/:;?]+)/i.exec(url.trim());
  return m ? m[1].toLowerCase() : undefined;
}
