/**
 * `dbpulse advise`: runs the database advisors once and prints findings,
 * skipped checks and the cost report (shared/spec/advisor-findings.md).
 *   dbpulse advise <connection-url> [--json] [--only performance|security|cost] [--timeout-ms N] [--fail-on critical]
 *   dbpulse advise --config dbpulse.json [--connection ID] [--json]
 * The password comes from DBPULSE_PASSWORD, else the provider's usual environment variable (PGPASSWORD,
 * MYSQL_PWD: `passwordVariables`, shared with `dbpulse probe`), or the config's passwordEnv; a password in
 * the URL is refused.
 * Exit: 0 ran, 1 a critical finding with --fail-on critical, 2 could not run.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { AdvisorReport, FindingCategory } from '../../shared/advisors';
import { FINDING_CATEGORIES } from '../../shared/advisors';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import { errorMessage } from '../../shared/errors';
import { ConnectionStringError, parseConnectionString } from '../../shared/providerSchemas';
import { HeadlessConfigError } from '../../server/engine/headlessConfig';
import { runAdvisors } from '../../server/advisors';
import { makeRedactor } from '../../server/secrets';
import type { CliIo } from '../io';
import type { Subcommand } from '../main';
import { fromConfigFile, passwordVariables, UsageError } from './probe';

const USAGE = `Usage:
  dbpulse advise <connection-url> [--json] [--only performance|security|cost] [--timeout-ms N] [--fail-on critical]
  dbpulse advise --config dbpulse.json [--connection ID] [--json] [--only ...] [--fail-on critical]

Reads the live database (read-only, catalog and statistics views only, each query under a
statement timeout) and reports performance and security findings and a cost report.

  <connection-url>    postgres://user@host/db, mysql://user@host/db (no password in it)
  --config FILE       connections file, as for 'dbpulse monitor' (secrets from passwordEnv ...)
  --connection ID     only this connection of FILE
  --only CATEGORY     performance, security or cost
  --timeout-ms N      statement timeout for each query (default 5000)
  --fail-on critical  exit 1 when a critical finding exists
  --json              one JSON object per connection (JSON Lines when several)

The password comes from DBPULSE_PASSWORD, else PGPASSWORD (PostgreSQL, Supabase) or MYSQL_PWD
(MySQL, MariaDB), never from the command line.
Exit code: 0 it ran, 1 critical finding with --fail-on critical, 2 it could not run.`;

export const command: Subcommand = { summary: 'run the database advisors: findings and cost report', usage: USAGE, run: runAdvise };

interface Target {
  config: ConnectionConfig;
  secret: ConnectionSecret;
}

async function runAdvise(args: string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        connection: { type: 'string' },
        only: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'fail-on': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    io.stderr(`dbpulse advise: ${errorMessage(err)}\n\n${USAGE}\n`);
    return 2;
  }
  const usage = (message: string): number => {
    io.stderr(`dbpulse advise: ${message}\nRun 'dbpulse advise --help' for usage.\n`);
    return 2;
  };
  const only = values.only as string | undefined;
  if (only !== undefined && !(FINDING_CATEGORIES as readonly string[]).includes(only))
    return usage('--only must be performance, security or cost');
  const timeout = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 100 && timeout <= 600000))
    return usage('--timeout-ms must be a whole number of milliseconds from 100 to 600000');
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'critical') return usage('--fail-on takes only "critical"');
  if (positionals.length > 1) return usage('give one URL (use --config for several connections)');

  let targets: Target[];
  try {
    if (typeof values.config === 'string') {
      if (positionals.length) return usage('give either a URL or --config, not both');
      targets = fromConfigFile(path.resolve(io.cwd, values.config), values.connection as string | undefined, io.env);
    } else if (positionals.length === 1) targets = [fromUrl(positionals[0], io.env)];
    else return usage('give a connection URL or --config FILE');
  } catch (err) {
    if (err instanceof ConnectionStringError || err instanceof HeadlessConfigError || err instanceof UsageError) return usage(err.message);
    throw err;
  }

  let worst = 0;
  for (const t of targets) {
    let report: AdvisorReport;
    try {
      report = await runAdvisors(t.config, t.secret, {
        ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
        ...(only ? { only: only as FindingCategory } : {}),
      });
    } catch (err) {
      const redact = makeRedactor({ secrets: [t.secret], secretUsers: [t.config.user] });
      io.stderr(`dbpulse advise: ${t.config.id}: could not run: ${redact(errorMessage(err)).split('\n')[0]}\n`);
      worst = 2;
      continue;
    }
    io.stdout(values.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    if (values['fail-on'] === 'critical' && report.findings.some((f) => f.severity === 'critical')) worst = Math.max(worst, 1);
  }
  return worst;
}

function fromUrl(url: string, env: NodeJS.ProcessEnv): Target {
  const { config, secret } = parseConnectionString(url);
  const names = passwordVariables(config.provider);
  if (secret.password) throw new UsageError(`do not put the password in the URL: set ${names.at(-1) ?? 'DBPULSE_PASSWORD'} instead`);
  const name = names.find((v) => env[v]);
  return { config, secret: name ? { password: env[name] } : {} };
}

const money = (n: number | null) =>
  n === null ? 'unknown' : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The text form: findings by severity, skipped checks, the cost report with its model. */
export function formatReport(r: AdvisorReport): string {
  const order = { critical: 0, warning: 1, info: 2 };
  const lines = [`${r.connection}  ${r.provider} ${r.serverVersion ?? ''}  ${r.at}`];
  const findings = [...r.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  if (!findings.length) lines.push('  no findings');
  for (const f of findings) {
    lines.push(`  ${f.severity.toUpperCase().padEnd(8)}  ${f.category.padEnd(11)}  ${f.kind}  ${f.title}`);
    if (f.fix) lines.push(`            fix: ${f.fix.text}`);
    if (f.fix?.sql) for (const l of f.fix.sql.split('\n')) lines.push(`              ${l}`);
  }
  for (const s of r.skipped) lines.push(`  skipped   ${s.check}: ${s.reason}`);
  if (r.cost) {
    const c = r.cost;
    lines.push(`  cost      ${money(c.monthly.current)}/month now, ${money(c.monthly.optimized)} optimised`);
    lines.push(`            model: ${c.model.source}, ${c.model.formula ?? ''}`);
    lines.push(
      `            requests: ${c.requestsPerMonth === null ? 'unknown' : c.requestsPerMonth.toLocaleString('en-US')}/month (${c.basis ?? ''})`,
    );
    c.recommendations.forEach((rec, i) =>
      lines.push(
        `  ${String(i + 1).padStart(2)}. ${rec.priority.padEnd(6)}  ${rec.kind}  ${rec.title}: saves ${money(rec.monthlySavings)}/month, ROI ${rec.roiMonths === null ? 'n/a' : `${rec.roiMonths} months`} (effort ${rec.effort}, impact ${rec.impact})`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
