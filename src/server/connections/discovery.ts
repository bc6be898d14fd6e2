/**
 * Connection discovery ("Scan Workspace for Connections"): finds connection
 * candidates in .env files, compose files, Prisma schemas, Supabase and
 * Firebase configs. Pure over (path, text) pairs plus an injected file reader
 * for referenced files (service-account keys); the secret found is returned
 * once so the client can move it into SecretStorage.
 */
import * as path from 'node:path';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import { parseConnectionString } from '../../shared/providerSchemas';
import { parseDotenv } from '../config/dotenv';
import { classifyFile } from '../config/fileKind';
import { parseJsonSettings } from '../config/formats/jsonSettings';
import { parsePrismaDatasources } from '../config/formats/prismaSettings';
import { parsePropertiesSettings } from '../config/formats/propertiesSettings';
import { parseTomlSettings } from '../config/formats/tomlSettings';
import { parseYamlSettings } from '../config/formats/yamlSettings';
import { dotenvSettings } from '../config/lint';
import type { Setting } from '../config/settings';

export interface DiscoveredConnection {
  config: ConnectionConfig;
  /** Split out of the file; the client stores it in SecretStorage, never in settings. */
  secret: ConnectionSecret;
  source: { file: string; line: number; key: string };
  /** One line for the quick pick ("postgres app@db.example.com/shop from .env:2"). */
  description: string;
}

export interface DiscoveryInput {
  /** Absolute path. */
  file: string;
  text: string;
}

/** Reads a referenced file (service-account JSON); undefined when it does not exist. */
export type FileReader = (absPath: string) => string | undefined;

const URL_RE = /^(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?):\/\//i;
const SUPABASE_URL_KEY = /(^|_)SUPABASE_URL$/i;
/** Least privilege first: a health probe needs no more than the anon/publishable key. */
const SUPABASE_KEY_ORDER = [/SUPABASE_(ANON|PUBLISHABLE)_KEY$/i, /SUPABASE_KEY$/i, /SUPABASE_(SERVICE_ROLE|SECRET)_KEY$/i];
const TEMPLATE_VALUE = /^<.*>$|^your[-_ ]|^changeme$|^xxx+$|^\*+$|^\.\.\.$/i;

function settingsOf(file: string, text: string): Setting[] {
  const info = classifyFile(file);
  if (!info) return [];
  try {
    switch (info.kind) {
      case 'dotenv':
        return dotenvSettings(parseDotenv(text));
      case 'compose':
      case 'yaml':
        return parseYamlSettings(text).settings;
      case 'json':
        return parseJsonSettings(text).settings;
      case 'toml':
        return parseTomlSettings(text).settings;
      case 'prisma':
        return parsePrismaDatasources(text).settings;
      case 'properties':
        return parsePropertiesSettings(text);
    }
  } catch {
    return []; // unreadable file: the linter reports its parse error; discovery just finds nothing here
  }
  return [];
}

/** `${VAR}` / `$VAR` expansion from the .env values of the same folder. */
function expand(value: string, env: Map<string, string>): string | undefined {
  let unresolved = false;
  const out = value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, a: string, def: string | undefined, b: string) => {
      const v = env.get(a ?? b) ?? def;
      if (v === undefined) unresolved = true;
      return v ?? '';
    },
  );
  return unresolved ? undefined : out;
}

function isTemplateFile(file: string): boolean {
  return classifyFile(file)?.template === true;
}

function sanitizeId(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'connection'
  );
}

export function discover(inputs: DiscoveryInput[], readFile: FileReader, root?: string): DiscoveredConnection[] {
  const rel = (f: string): string => (root ? path.relative(root, f) || path.basename(f) : path.basename(f));
  // Environment per folder from its .env files (not templates), for ${VAR} and env("VAR").
  const envByDir = new Map<string, Map<string, string>>();
  for (const { file, text } of inputs) {
    if (classifyFile(file)?.kind !== 'dotenv' || isTemplateFile(file)) continue;
    const env = envByDir.get(path.dirname(file)) ?? new Map<string, string>();
    for (const s of settingsOf(file, text)) if (!env.has(s.key)) env.set(s.key, s.value);
    envByDir.set(path.dirname(file), env);
  }
  const envFor = (file: string): Map<string, string> => {
    // Prisma reads the project root's .env: look upwards.
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const env = envByDir.get(dir);
      if (env) return env;
      if (dir === path.dirname(dir) || (root && !dir.startsWith(root))) return new Map();
    }
  };

  const found: DiscoveredConnection[] = [];
  const add = (d: DiscoveredConnection): void => {
    found.push(d);
  };

  for (const { file, text } of inputs) {
    if (isTemplateFile(file)) continue; // placeholders are not connections
    const settings = settingsOf(file, text);
    const env = envFor(file);
    const where = (s: Setting): { file: string; line: number; key: string } => ({
      file,
      line: s.keyRange.start.line + 1,
      key: s.path.join('.'),
    });

    for (const s of settings) {
      let value = s.value.trim();
      const envCall = /^env\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)$/.exec(value);
      if (envCall) continue; // Prisma env("X"): X is discovered in the .env that defines it
      if (value.includes('$')) value = expand(value, env) ?? '';
      if (URL_RE.test(value)) {
        try {
          const { config, secret } = parseConnectionString(value);
          if (secret.password && TEMPLATE_VALUE.test(secret.password)) delete secret.password;
          config.name = `${s.key} (${rel(file)})`;
          config.id = sanitizeId(`${s.key}-${config.host ?? config.database ?? config.provider}`);
          add({
            config,
            secret,
            source: where(s),
            description: `${config.provider} ${describeTarget(config)} from ${rel(file)}:${where(s).line}`,
          });
        } catch {
          // malformed: the linter already reports it on that line
        }
        continue;
      }
      if (SUPABASE_URL_KEY.test(s.key) && /^https?:\/\//i.test(value)) {
        const siblings = settings.filter((o) => o.path.slice(0, -1).join('.') === s.path.slice(0, -1).join('.'));
        let apiKey: string | undefined;
        for (const re of SUPABASE_KEY_ORDER) {
          const k = siblings.find((o) => re.test(o.key) && o.value && !TEMPLATE_VALUE.test(o.value));
          if (k) {
            apiKey = k.value.includes('$') ? expand(k.value, env) : k.value;
            break;
          }
        }
        const projectUrl = value.replace(/\/+$/, '');
        const ref = /^https?:\/\/([a-z0-9]{20})\.supabase\.(co|in)/i.exec(projectUrl)?.[1];
        const config: ConnectionConfig = {
          id: sanitizeId(`supabase-${ref ?? new URL(projectUrl).host}`),
          name: `Supabase ${ref ?? new URL(projectUrl).host} (${rel(file)})`,
          provider: 'supabase',
          projectUrl,
        };
        add({
          config,
          secret: apiKey ? { apiKey } : {},
          source: where(s),
          description: `supabase ${projectUrl} from ${rel(file)}:${where(s).line}`,
        });
        continue;
      }
      if (/^GOOGLE_APPLICATION_CREDENTIALS$/i.test(s.key) && value) {
        const keyPath = path.isAbsolute(value) ? value : path.resolve(path.dirname(file), value);
        const json = readFile(keyPath);
        let projectId: string | undefined;
        try {
          projectId = json ? (JSON.parse(json) as { project_id?: string }).project_id : undefined;
        } catch {
          projectId = undefined;
        }
        const config: ConnectionConfig = {
          id: sanitizeId(`firebase-${projectId ?? 'project'}`),
          name: `Firebase ${projectId ?? path.basename(keyPath)} (${rel(file)})`,
          provider: 'firebase',
        };
        if (projectId) config.projectId = projectId;
        add({
          config,
          secret: json ? { serviceAccountJson: json } : {},
          source: where(s),
          description: `firebase ${projectId ?? '(key file missing)'} from ${rel(file)}:${where(s).line}`,
        });
      }
    }

    const info = classifyFile(file);
    if (info?.kind === 'compose') for (const d of composeServices(file, settings, env, rel)) add(d);
    if (info?.supabaseConfig) {
      const get = (p: string): string | undefined => settings.find((s) => s.path.join('.') === p)?.value;
      const apiPort = Number(get('api.port') ?? 54321);
      const dbPort = Number(get('db.port') ?? 54322);
      const projectId = get('project_id');
      add({
        config: {
          id: sanitizeId(`supabase-local-${projectId ?? 'stack'}`),
          name: `Supabase local stack${projectId ? ` ${projectId}` : ''}`,
          provider: 'supabase',
          projectUrl: `http://127.0.0.1:${apiPort}`,
          host: '127.0.0.1',
          port: dbPort,
          database: 'postgres',
          user: 'postgres',
          tags: ['local'],
        },
        secret: {},
        source: { file, line: 1, key: 'api.port' },
        description: `supabase local stack http://127.0.0.1:${apiPort} (db :${dbPort}) from ${rel(file)}`,
      });
    }
    if (path.basename(file) === 'firebase.json') {
      const authPort = settings.find((s) => s.path.join('.') === 'emulators.auth.port')?.value;
      if (authPort) {
        add({
          config: {
            id: 'firebase-emulators',
            name: 'Firebase emulators',
            provider: 'firebase',
            projectId: 'demo-project',
            emulator: { auth: `127.0.0.1:${authPort}` },
            tags: ['local'],
          },
          secret: {},
          source: { file, line: 1, key: 'emulators.auth.port' },
          description: `firebase emulators (auth :${authPort}) from ${rel(file)}`,
        });
      }
    }
  }
  return dedupe(found);
}

const IMAGES: Array<[RegExp, ConnectionConfig['provider'], number, string, string]> = [
  [
    /(^|\/)(postgres|postgis\/postgis|supabase\/postgres|bitnami\/postgresql|timescale\/timescaledb)/i,
    'postgres',
    5432,
    'POSTGRES_PASSWORD',
    'POSTGRES_USER',
  ],
  [/(^|\/)(mysql|mariadb|bitnami\/mysql|bitnami\/mariadb)/i, 'mysql', 3306, 'MYSQL_PASSWORD', 'MYSQL_USER'],
  [/(^|\/)(mongo|bitnami\/mongodb)/i, 'mongodb', 27017, 'MONGO_INITDB_ROOT_PASSWORD', 'MONGO_INITDB_ROOT_USERNAME'],
];

function composeServices(file: string, settings: Setting[], env: Map<string, string>, rel: (f: string) => string): DiscoveredConnection[] {
  const out: DiscoveredConnection[] = [];
  const services = new Map<string, Setting[]>();
  for (const s of settings)
    if (s.path[0] === 'services' && s.path.length >= 3) services.set(s.path[1], [...(services.get(s.path[1]) ?? []), s]);
  for (const [name, list] of services) {
    const image = list.find((s) => s.path.length === 3 && s.path[2] === 'image')?.value;
    if (!image) continue;
    const match = IMAGES.find(([re]) => re.test(image));
    if (!match) continue;
    const [, provider, containerPort, passwordVar, userVar] = match;
    const envValue = (k: string): string | undefined => {
      const s = list.find((x) => x.path[2] === 'environment' && x.key === k);
      if (!s) return undefined;
      return s.value.includes('$') ? expand(s.value, env) : s.value;
    };
    // Published port for the container port: "5432:5432", "127.0.0.1:15432:5432", or long syntax.
    let hostPort: number | undefined;
    for (const p of list.filter((x) => x.path[2] === 'ports')) {
      const m = /^(?:\[?[\d.:a-f]*\]?:)?(\d+):(\d+)(?:\/tcp)?$/i.exec(p.value.trim());
      if (m && Number(m[2]) === containerPort) hostPort = Number(m[1]);
      if (p.key === 'published' && Number(p.value) > 0) hostPort = Number(p.value);
    }
    if (!hostPort) continue; // not reachable from the host
    const password = envValue(passwordVar) ?? (provider === 'mysql' ? envValue('MYSQL_ROOT_PASSWORD') : undefined);
    const user =
      envValue(userVar) ??
      (provider === 'mysql' ? (envValue('MYSQL_USER') ? undefined : 'root') : provider === 'postgres' ? 'postgres' : undefined);
    const database =
      provider === 'postgres' ? (envValue('POSTGRES_DB') ?? user) : provider === 'mysql' ? envValue('MYSQL_DATABASE') : undefined;
    const config: ConnectionConfig = {
      id: sanitizeId(`compose-${name}`),
      name: `${name} (${rel(file)})`,
      provider,
      host: '127.0.0.1',
      port: hostPort,
      tags: ['local'],
    };
    if (provider === 'mongodb')
      config.url = `mongodb://${user ? `${encodeURIComponent(user)}@` : ''}127.0.0.1:${hostPort}/?authSource=admin`;
    if (user) config.user = user;
    if (database) config.database = database;
    const imageSetting = list.find((s) => s.path.length === 3 && s.path[2] === 'image')!;
    out.push({
      config,
      secret: password && !TEMPLATE_VALUE.test(password) ? { password } : {},
      source: { file, line: imageSetting.keyRange.start.line + 1, key: `services.${name}` },
      description: `${provider} compose service '${name}' on 127.0.0.1:${hostPort} from ${rel(file)}`,
    });
  }
  return out;
}

function describeTarget(c: ConnectionConfig): string {
  if (c.url) return c.url;
  return `${c.user ? `${c.user}@` : ''}${c.host ?? ''}${c.port ? `:${c.port}` : ''}${c.database ? `/${c.database}` : ''}`;
}

/** One candidate per target; the first source wins, and ids are made unique. */
function dedupe(list: DiscoveredConnection[]): DiscoveredConnection[] {
  const seen = new Set<string>();
  const ids = new Set<string>();
  const out: DiscoveredConnection[] = [];
  for (const d of list) {
    const c = d.config;
    const key = [
      c.provider,
      c.url ?? '',
      c.host ?? '',
      c.port ?? '',
      c.database ?? '',
      c.user ?? '',
      c.projectUrl ?? '',
      c.projectId ?? '',
    ].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    let id = c.id;
    for (let i = 2; ids.has(id); i++) id = `${c.id}-${i}`;
    ids.add(id);
    out.push({ ...d, config: { ...c, id } });
  }
  return out;
}
