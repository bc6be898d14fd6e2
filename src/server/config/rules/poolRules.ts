/**
 * Pool sizes against the server's connection limit: a client pool larger than
 * the server accepts fails under load with "too many clients already" (PostgreSQL)
 * or "Too many connections" (MySQL). The limit is the one set in the same file
 * (compose `-c max_connections=N` / `--max-connections=N`, a `max_connections`
 * setting), else the server's documented default: PostgreSQL 100, MySQL and
 * MariaDB 151. Pool keys: Knex/Sequelize `pool.max`, mysql2 `connectionLimit`,
 * HikariCP `maximum-pool-size` / `maximumPoolSize`, SQLAlchemy `pool_size`,
 * node-postgres `max` beside `host`/`connectionString`, TypeORM `poolSize`.
 */
import { add, type RuleEnv } from '../ruleEnv';
import type { Setting } from '../settings';

type Server = 'postgres' | 'mysql';

const DEFAULT_LIMIT: Record<Server, number> = { postgres: 100, mysql: 151 };
const SERVER_NAME: Record<Server, string> = { postgres: 'PostgreSQL', mysql: 'MySQL' };

function serverOf(v: string): Server | undefined {
  const x = v.trim().toLowerCase();
  if (/^(?:pg|postgres|postgresql|pg-native|cockroachdb)$|^jdbc:postgresql:|^postgres(?:ql)?(?:\+\w+)?:\/\//.test(x)) return 'postgres';
  if (/^(?:mysql2?|mariadb)$|^jdbc:(?:mysql|mariadb):|^(?:mysql|mariadb)(?:\+\w+)?:\/\//.test(x)) return 'mysql';
  return undefined;
}

const SERVER_KEYS = /^(?:client|dialect|type|adapter|driver|url|jdbc-url|jdbcurl|connection|connectionstring|database_url)$/i;

/** The last segment of the key (`spring.datasource.url` is written as one key in .properties). */
function lastSegment(s: Setting): string {
  const k = s.key;
  const dot = k.lastIndexOf('.');
  return dot >= 0 ? k.slice(dot + 1) : k;
}

function isPoolSize(s: Setting): boolean {
  const k = lastSegment(s);
  const parent = s.path.length >= 2 ? s.path[s.path.length - 2] : '';
  if (/^max$/i.test(k)) return /^pool$/i.test(parent);
  return /^(?:connectionLimit|maximum-pool-size|maximumPoolSize|maximum_pool_size|pool_size|poolSize|pool-size|max_pool_size)$/.test(k);
}

/** The server's limit as set in this file, if it is. */
function limitInFile(settings: readonly Setting[]): number | undefined {
  for (const s of settings) {
    if (/^max_connections$/i.test(s.key) && /^\d+$/.test(s.value.trim())) return Number(s.value.trim());
    const m = /(?:-c\s+|--)max[_-]connections[=\s]+(\d+)/.exec(s.value);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export function checkPoolSizes(env: RuleEnv, settings: readonly Setting[]): void {
  let server: Server | undefined;
  const pools: Setting[] = [];
  for (const s of settings) {
    if (isPoolSize(s) && /^\d+$/.test(s.value.trim())) pools.push(s);
    else if (!server && SERVER_KEYS.test(lastSegment(s))) server = serverOf(s.value);
  }
  if (pools.length === 0 || !server) return;
  const set = limitInFile(settings);
  const limit = set ?? DEFAULT_LIMIT[server];
  for (const s of pools) {
    const n = Number(s.value.trim());
    if (n <= limit) continue;
    const where =
      set !== undefined
        ? `the server's max_connections set here (${limit})`
        : `${SERVER_NAME[server]}'s default max_connections (${limit})`;
    add(
      env,
      'pool-exceeds-server-limit',
      s.exact ? s.locate(0, s.text.length) : s.valueRange,
      `${s.path.join('.')}: a pool of ${n} is above ${where}: under load the server refuses the extra connections ("too many clients")`,
    );
  }
}
