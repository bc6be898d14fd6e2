/** Spawning writer processes and reading their acknowledgements. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface Writer {
  child: ChildProcess;
  lines: string[];
  acked: Set<number>;
  exited: Promise<number | null>;
  /** Resolves when a line matching `re` has been printed. */
  waitFor(re: RegExp): Promise<string>;
  stderr(): string;
}

export function startWriter(
  dir: string,
  conn: string,
  start: number,
  count: number,
  concurrency: number,
  promote = false,
  barrier?: string,
): Writer {
  const script = path.join(__dirname, 'writerProcess.ts');
  const args = ['--import', 'tsx', script, dir, conn, String(start), String(count), String(concurrency)];
  if (promote) args.push('--promote');
  const env = barrier ? { ...process.env, DBPULSE_TEST_BARRIER: barrier } : process.env;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const lines: string[] = [];
  const acked = new Set<number>();
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  let partial = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      const m = /^ack (\d+)$/.exec(line);
      if (m) acked.add(Number(m[1]));
      for (const w of waiters.splice(0)) {
        if (w.re.test(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    acked,
    exited,
    stderr: () => err,
    waitFor(re) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        void exited.then(() => setTimeout(() => reject(new Error(`writer exited before printing ${re}; stderr: ${err}`)), 50));
      });
    },
  };
}
