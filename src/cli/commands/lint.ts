/**
 * `dbpulse lint [paths…] --format text|json|sarif [--min-score N] [--rule id=level]`:
 * the CI front door onto the config linter. Exit 0 when clean, 1 on an
 * error-severity finding or a score below --min-score, 2 on a usage error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitLines } from '../../server/config/dotenv';
import { toJsonReport, toSarif, toText } from '../../server/config/reportFormats';
import { sanitizeRuleSettings } from '../../server/config/suppress';
import type { RuleSettings } from '../../server/config/types';
import { WorkspaceLinter } from '../../server/config/workspaceLint';
import type { CliIo } from '../io';
import type { Subcommand } from '../main';
import { readRegularText } from '../../server/config/regularFile';

declare const DBPULSE_VERSION: string;
const version = typeof DBPULSE_VERSION === 'string' ? DBPULSE_VERSION : '0.0.0-dev';

const USAGE = `Usage: dbpulse lint [paths…] [options]

Lints .env files, docker compose files, Prisma schemas, supabase/config.toml,
service-account keys and ORM/framework configs for database security problems.

Options:
  --format text|json|sarif   output format (default text)
  --min-score N              also fail when the security score is below N (0-100)
  --root DIR                 root for relative paths and .gitignore (default: current directory)
  --rule ID=LEVEL            override a rule: off|error|warning|information|hint (repeatable)
  --output FILE              write the report to FILE instead of stdout

Exit status: 0 clean, 1 an error-severity finding or a score below --min-score, 2 usage error.
`;

interface Options {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  minScore?: number;
  root?: string;
  rules: Record<string, string>;
  output?: string;
}

export function parseArgs(args: string[]): Options | string {
  const o: Options = { paths: [], format: 'text', rules: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') return `--format must be text, json or sarif (got ${v ?? 'nothing'})`;
        o.format = v;
        break;
      }
      case '--min-score': {
        const v = value();
        const n = Number(v);
        if (v === undefined || !/^\d+$/.test(v) || n > 100)
          return `--min-score must be a whole number from 0 to 100 (got ${v ?? 'nothing'})`;
        o.minScore = n;
        break;
      }
      case '--root': {
        const v = value();
        if (!v) return '--root needs a directory';
        o.root = v;
        break;
      }
      case '--output': {
        const v = value();
        if (!v) return '--output needs a file name';
        o.output = v;
        break;
      }
      case '--rule': {
        const v = value();
        const m = v ? /^([A-Za-z0-9_-]+)=(\w+)$/.exec(v) : null;
        if (!m) return `--rule expects ID=LEVEL (got ${v ?? 'nothing'})`;
        o.rules[m[1]] = m[2];
        break;
      }
      default:
        if (a.startsWith('-')) return `unknown option ${a}`;
        o.paths.push(a);
    }
  }
  return o;
}

export async function runLint(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`dbpulse lint: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  const root = path.resolve(io.cwd, parsed.root ?? '.');
  const { rules, problems } = sanitizeRuleSettings(parsed.rules);
  for (const p of problems) io.stderr(`dbpulse lint: ${p.replace(/^dbpulse\.rules\./, '--rule ')}\n`);
  if (problems.some((p) => p.includes('is not one of'))) return 2;
  const paths = parsed.paths.map((p) => path.resolve(io.cwd, p));
  for (const p of paths) {
    try {
      fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ELOOP' ? 'is a symbolic link loop' : code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(err)})`;
      io.stderr(`dbpulse lint: ${p} ${why}\n`);
      return 2;
    }
  }
  const linter = new WorkspaceLinter(root, { rules: rules as RuleSettings });
  const report = linter.lintPaths(paths.length ? paths : [root]);
  let out: string;
  if (parsed.format === 'json') out = JSON.stringify(toJsonReport(report, version), null, 2) + '\n';
  else if (parsed.format === 'sarif') {
    const cache = new Map<string, string[]>();
    const lineOf = (file: string, line: number) => {
      let lines = cache.get(file);
      if (!lines) {
        const text = readRegularText(file);
        lines = text === undefined ? [] : splitLines(text);
        cache.set(file, lines);
      }
      return lines[line];
    };
    out = JSON.stringify(toSarif(report, version, lineOf), null, 2) + '\n';
  } else out = toText(report, false);
  if (parsed.output) fs.writeFileSync(path.resolve(io.cwd, parsed.output), out);
  else io.stdout(out);
  const errors = report.files.reduce((n, f) => n + f.findings.filter((x) => x.severity === 'error').length, 0);
  if (parsed.minScore !== undefined && report.score < parsed.minScore) {
    io.stderr(`dbpulse lint: security score ${report.score} is below --min-score ${parsed.minScore}\n`);
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

export const command: Subcommand = {
  summary: 'lint .env and database config files (text, json, sarif)',
  usage: USAGE,
  run: runLint,
};
