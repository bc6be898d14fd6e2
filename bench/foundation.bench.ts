/**
 * Foundation figures: bundle sizes (production), .vsix size, and the time from
 * server process start to first published diagnostics, side by side with a bare
 * Node process start on the same machine (ratio), median of N runs.
 *   npx tsx bench/foundation.bench.ts
 *   BENCH_STARTUP_ONLY=1 npx tsx bench/foundation.bench.ts   (only the start-up figure, on the current dist/)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, timeBareNode, timeFirstDiagnostics } from './lspStartup';

const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

function sizes(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-bench-'));
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--metafile'], { cwd: root, stdio: 'ignore' });
  const dist = path.join(root, 'dist');
  const rows: Array<[string, number, string]> = [];
  const target: Record<string, string> = { 'client.js': '< 150 KB' };
  for (const f of ['client.js', 'server.js', 'cli.js']) rows.push([f, fs.statSync(path.join(dist, f)).size, target[f] ?? '']);
  // Bundles loaded on demand: one per provider, libraries of some paths, one per webview.
  for (const dir of ['probes', 'lib', 'webview']) {
    const d = path.join(dist, dir);
    if (fs.existsSync(d))
      for (const f of fs.readdirSync(d).filter((x) => x.endsWith('.js'))) rows.push([`${dir}/${f}`, fs.statSync(path.join(d, f)).size, '']);
  }
  console.log('\nBundle sizes (production, minified)');
  for (const [name, size, t] of rows) console.log(`  ${name.padEnd(28)} ${kb(size).padStart(10)}  ${t}`);
  const meta = JSON.parse(fs.readFileSync(path.join(dist, 'meta-client.json'), 'utf8'));
  const output = Object.values(meta.outputs)[0] as { inputs: Record<string, { bytesInOutput: number }> };
  const by: Record<string, number> = {};
  for (const [k, v] of Object.entries(output.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(k);
    by[m ? m[1] : 'our code'] = (by[m ? m[1] : 'our code'] ?? 0) + v.bytesInOutput;
  }
  console.log(
    '  client.js by package: ' +
      Object.entries(by)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${kb(v)}`)
        .join(', '),
  );
  execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: root, stdio: 'ignore' });
  const vsix = fs.readdirSync(root).find((f) => f.endsWith('.vsix'));
  if (vsix) console.log(`  ${vsix.padEnd(28)} ${kb(fs.statSync(path.join(root, vsix)).size).padStart(10)}`);
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
  fs.rmSync(out, { recursive: true, force: true });
}

async function startup(): Promise<void> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-bench-ws-'));
  fs.writeFileSync(path.join(ws, '.env'), 'DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app\n');
  const bare: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timeBareNode());
    server.push(await timeFirstDiagnostics(path.join(root, 'dist', 'server.js'), ws));
  }
  fs.rmSync(ws, { recursive: true, force: true });
  const b = median(bare);
  const s = median(server);
  console.log(`\nServer start → first diagnostics (median of ${RUNS}, interleaved)`);
  console.log(`  bare node start → first output   ${b.toFixed(1)} ms`);
  console.log(`  dist/server.js → diagnostics      ${s.toFixed(1)} ms   (${(s / b).toFixed(2)}× a bare node start; target < 300 ms)`);
}

async function main(): Promise<void> {
  if (!process.env.BENCH_STARTUP_ONLY) sizes();
  await startup();
}

void main();
