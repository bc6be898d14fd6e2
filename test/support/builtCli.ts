/**
 * Runs the built `dbpulse` (dist/cli.js) in its own process, as a user does: arguments, standard
 * input, working directory and environment in; exit status, stdout and stderr out.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '../../dist/cli.js');

/** For a `before` hook: a missing build is a failure, never a skip. */
export function requireBuiltCli(): void {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does)');
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: readonly string[],
  opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[]; timeoutMs?: number } = {},
): CliRun {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), CLI, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    timeout: opts.timeoutMs ?? 30_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
