import { createInterface } from 'node:readline';

/** The CLI's view of the outside world, injectable for tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input as UTF-8. */
  readStdin(): Promise<string>;
  /** Standard input as a stream of lines, for streaming commands. */
  stdinLines(): AsyncIterable<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Exit statuses when standard output cannot be written, the same for every command:
 * a reader that went away (`dbpulse history | head -1`: EPIPE) ends the run quietly with
 * 128 + SIGPIPE, as a Unix tool killed by SIGPIPE does; any other write failure (ENOSPC on
 * /dev/full, EIO) is said on stderr and ends it with EX_IOERR (sysexits.h), so a run whose
 * output was lost never looks like a success.
 */
export const EXIT_BROKEN_PIPE = 141;
export const EXIT_OUTPUT_FAILED = 74;

/** What to do when writing standard output failed (pure: the caller exits with `status`). */
export function onStdoutError(err: NodeJS.ErrnoException): { status: number; message?: string } {
  if (err.code === 'EPIPE') return { status: EXIT_BROKEN_PIPE };
  return { status: EXIT_OUTPUT_FAILED, message: `dbpulse: cannot write to standard output: ${err.code ?? err.message}\n` };
}

let guarded = false;

/**
 * Makes write failures on the process's own streams end the run as `onStdoutError` says,
 * instead of an unhandled 'error' event and its stack trace. Standard error failing has
 * nowhere to be reported: it is ignored, and the command's own exit status stands.
 */
function guardStreams(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    const { status, message } = onStdoutError(err);
    if (message) process.stderr.write(message);
    process.exit(status);
  });
  process.stderr.on('error', () => {});
}

export function processIo(): CliIo {
  guardStreams();
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
    cwd: process.cwd(),
    env: process.env,
  };
}
