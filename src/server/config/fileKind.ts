/** Which reader and rules a file gets, from its name (and, for JSON, a glance at its content). */
import * as path from 'node:path';
import { looksLikeKubernetes } from './formats/kubernetes';

export type FileKind = 'dotenv' | 'compose' | 'prisma' | 'toml' | 'json' | 'yaml' | 'properties' | 'js' | 'firebase-rules';

export interface FileInfo {
  kind: FileKind;
  /** `.env.example`, `.env.sample`, `.env.template`, `.env.dist`: meant to be committed with placeholders. */
  template: boolean;
  /** Named for production (`.env.production`, `application-prod.yml`). */
  production: boolean;
  /** Supabase CLI config (`supabase/config.toml`). */
  supabaseConfig: boolean;
  /** Rails `config/database.yml` (ERB `<%= ENV[...] %>` references). */
  rails: boolean;
  spring: boolean;
}

const TEMPLATE = /(^|[.-])(example|sample|template|dist|defaults?|tpl|schema)$/i;

export function isDotenvName(base: string): boolean {
  return /^\.env(\..+)?$/i.test(base) || /^[\w.-]+\.env$/i.test(base);
}

export function classifyFile(filePath: string): FileInfo | undefined {
  const base = path.basename(filePath);
  const lower = base.toLowerCase();
  const norm = filePath.split(path.sep).join('/');
  const dotenv = isDotenvName(base);
  const info = (kind: FileKind): FileInfo => ({
    kind,
    template: dotenv && TEMPLATE.test(base.replace(/^\.env\.?/i, '').replace(/\.env$/i, '')),
    production: /(^|[.\-_])(prod|production|live)([.\-_]|$)/i.test(base.replace(/\.(ya?ml|json|properties|toml)$/i, '')),
    supabaseConfig: /(^|\/)supabase\/config\.toml$/i.test(norm),
    rails: /(^|\/)config\/database\.ya?ml$/i.test(norm),
    spring: /^application([-.][\w-]+)?\.(properties|ya?ml)$/i.test(base) || /^bootstrap([-.][\w-]+)?\.(properties|ya?ml)$/i.test(base),
  });
  if (dotenv) return info('dotenv');
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(base)) return info('compose');
  if (lower.endsWith('.prisma')) return info('prisma');
  if (lower === 'firestore.rules' || lower === 'storage.rules') return info('firebase-rules');
  if (lower.endsWith('.toml')) return info('toml');
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) return info('json');
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return info('yaml');
  if (lower.endsWith('.properties')) return info('properties');
  if (JS_CONFIG_NAME.test(lower) || (JS_DB_MODULE.test(lower) && JS_DB_DIR.test(norm))) return info('js');
  return undefined;
}

/** ORM and database configs written in JS/TS, by name. */
const JS_CONFIG_NAME =
  /^(?:drizzle\.config|knexfile|ormconfig|data-?source|typeorm\.config|db\.config|database\.config|sequelize\.config|mikro-orm\.config|kysely\.config|knex)\.(?:[cm]?[jt]s)$/;
/** Modules that usually hold a connection, in a database directory: db/index.ts, config/database.js, src/db/knex.ts. */
const JS_DB_MODULE = /^(?:index|database|db|connection|client|pool|knex|config)\.(?:[cm]?[jt]s)$/;
const JS_DB_DIR = /(?:^|\/)(?:db|database|config|src\/db|src\/database|lib\/db)\/[^/]+$/i;

/** A JS/TS file worth reading: a config by name, or a module that creates a database client. */
export function jsWorthLinting(filePath: string, text: string): boolean {
  if (JS_CONFIG_NAME.test(path.basename(filePath).toLowerCase())) return true;
  return /require\(\s*['"](?:knex|pg|mysql2?|sequelize|typeorm|mongoose|mongodb|postgres|drizzle-orm[^'"]*)['"]\s*\)|from\s+['"](?:knex|pg|mysql2(?:\/promise)?|sequelize|typeorm|mongoose|mongodb|postgres|drizzle-kit|drizzle-orm[^'"]*)['"]/.test(
    text,
  );
}

/** JSON files worth reading: known config names, service-account keys, or anything that mentions a connection string or token. */
export function jsonWorthLinting(filePath: string, text: string): boolean {
  const base = path.basename(filePath).toLowerCase();
  if (/^(package-lock|npm-shrinkwrap|composer\.lock|yarn\.lock|pnpm-lock)/.test(base)) return false;
  if (
    /^(ormconfig|firebase|appsettings.*|config|database|database\.rules|datasource.*|\.?secrets?.*|credentials.*|service[-_]?account.*)\.jsonc?$/.test(
      base,
    )
  )
    return true;
  return /"type"\s*:\s*"service_account"|(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?):\/\/|\bsk-[A-Za-z0-9_-]{20}|AIza[0-9A-Za-z_-]{35}|sb_secret_|eyJ[A-Za-z0-9_-]{10,}\.eyJ|-----BEGIN [A-Z ]*PRIVATE KEY|"ConnectionStrings"/.test(
    text,
  );
}

/** YAML/properties files worth reading beyond the known names. */
export function yamlWorthLinting(filePath: string, text: string, info: FileInfo): boolean {
  const base = path.basename(filePath).toLowerCase();
  if (info.rails || info.spring || /^ormconfig\.ya?ml$/.test(base) || /^(database|datasource|db)\.ya?ml$/.test(base)) return true;
  if (/^kustomization\.ya?ml$/.test(base)) return true;
  return (
    /(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?):\/\/|\bsk-[A-Za-z0-9_-]{20}|AIza[0-9A-Za-z_-]{35}|sb_secret_|-----BEGIN [A-Z ]*PRIVATE KEY|(POSTGRES|MYSQL|MARIADB|MONGO_INITDB)_/.test(
      text,
    ) || looksLikeKubernetes(text)
  );
}
