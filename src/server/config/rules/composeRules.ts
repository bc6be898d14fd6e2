/** docker compose database services: literal passwords, trust auth, ports on all interfaces. */
import { isTemplateReference } from '../connectionString';
import { interpolate, shapeOf } from '../interpolation';
import { add, moveToEnvFix, rangeKey, type RuleEnv } from '../ruleEnv';
import { isPasswordKeyName, isStandIn, SWITCH_VALUE, weakPasswordReason, type WeakReason } from '../secrets';
import type { Setting } from '../settings';

export const COMPOSE_PASSWORD_VARS = new Set([
  'POSTGRES_PASSWORD',
  'MYSQL_ROOT_PASSWORD',
  'MYSQL_PASSWORD',
  'MARIADB_ROOT_PASSWORD',
  'MARIADB_PASSWORD',
  'MONGO_INITDB_ROOT_PASSWORD',
  'PGPASSWORD',
  'SA_PASSWORD',
  'MSSQL_SA_PASSWORD',
  'DB_PASSWORD',
  'DATABASE_PASSWORD',
  'REDIS_PASSWORD',
  'PGADMIN_DEFAULT_PASSWORD',
]);

const DB_PORTS = new Set(['5432', '3306', '27017', '27018', '27019', '1433', '6379', '33060', '5433', '6543', '26257', '9042', '8529']);

/**
 * Database server images, by repository name (the last path segment, tag and
 * digest removed): `postgres:16`, `ghcr.io/immich-app/postgres@sha256:…`,
 * `bitnami/postgresql`, `tensorchord/pgvecto-rs`, `mcr.microsoft.com/mssql/server`.
 * Tools named after a database (`mongo-express`, `postgres-exporter`) are not servers.
 */
const DB_REPO =
  /^(?:postgres|postgresql|postgis|pgvector|pgvecto-rs|timescaledb(?:-ha|-postgis)?|mysql|mysql-server|mariadb|percona|percona-server(?:-mongodb)?|mongo|mongodb|mongodb-community-server|mongodb-enterprise-server|redis|redis-stack|redis-stack-server|valkey|keydb|cockroach|azure-sql-edge|arangodb|cassandra|scylla|neo4j|couchdb|clickhouse-server)$/i;

function isDbImage(image: string): boolean {
  const name = image.trim().replace(/@.*$/, '');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const repo = colon > slash ? name.slice(0, colon) : name;
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  return DB_REPO.test(last) || /(^|\/)mssql\/server$/i.test(repo);
}

/** Variables only a database server image reads (a client that connects never sets them). */
const SERVER_ONLY_ENV =
  /^(?:POSTGRES_INITDB_ARGS|POSTGRES_INITDB_WALDIR|POSTGRES_HOST_AUTH_METHOD|PGDATA|MYSQL_ROOT_PASSWORD|MYSQL_ROOT_HOST|MYSQL_RANDOM_ROOT_PASSWORD|MYSQL_ALLOW_EMPTY_PASSWORD|MARIADB_ROOT_PASSWORD|MARIADB_RANDOM_ROOT_PASSWORD|MARIADB_ALLOW_EMPTY_ROOT_PASSWORD|MONGO_INITDB_ROOT_USERNAME|MONGO_INITDB_ROOT_PASSWORD|MSSQL_SA_PASSWORD|ACCEPT_EULA)$/;
/** Variables both the server image and its clients read. */
const SHARED_DB_ENV = /^(?:POSTGRES|MYSQL|MARIADB|MONGO_INITDB)_/;
/** A client names the server it connects to. */
const HOST_ENV = /(?:^PGHOST|_HOST|_HOSTNAME|_SERVER)$/;

/** A compose value as compose runs it when no variable is set (defaults applied), or as written when that cannot be known. */
function resolved(value: string): string {
  if (value.indexOf('$') < 0) return value;
  return interpolate(value, 'compose').unset ?? value;
}

function serviceOf(s: Setting): string | undefined {
  return s.path[0] === 'services' && s.path.length >= 3 ? s.path[1] : undefined;
}

/**
 * Services that run a database server: a database image; or, for a service
 * without an image (built locally), the server image's variables and no host
 * of another server; or any service with a variable only a server reads.
 * Fills `envs` with each service's environment on the way.
 */
function databaseServices(settings: readonly Setting[], envs: Map<string, Map<string, string>>): Set<string> {
  const images = new Map<string, boolean>();
  const serverEnv = new Set<string>();
  const sharedEnv = new Set<string>();
  const hostEnv = new Set<string>();
  for (const s of settings) {
    const svc = serviceOf(s);
    if (!svc) continue;
    if (s.path[2] === 'image' && s.path.length === 3) images.set(svc, isDbImage(s.value));
    else if (s.path[2] === 'environment') {
      // Each service's environment as written (for the user a password belongs to).
      let m = envs.get(svc);
      if (!m) envs.set(svc, (m = new Map()));
      m.set(s.key, resolved(s.value.trim()));
      if (SERVER_ONLY_ENV.test(s.key)) serverEnv.add(svc);
      else if (SHARED_DB_ENV.test(s.key)) sharedEnv.add(svc);
      if (HOST_ENV.test(s.key)) hostEnv.add(svc);
    }
  }
  const out = new Set<string>();
  for (const [svc, db] of images) if (db) out.add(svc);
  for (const svc of serverEnv) out.add(svc);
  for (const svc of sharedEnv) if (!images.has(svc) && !hostEnv.has(svc)) out.add(svc);
  return out;
}

/** The user a compose password belongs to: its sibling variable, or the image's default user. */
function userFor(key: string, env: ReadonlyMap<string, string>): string | undefined {
  const base = key.replace(/_?(?:PASSWORD|PASSWD|PASS|PWD)$/, '');
  const user = env.get(`${base}_USER`) ?? env.get(`${base}_USERNAME`) ?? env.get(`${base}USER`);
  if (user !== undefined) return user;
  if (/ROOT$/.test(base)) return 'root';
  if (/^(?:MSSQL_)?SA$/.test(base)) return 'sa';
  return base === 'POSTGRES' ? 'postgres' : undefined;
}

/**
 * Names anyone reading the file can guess a password from: the project
 * (`name:`), the services and the images' repositories. A password equal to
 * one of them is as weak as one equal to the user.
 */
function guessableNames(settings: readonly Setting[]): Set<string> {
  const out = new Set<string>();
  for (const s of settings) {
    if (s.path.length === 1 && s.key === 'name') out.add(s.value.trim().toLowerCase());
    else if (s.path[0] === 'services' && s.path.length >= 2) {
      out.add(s.path[1].toLowerCase());
      if (s.path.length === 3 && s.path[2] === 'image') {
        const repo = s.value
          .trim()
          .replace(/@.*$/, '')
          .replace(/:[^/:]*$/, '');
        out.add(repo.slice(repo.lastIndexOf('/') + 1).toLowerCase());
      }
    }
  }
  out.delete('');
  return out;
}

function weakWhat(weak: WeakReason | 'name'): string {
  return weak === 'equals-user'
    ? 'the user name'
    : weak === 'name'
      ? 'the name of a service, image or project in this file'
      : weak === 'short'
        ? 'a very short password'
        : weak === 'empty'
          ? 'empty'
          : 'a common or default password';
}

/**
 * A password variable whose value is a reference with a default
 * (`${POSTGRES_PASSWORD:-flowback}`): the default is what runs wherever the
 * variable is not set, so a weak default is a weak password. References
 * without a default, or required ones (`${X:?set it}`), cannot be judged.
 */
function weakDefault(env: RuleEnv, s: Setting, svc: string, vars: ReadonlyMap<string, string>, names: ReadonlySet<string>): void {
  const value = s.value.trim();
  const r = interpolate(value, 'compose');
  if (r.refs.length !== 1 || r.unset === undefined || !r.allDefaulted) return;
  const ref = r.refs[0];
  const d = r.unset;
  if (d.length === 0 || isStandIn(d) || isTemplateReference(d)) return;
  const weak = weakPasswordReason(d, userFor(s.key, vars)) ?? (names.has(d.toLowerCase()) ? 'name' : undefined);
  if (!weak) return;
  const exact = s.exact && s.text === value && ref.op !== '' && ref.arg.indexOf('$') < 0;
  const range = exact ? s.locate(ref.argStart, ref.argStart + ref.arg.length) : s.exact ? s.locate(0, s.text.length) : s.valueRange;
  add(env, 'weak-password', range, `${svc}: when ${ref.name} is not set, ${s.key} falls back to a default that is ${weakWhat(weak)}`, {
    severity: 'warning',
  });
}

const NO_ENV: ReadonlyMap<string, string> = new Map();

export function checkCompose(env: RuleEnv, settings: Setting[]): Set<Setting> {
  const handled = new Set<Setting>();
  const envs = new Map<string, Map<string, string>>();
  const dbServices = databaseServices(settings, envs);
  let names: Set<string> | undefined;
  for (const s of settings) {
    const svc = serviceOf(s);
    if (!svc) continue;
    if (s.path[2] === 'environment') {
      const value = s.value.trim();
      const passwordVar = (COMPOSE_PASSWORD_VARS.has(s.key) || isPasswordKeyName(s.key)) && !SWITCH_VALUE.test(value);
      if (passwordVar && isTemplateReference(value)) {
        // A random-looking fallback is left to the secret rules; a weak one is judged here.
        weakDefault(env, s, svc, envs.get(svc) ?? NO_ENV, (names ??= guessableNames(settings)));
        continue;
      }
      if (passwordVar && !COMPOSE_PASSWORD_VARS.has(s.key)) {
        // Other services' password variables (an app's DB_PASS, phpMyAdmin's PMA_PASSWORD): weak values; the literal is the secret rules'.
        if (value.length === 0 || isStandIn(value)) continue;
        const weak = weakPasswordReason(value, userFor(s.key, envs.get(svc) ?? NO_ENV));
        if (weak && weak !== 'short')
          add(env, 'weak-password', s.exact ? s.locate(0, s.text.length) : s.valueRange, `${svc}: ${s.key} is ${weakWhat(weak)}`, {
            severity: 'warning',
          });
        continue;
      }
      if (COMPOSE_PASSWORD_VARS.has(s.key)) {
        handled.add(s);
        if (value.length === 0 || isStandIn(value)) continue;
        const weak =
          weakPasswordReason(value, userFor(s.key, envs.get(svc) ?? NO_ENV)) ??
          ((names ??= guessableNames(settings)).has(value.toLowerCase()) ? 'name' : undefined);
        const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
        env.reported.add(rangeKey(s.valueRange));
        const fixes = () => {
          const fix = moveToEnvFix(env, s, s.key);
          return fix ? [fix] : [];
        };
        // Issue 3, rule 8: a literal password in a compose file is reported whatever its value; a common
        // one (`postgres`, the user name) is also weak (rule 4): two problems with two different fixes.
        env.secretSeen.value = true;
        add(
          env,
          'compose-literal-password',
          range,
          `${svc}: ${s.key} is written literally in the compose file: use \${${s.key}} from .env`,
          { fixes },
        );
        if (weak)
          add(env, 'weak-password', range, `${svc}: ${s.key} is ${weakWhat(weak)}: set a generated one in .env`, { severity: 'warning' });
      } else if (s.key === 'POSTGRES_HOST_AUTH_METHOD' && /^trust$/i.test(value)) {
        const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
        add(
          env,
          'insecure-auth-mode',
          range,
          `${svc}: POSTGRES_HOST_AUTH_METHOD=trust lets anyone who reaches the port log in as any user without a password`,
          {
            fixes: s.exact
              ? () => [
                  {
                    title: 'Use scram-sha-256 (requires POSTGRES_PASSWORD)',
                    edits: [{ range, newText: 'scram-sha-256' }],
                    isPreferred: true,
                  },
                ]
              : undefined,
          },
        );
      } else if (
        /^(MYSQL_ALLOW_EMPTY_PASSWORD|MARIADB_ALLOW_EMPTY_ROOT_PASSWORD|MARIADB_ALLOW_EMPTY_PASSWORD|ALLOW_EMPTY_PASSWORD)$/.test(s.key) &&
        value !== '' &&
        !/^(no|false|0)$/i.test(value)
      ) {
        handled.add(s);
        const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
        add(env, 'insecure-auth-mode', range, `${svc}: ${s.key}=${value} starts the database with an empty root password`, {
          fixes: s.exact
            ? () => [{ title: 'Set it to no (then set a root password from .env)', edits: [{ range, newText: 'no' }] }]
            : undefined,
        });
      }
    } else if (s.path[2] === 'ports') {
      checkPort(env, s, svc, dbServices.has(svc));
    }
  }
  return handled;
}

/** Stands for a part of a value that depends on a variable without a default. */
const UNKNOWN = '?';

function checkPort(env: RuleEnv, s: Setting, svc: string, dbService: boolean): void {
  // Long syntax: ports: [{ target, published, host_ip }] — path services.x.ports.N.published
  if (s.path.length === 5) {
    if (s.key !== 'published') return;
    // host_ip siblings are not visible here; the long form is checked by checkLongPorts.
    return;
  }
  const written = s.value.trim();
  // `${PG_PORT:-5432}:5432` publishes 5432 on all interfaces when PG_PORT is not set; `${BIND}:5432:5432` cannot be known.
  const refs = written.indexOf('$') >= 0 ? interpolate(written, 'compose').refs : [];
  const v = refs.length > 0 ? shapeOf(written, refs, 'compose', UNKNOWN) : written;
  // [host_ip:][host_port:]container_port[/proto]
  const m = /^(?:(\[[^\]]+\]|[0-9.]+|[^:]*?):)?(?:([0-9-]*|\?):)?([0-9-]+|\?)(\/\w+)?$/.exec(v);
  if (!m) return;
  if (m[1]?.includes(UNKNOWN) && !/^[0-9-]*\?[0-9-]*$/.test(m[1])) return;
  let hostIp: string | undefined = m[1];
  let hostPort: string | undefined = m[2];
  // "5432:5432" parses as hostIp=5432, hostPort=undefined: shift.
  if (hostIp !== undefined && hostPort === undefined && /^(?:[0-9-]+|\?)$/.test(hostIp)) {
    hostPort = hostIp;
    hostIp = undefined;
  }
  if (hostIp?.includes(UNKNOWN)) return;
  const container = m[3].split('-')[0];
  if (container === UNKNOWN ? !dbService : !dbService && !DB_PORTS.has(container)) return;
  if (hostIp && hostIp !== '0.0.0.0' && hostIp !== '[::]' && hostIp !== '::') return;
  const range = s.exact ? s.locate(0, s.text.length) : s.valueRange;
  const fixed = refs.length > 0 ? `127.0.0.1:${written}` : `127.0.0.1:${hostPort ?? ''}:${m[3]}${m[4] ?? ''}`;
  add(
    env,
    'public-port-binding',
    range,
    `${svc}: port ${container === UNKNOWN ? written : container} is published on all interfaces${hostPort ? '' : ' (random host port)'}${refs.length > 0 ? ' (with the defaults of its variables)' : ''}: anyone on the network can reach the database`,
    {
      fixes:
        s.exact && !(refs.length > 0 && hostPort === undefined)
          ? () => [
              { title: `Bind to localhost (${fixed})`, edits: [{ range, newText: s.quote ? fixed : `"${fixed}"` }], isPreferred: true },
            ]
          : undefined,
    },
  );
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
    add(
      env,
      'public-port-binding',
      published.valueRange,
      `${published.path[1]}: port ${target.value} is published on all interfaces: add host_ip: 127.0.0.1`,
    );
  }
}

/**
 * Files compose reads and refuses to start without: `env_file:` (a path or a
 * list; long entries with `required: false` are optional) and top-level
 * `secrets: { name: { file } }`.
 */
export function composeFileRefs(settings: readonly Setting[]): Array<{ setting: Setting; what: string }> {
  const out: Array<{ setting: Setting; what: string }> = [];
  const optional = new Set<string>();
  for (const s of settings)
    if (s.path[0] === 'services' && s.path[2] === 'env_file' && s.key === 'required' && /^false$/i.test(s.value.trim()))
      optional.add(s.path.slice(0, -1).join('\0'));
  for (const s of settings) {
    const p = s.path;
    if (s.inherited) continue;
    if (p[0] === 'services' && p[2] === 'env_file') {
      const long = p.length === 5 && s.key === 'path';
      if ((p.length === 3 || (p.length === 4 && /^\d+$/.test(s.key)) || long) && !(long && optional.has(p.slice(0, -1).join('\0'))))
        out.push({ setting: s, what: `env_file of ${p[1]}` });
    } else if (p[0] === 'secrets' && p.length === 3 && s.key === 'file') out.push({ setting: s, what: `the file of secret ${p[1]}` });
  }
  return out;
}

/**
 * Server flags in `command:` / `entrypoint:` that switch authentication off:
 * MySQL/MariaDB `--skip-grant-tables` (every login accepted, no privileges
 * checked), mongod `--noauth`, redis-server `--protected-mode no` without
 * `--requirepass`. Binding all interfaces inside a container is the
 * container's normal state: what is published is judged on `ports:`.
 */
export function checkServerFlags(env: RuleEnv, settings: readonly Setting[]): void {
  const byService = new Map<string, Setting[]>();
  for (const s of settings) {
    if (s.inherited || s.path[0] !== 'services' || (s.path[2] !== 'command' && s.path[2] !== 'entrypoint')) continue;
    const list = byService.get(s.path[1]);
    if (list) list.push(s);
    else byService.set(s.path[1], [s]);
  }
  for (const [svc, parts] of byService) {
    const all = parts.map((p) => p.value).join(' ');
    for (const s of parts) {
      const v = s.value;
      const at = (re: RegExp) => {
        const m = re.exec(v);
        return m && s.exact ? s.locate(m.index, m.index + m[0].length) : s.valueRange;
      };
      if (/--skip-grant-tables\b/.test(v))
        add(
          env,
          'insecure-auth-mode',
          at(/--skip-grant-tables/),
          `${svc}: --skip-grant-tables lets anyone who reaches the server log in as any user, without a password`,
        );
      if (/(?:^|\s)--noauth\b/.test(v))
        add(env, 'insecure-auth-mode', at(/--noauth/), `${svc}: mongod --noauth accepts every client without authentication`);
      if (/--protected-mode(?:\s+|=)["']?no\b/.test(v) && !/--requirepass\b/.test(all))
        add(
          env,
          'insecure-auth-mode',
          at(/--protected-mode(?:\s+|=)["']?no/),
          `${svc}: redis-server --protected-mode no without --requirepass accepts every client from any network, without a password`,
        );
    }
  }
}
