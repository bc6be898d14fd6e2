/**
 * `dbpulse`: the command-line front door onto the same core the language
 * server uses. Each subcommand lives in its own module and loads on demand.
 */
import type { CliIo } from './io';
import { processIo } from './io';
import { withEscapedControls, withRedactedStderr } from './redactedIo';
import { errorMessage } from '../shared/errors';

declare const DBPULSE_VERSION: string;
const version = typeof DBPULSE_VERSION === 'string' ? DBPULSE_VERSION : '0.0.0-dev';

export interface Subcommand {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/**
 * Subcommands, loaded lazily so `dbpulse --version` touches no driver. `require` (not `import()`)
 * because esbuild bundles it into the CJS output and tsx resolves it in tests.
 */
const SUBCOMMANDS: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  lint: {
    summary: 'lint .env and database config files (text, json, sarif)',
    load: async () => (require('./commands/lint') as { command: Subcommand }).command,
  },
  probe: {
    summary: 'probe database connections once and print their health',
    load: async () => (require('./commands/probe') as { command: Subcommand }).command,
  },
  diagnose: {
    summary: 'classify connection errors read as JSON Lines on stdin',
    load: async () => (require('./commands/diagnose') as { command: Subcommand }).command,
  },
  monitor: {
    summary: 'run the monitoring engine headless (CI, servers)',
    load: async () => (require('./commands/monitor') as { command: Subcommand }).command,
  },
  advise: {
    summary: 'run the database advisors: findings and cost report',
    load: async () => (require('./commands/advise') as { command: Subcommand }).command,
  },
  history: { summary: 'print stored probe results', load: async () => (require('./commands/history') as { command: Subcommand }).command },
  anomaly: {
    summary: 'score a NAB-style CSV (timestamp,value) for anomalies, online',
    load: async () => (require('./commands/anomaly') as { command: Subcommand }).command,
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((k) => k.length));
  const lines = Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `dbpulse ${version}: database connection health, from the terminal`,
    '',
    'Usage: dbpulse <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --help, -h     show help (also: dbpulse <command> --help)',
    '  --version, -v  print the version',
    '',
    'Every command: exit 141 when the reader of its output went away (| head), quietly;',
    'exit 74 when its output cannot be written (disk full), said on stderr. Control',
    'characters in text output are shown as \\uXXXX escapes.',
    '',
  ].join('\n');
}

export async function main(argv: string[], rawIo: CliIo = processIo()): Promise<number> {
  const safeIo = withEscapedControls(rawIo);
  let io = withRedactedStderr(safeIo);
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(helpText());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const entry = SUBCOMMANDS[first];
  if (!entry) {
    io.stderr(`dbpulse: unknown command '${first}'. Run 'dbpulse --help' for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  io = withRedactedStderr(safeIo, [command.usage]);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.stderr(`dbpulse ${first}: ${errorMessage(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`dbpulse: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
