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

export function processIo(): CliIo {
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
