/**
 * `dbpulse probe`: probes connections once with the real drivers and prints
 * their health. Two forms:
 *   dbpulse probe <url> [--json]             password from the URL, DBPULSE_PASSWORD, PGPASSWORD/MYSQL_PWD
 *   dbpulse probe --config FILE [--connection ID] [--json]
 *                                            the monitor's config format; secrets from the
 *                                            environment variables it names (passwordEnv …)
 * Exit code: 0 all up, 1 any degraded, 2 any down (or a usage / config error).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { ProbeResult } from '../../shared/probe';
import { isProvider } from '../../shared/categories';
import { ConnectionStringError, parseConnectionString, validateConnection } from '../../shared/providerSchemas';
import { parseHeadlessConfig, secretFromEnv, HeadlessConfigError } from '../../server/engine/headlessConfig';
import { runProbe } from '../../server/probes/runProbe';
import type { CliIo } from '../io';
import type { Subcommand } from '../main';

const USAGE = `Usage:
  dbpulse probe <url> [options]
  dbpulse probe --config FILE [--connection ID] [options]
  dbpulse probe --credentials FILE [--project-id ID] [options]     (Firebase)

Probes once with the real driver, read-only, and prints the health.

  <url>                 postgres://, mysql://, mariadb://, mongodb(+srv)://, or a Supabase
                        project URL (https://<ref>.supabase.co). The password comes from the
                        URL, else DBPULSE_PASSWORD, else the provider's usual variable:
                        PGPASSWORD (postgres), MYSQL_PWD (mysql, mariadb).
  --config FILE         connections file, as for 'dbpulse monitor': { "connections": [ {
                        "id", "provider", "host", ..., "passwordEnv": "PGPASSWORD" } ] }.
                        Secrets are read from the environment variables named there.
  --connection ID       probe only this connection of FILE
  --key KEY             Supabase API key (prefer DBPULSE_API_KEY: arguments are visible to
                        other processes)
  --credentials FILE    Firebase service-account JSON file
  --project-id ID       Firebase project id (default: the credentials' project_id)
  --provider NAME       force the provider of <url>
  --timeout MS          connect timeout in milliseconds (default 10000)
  --json                print the result as JSON (an array with --config)

Exit code: 0 up, 1 degraded, 2 down (the worst of all probed), 2 on a usage or config error.`;

const EXIT: Record<ProbeResult['state'], number> = { up: 0, degraded: 1, down: 2 };

export const command: Subcommand = {
  summary: 'probe database connections once and print their health',
  usage: USAGE,
  run: runProbeCommand,
};

interface Target {
  config: ConnectionConfig;
  secret: ConnectionSecret;
}

async function runProbeCommand(args: string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        connection: { type: 'string' },
        key: { type: 'string' },
        credentials: { type: 'string' },
        'project-id': { type: 'string' },
        provider: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    io.stderr(`dbpulse probe: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const usage = (message: string): number => {
    io.stderr(`dbpulse probe: ${message}\nRun 'dbpulse probe --help' for usage.\n`);
    return 2;
  };
  if (positionals.length > 1) return usage('give one URL (use --config for several connections)');
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 100 && timeout <= 600000))
    return usage('--timeout must be a whole number of milliseconds from 100 to 600000');
  if (values.provider !== undefined && !isProvider(values.provider))
    return usage('--provider must be one of postgres, mysql, mongodb, firebase, supabase');

  let targets: Target[];
  try {
    if (typeof values.config === 'string') {
      if (positionals.length) return usage('give either a URL or --config, not both');
      targets = fromConfigFile(path.resolve(io.cwd, values.config), values.connection as string | undefined, io.env);
    } else if (positionals.length === 1) {
      targets = [fromUrl(positionals[0], values, io)];
    } else if (typeof values.credentials === 'string') {
      targets = [fromFirebaseCredentials(path.resolve(io.cwd, values.credentials), values['project-id'] as string | undefined)];
    } else {
      return usage('give a connection URL, --config FILE or --credentials FILE');
    }
  } catch (err) {
    if (err instanceof ConnectionStringError || err instanceof HeadlessConfigError || err instanceof UsageError) return usage(err.message);
    throw err;
  }

  for (const t of targets) {
    if (timeout !== undefined) t.config.connectTimeoutMs = timeout;
    const fatal = validateConnection(t.config, { forProbe: true }).filter((p) => p.severity === 'error');
    if (fatal.length)
      return usage(`connection "${t.config.id}": ${fatal.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')}`);
  }

  const results = await probeAll(targets, 4);
  if (values.json)
    io.stdout(`${JSON.stringify(targets.length === 1 && typeof values.config !== 'string' ? results[0] : results, null, 2)}\n`);
  else for (const r of results) io.stdout(`${formatResult(r)}\n`);
  return Math.max(...results.map((r) => EXIT[r.state]));
}

export class UsageError extends Error {}

/**
 * Where a URL without a password takes it from, in order: ours, then the variable the
 * provider's own clients read (libpq's PGPASSWORD, also for Supabase's database; the mysql client's
 * MYSQL_PWD). `dbpulse probe` and `dbpulse advise` both use it.
 */
export function passwordVariables(provider: ConnectionConfig['provider']): string[] {
  const usual: Partial<Record<ConnectionConfig['provider'], string>> = {
    postgres: 'PGPASSWORD',
    supabase: 'PGPASSWORD',
    mysql: 'MYSQL_PWD',
  };
  return ['DBPULSE_PASSWORD', ...(usual[provider] ? [usual[provider]] : [])];
}

function fromUrl(url: string, values: Record<string, string | boolean | undefined>, io: CliIo): Target {
  const { config, secret } = parseConnectionString(
    url,
    values.provider ? { provider: values.provider as ConnectionConfig['provider'] } : {},
  );
  if (!secret.password) {
    const name = passwordVariables(config.provider).find((v) => io.env[v]);
    if (name) secret.password = io.env[name];
  }
  if (config.provider === 'supabase') {
    const key = (values.key as string | undefined) ?? io.env.DBPULSE_API_KEY;
    if (!key) throw new UsageError('Supabase needs an API key: --key KEY or DBPULSE_API_KEY');
    secret.apiKey = key;
  }
  if (config.provider === 'firebase' && typeof values.credentials === 'string') {
    secret.serviceAccountJson = readFileForSecret(path.resolve(io.cwd, values.credentials), 'credentials');
  }
  return { config, secret };
}

function readFileForSecret(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the ${what} file ${file}: ${(err as { code?: string }).code ?? String(err)}`);
  }
}

function fromFirebaseCredentials(file: string, projectId: string | undefined): Target {
  const json = readFileForSecret(file, 'credentials');
  let fileProject: unknown;
  try {
    fileProject = (JSON.parse(json) as Record<string, unknown>).project_id;
  } catch {
    throw new UsageError(`the credentials file ${file} is not JSON (expected a service-account key file)`);
  }
  const project = projectId ?? (typeof fileProject === 'string' ? fileProject : undefined);
  if (!project) throw new UsageError('no project id: pass --project-id ID (the credentials file has no project_id)');
  return {
    config: { id: `firebase-${project}`, name: project, provider: 'firebase', projectId: project },
    secret: { serviceAccountJson: json },
  };
}

export function fromConfigFile(file: string, only: string | undefined, env: NodeJS.ProcessEnv): Target[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as { code?: string }).code ?? String(err)}`);
  }
  const { config } = parseHeadlessConfig(text, path.basename(file));
  let list = config.connections;
  if (only !== undefined) {
    list = list.filter((c) => c.config.id === only);
    if (list.length === 0) throw new UsageError(`no connection with id "${only}" in ${path.basename(file)}`);
  }
  if (list.length === 0) throw new UsageError(`${path.basename(file)} has no connections`);
  return list.map((c) => ({ config: c.config, secret: secretFromEnv(c, env) ?? {} }));
}

async function probeAll(targets: Target[], concurrency: number): Promise<ProbeResult[]> {
  const results: ProbeResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      results[i] = await runProbe({ config: targets[i].config, secret: targets[i].secret });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return results;
}

const KEY_METRIC: Record<string, [string, string?]> = {
  postgres: ['connections_used', 'max_connections'],
  mysql: ['threads_connected', 'max_connections'],
};

/** One human line per result (never a secret: results are sanitised by runProbe). */
export function formatResult(r: ProbeResult): string {
  const mark = r.state === 'up' ? 'UP      ' : r.state === 'degraded' ? 'DEGRADED' : 'DOWN    ';
  const parts = [mark, r.connectionId, r.provider, `${r.timings.totalMs.toFixed(1)} ms`];
  if (r.serverVersion) parts.push(r.serverVersion.split(' ')[0]);
  if (r.tls) parts.push(`TLS: ${r.tls.protocol ?? 'on'}${r.tls.authorized === false ? ' (unverified)' : ''}`);
  else if (r.tls === null) parts.push('TLS: off');
  const km = KEY_METRIC[r.provider];
  if (km && typeof r.metrics[km[0]] === 'number')
    parts.push(`connections ${r.metrics[km[0]]}${km[1] && typeof r.metrics[km[1]] === 'number' ? `/${r.metrics[km[1]]}` : ''}`);
  let line = parts.join('  ');
  if (r.error) line += `\n  ${r.error.category}: ${r.error.message}`;
  for (const w of r.warnings ?? []) line += `\n  warning: ${w}`;
  return line;
}
