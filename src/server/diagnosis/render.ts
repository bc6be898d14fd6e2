/**
 * Fills root-cause and fix templates with the concrete culprit: host:port, user,
 * database, TLS mode, from the connection settings first, then the error's own
 * fields and message. Everything inserted is redacted of secrets. Pure.
 */
import type { Provider } from '../../shared/categories';
import type { ConnectionConfig } from '../../shared/connection';
import type { ErrorLayer } from './extract';
import { FIXES } from './kb/fixes';
import { redact } from '../secrets';
import type { Fix, FixAction } from './types';

const DISPLAY: Record<Provider, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  mongodb: 'MongoDB',
  firebase: 'Firebase',
  supabase: 'Supabase',
};
const DEFAULT_PORT: Record<Provider, string> = {
  postgres: '5432',
  mysql: '3306',
  mongodb: '27017',
  firebase: '443',
  supabase: '5432 (direct/session) or 6543 (transaction pooler)',
};

export interface ConnectionFacts {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  tlsMode?: string;
  connectTimeoutMs?: number;
}

/** Host, port, database, user and TLS mode from the settings and the URL (the URL never carries a password here; it is ignored if it does). */
export function connectionFacts(c: Partial<ConnectionConfig> | undefined): ConnectionFacts {
  const facts: ConnectionFacts = {};
  if (!c) return facts;
  if (c.url) {
    try {
      const u = new URL(c.url);
      if (u.hostname) facts.host = u.hostname.replace(/^\[|\]$/g, '');
      if (u.port) facts.port = Number(u.port);
      const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
      if (db && !db.includes('/')) facts.database = db;
      if (u.username) facts.user = decodeURIComponent(u.username);
      const q = u.searchParams;
      const mode = q.get('sslmode') ?? q.get('ssl-mode') ?? q.get('sslMode');
      if (mode) facts.tlsMode = mode.toLowerCase();
      else if (q.get('ssl') === 'true' || q.get('tls') === 'true') facts.tlsMode = 'require';
      else if (q.get('ssl') === 'false' || q.get('tls') === 'false') facts.tlsMode = 'disable';
      if (!facts.tlsMode && (u.protocol === 'mongodb+srv:' || u.protocol === 'https:')) facts.tlsMode = 'require';
    } catch {
      // A malformed URL is itself diagnosed elsewhere; here it only means no facts.
    }
  }
  if (c.host) facts.host = c.host;
  if (c.port) facts.port = c.port;
  if (c.database) facts.database = c.database;
  if (c.user) facts.user = c.user;
  if (c.tls?.mode) facts.tlsMode = c.tls.mode;
  if (!facts.host && (c.projectUrl || c.databaseUrl)) {
    try {
      facts.host = new URL((c.projectUrl ?? c.databaseUrl) as string).hostname;
    } catch {
      /* ignored: see above */
    }
  }
  if (c.connectTimeoutMs) facts.connectTimeoutMs = c.connectTimeoutMs;
  return facts;
}

const HOSTPORT_IN_TEXT =
  /\b(?:connect|to|at|on)\s+`?'?\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f:]*:[0-9a-f:]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)\]?'?`?:`?(\d{2,5})\b/i;

export interface RenderInput {
  provider?: Provider;
  facts: ConnectionFacts;
  layer?: ErrorLayer;
  layers: readonly ErrorLayer[];
  groups: Record<string, string>;
}

function firstLine(s: string): string {
  const line = s.split(/\r?\n/)[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function targetOf(input: RenderInput): { host?: string; port?: string } {
  const { facts, groups, layers } = input;
  if (facts.host) return { host: facts.host, port: facts.port ? String(facts.port) : groups.port };
  const gh = groups.host ?? groups.host2;
  if (gh) return { host: gh.replace(/^\[|\]$/g, ''), port: groups.port };
  for (const l of layers) {
    if (l.address || l.hostname) return { host: l.hostname ?? l.address, port: l.port !== undefined ? String(l.port) : undefined };
  }
  for (const l of layers) {
    const m = HOSTPORT_IN_TEXT.exec(l.message);
    if (m) return { host: m[1], port: m[2] };
  }
  return {};
}

/** The values a template may use. */
export function templateValues(input: RenderInput): Record<string, string> {
  const { provider, facts, groups, layer } = input;
  const t = targetOf(input);
  const hostText = t.host ? (t.host.includes(':') && !t.host.startsWith('[') ? `[${t.host}]` : t.host) : undefined;
  const target = hostText ? (t.port ? `${hostText}:${t.port}` : hostText) : `the ${provider ? DISPLAY[provider] : 'database'} server`;
  const v: Record<string, string> = {
    target,
    host: t.host ?? groups.host2 ?? 'the host',
    port: t.port ?? (facts.port !== undefined ? String(facts.port) : provider ? DEFAULT_PORT[provider] : 'the default port'),
    defaultPort: provider ? DEFAULT_PORT[provider] : 'its default port',
    provider: provider ? DISPLAY[provider] : 'database',
    user: groups.user ?? groups.user2 ?? facts.user ?? '',
    database: groups.db ?? facts.database ?? '',
    db: groups.db ?? facts.database ?? '',
    table: groups.table ?? groups.table2 ?? groups.ns ?? '',
    addr: groups.addr ?? 'this client',
    tls: facts.tlsMode ?? 'not set',
    timeout: facts.connectTimeoutMs ? `${facts.connectTimeoutMs} ms` : 'the default',
    timeoutNote: facts.connectTimeoutMs ? ` (${facts.connectTimeoutMs} ms)` : '',
    status: layer?.status !== undefined ? String(layer.status) : '?',
    code:
      layer?.code ??
      layer?.sqlState ??
      (layer?.errno !== undefined ? String(layer.errno) : layer?.num !== undefined ? String(layer.num) : ''),
    detail: layer?.detail ?? '',
    m: layer ? firstLine(layer.message || layer.detail || '') : '',
  };
  for (const [k, val] of Object.entries(groups)) if (!(k in v)) v[k] = val;
  for (const k of Object.keys(v)) v[k] = redact(v[k]);
  return v;
}

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template
    .replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '')
    .replace(/\(\s*\)/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,;)])/g, '$1')
    .replace(/ :(?=\s|$)/g, ':')
    .replace(/[\s:]+$/, '')
    .trim();
}

/** Fix templates by id, filled; unknown ids are skipped. */
export function renderFixes(ids: readonly string[], values: Record<string, string>): Fix[] {
  const out: Fix[] = [];
  for (const id of ids) {
    const f = FIXES[id];
    if (!f) continue;
    const fix: Fix = { id, title: fillTemplate(f.title, values) };
    if (f.detail) fix.detail = fillTemplate(f.detail, values);
    if (f.action) fix.action = structuredClone(f.action) as FixAction;
    out.push(fix);
  }
  return out;
}
