import type { CliIo } from '../../src/cli/io';

/**
 * A CliIo for running a subcommand in-process: standard input from a string
 * (lines as node:readline yields them: no trailing empty line), output captured.
 */
export function fakeIo(input = '', env: NodeJS.ProcessEnv = {}): CliIo & { out: string; err: string } {
  const lines = input.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    readStdin: async () => input,
    async *stdinLines() {
      yield* lines;
    },
    cwd: process.cwd(),
    env,
  };
  return io;
}
