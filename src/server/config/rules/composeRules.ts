/** docker compose database services: literal passwords, trust auth, ports on all interfaces. */
import { isTemplateReference } from '../connectionString';
import { add, moveToEnvFix, rangeKey, type RuleEnv } from '../ruleEnv';
import { isPlaceholder, weakPasswordReason } from '../secrets';
import type { Setting } from '../settings';

export const COMPOSE_PASSWORD_VARS = new Set([
  'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MARIADB_ROOT_PASSWORD', 'MARIADB_PASSWORD', 'MONGO_INITDB_ROOT_PASSWORD',
  'PGPASSWORD', 'SA_PASSWORD', 'MSSQL_SA_PASSWORD', 'DB_PASSWORD', 'DATABASE_PASSWORD', 'REDIS_PASSWORD', 'PGADMIN_DEFAULT_PASSWORD',
]);

const DB_PORTS = new Set(['5432', '3306', '27017', '27018', '27019', '1433', '6379', '33060', '5433', '6543', '26257', '9042', '8529']);
const DB_IMAGE = /(^|\/)(postgres|postgis|pgvector|timescaledb|mysql|mariadb|mongo|mongodb|mssql|sqlserver|redis|cockroach|supabase\/postgres|bitnami\/(postgresql|mysql|mariadb|mongodb|redis))/i;

function serviceOf(s: Setting): string | undefined {
  return s.path[0] === 'services' && s.path.length >= 3 ? s.path[1] : undefined;
}

export function checkCompose(env: RuleEnv, settings: Setting[]): Set<Setting> {
  const handled = new Set<Setting>();
  const dbServices = new Set<string>();
  for (const s of settings) {
    const svc = serviceOf(s);
    if (!svc) continue;
    if (s.path[2] === 'image' && DB_IMAGE.test(s.value)) dbServices.add(svc);
    if (s.path[2] === 'environment' && /^(POSTGRES|MYSQL|MARIADB|MONGO_INITDB)_/.test(s.key)) dbServices.add(svc);
  }
  for (const s of settings) {
    const svc = serviceOf(s);
    if (!svc) continue;
    if (s.path[2] === 'environment') {
      const value = s.value.trim();
      if (COMPOSE_PASSWORD_VARS.has(s.key)) {
        handled.add(s);
        if (value.length === 0 || isTemplateReference(value)) continue;
        const weak = weakPasswordReason(value);
        const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
        env.reported.add(rangeKey(s.valueRange));
        if (!isPlaceholder(value)) env.secretSeen.value = true;
        add(env, 'compose-literal-password', range, `${svc}: ${s.key} is written literally in the compose file${weak ? ` (and is ${weak === 'equals-user' ? 'the user name' : weak === 'empty' ? 'empty' : 'a common password'})` : ''}: use \${${s.key}} from .env`, {
          fixes: () => {
            const fix = moveToEnvFix(env, s, s.key);
            return fix ? [fix] : [];
          },
        });
        if (weak) add(env, 'weak-password', range, `${svc}: ${s.key} is a ${weak === 'short' ? 'very short' : 'common or default'} password`, { severity: 'warning' });
      } else if (s.key === 'POSTGRES_HOST_AUTH_METHOD' && /^trust$/i.test(value)) {
        const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
        add(env, 'insecure-auth-mode', range, `${svc}: POSTGRES_HOST_AUTH_METHOD=trust lets anyone who reaches the port log in as any user without a password`, {
          fixes: s.exact ? () => [{ title: 'Use scram-sha-256 (requires POSTGRES_PASSWORD)', edits: [{ range, newText: 'scram-sha-256' }], isPreferred: true }] : undefined,
        });
      } else if (/^(MYSQL_ALLOW_EMPTY_PASSWORD|MARIADB_ALLOW_EMPTY_ROOT_PASSWORD|MARIADB_ALLOW_EMPTY_PASSWORD|ALLOW_EMPTY_PASSWORD)$/.test(s.key) && value !== '' && !/^(no|false|0)$/i.test(value)) {
        const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
        add(env, 'insecure-auth-mode', range, `${svc}: ${s.key}=${value} starts the database with an empty root password`, {
          fixes: s.exact ? () => [{ title: 'Set it to no (then set a root password from .env)', edits: [{ range, newText: 'no' }] }] : undefined,
        });
      }
    } else if (s.path[2] === 'ports') {
      checkPort(env, s, svc, dbServices.has(svc));
    }
  }
  return handled;
}

function checkPort(env: RuleEnv, s: Setting, svc: string, dbService: boolean): void {
  // Long syntax: ports: [{ target, published, host_ip }] — path services.x.ports.N.published
  if (s.path.length === 5) {
    if (s.key !== 'published') return;
    // host_ip siblings are not visible here; the long form is checked by checkLongPorts.
    return;
  }
  const v = s.value.trim();
  if (isTemplateReference(v)) return;
  // [host_ip:][host_port:]container_port[/proto]
  const m = /^(?:(\[[^\]]+\]|[0-9.]+|[^:]*?):)?(?:([0-9-]*):)?([0-9-]+)(\/\w+)?$/.exec(v);
  if (!m) return;
  let hostIp: string | undefined = m[1];
  let hostPort: string | undefined = m[2];
  // "5432:5432" parses as hostIp=5432, hostPort=undefined: shift.
  if (hostIp !== undefined && hostPort === undefined && /^[0-9-]+$/.test(hostIp)) {
    hostPort = hostIp;
    hostIp = undefined;
  }
  const container = m[3].split('-')[0];
  if (!dbService && !DB_PORTS.has(container)) return;
  if (hostIp && hostIp !== '0.0.0.0' && hostIp !== '[::]' && hostIp !== '::') return;
  const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
  const fixed = `127.0.0.1:${hostPort ?? ''}:${m[3]}${m[4] ?? ''}`.replace(/^127\.0\.0\.1::(\d+)$/, '127.0.0.1::$1');
  add(env, 'public-port-binding', range, `${svc}: port ${container} is published on all interfaces${hostPort ? '' : ' (random host port)'}: anyone on the network can reach the database`, {
    fixes: s.exact ? () => [{ title: `Bind to localhost (${fixed})`, edits: [{ range, newText: s.quote ? fixed : `"${fixed}"` }], isPreferred: true }] : undefined,
  });
}

/** Long-syntax ports ({ target, published, host_ip }) without host_ip. */
export function checkLongPorts(env: RuleEnv, settings: Setting[]): void {
  const groups = new Map<string, Setting[]>();
  for (const s of settings) {
    if (s.path[0] !== 'services' || s.path[2] !== 'ports' || s.path.length !== 5) continue;
    const k = s.path.slice(0, 4).join('\0');
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  for (const group of groups.values()) {
    const get = (k: string) => group.find((s) => s.key === k);
    const target = get('target');
    const published = get('published');
    const hostIp = get('host_ip');
    if (!target || !published || !DB_PORTS.has(target.value)) continue;
    if (hostIp && hostIp.value !== '0.0.0.0' && hostIp.value !== '::') continue;
    add(env, 'public-port-binding', published.valueRange, `${published.path[1]}: port ${target.value} is published on all interfaces: add host_ip: 127.0.0.1`);
  }
}
