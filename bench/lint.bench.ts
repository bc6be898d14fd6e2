/**
 * Config-lint benchmark: 1 MB .env (20k–32k lines), 5k-line compose file, a
 * 2,000-file workspace, re-lint after a one-line edit (the editor's incremental
 * path, LintSession), memory; side by side on the same corpus: a baseline build
 * of DB Pulse (an earlier commit, extracted with `git archive` into a temp dir,
 * so before/after figures come from one run and the findings are compared for
 * equality) and secretlint (recommended preset). gitleaks is reported when
 * Debian packages it (it is not here).
 * Run: node --expose-gc --import tsx bench/lint.bench.ts [--baseline <commit>|none]
 * Targets: 1 MB .env < 50 ms, one-line edit < 5 ms. Times are medians (of 5
 * runs; 20 for one-line edits, 10 for inserts) after a warm-up; "first lint" is the process's first call.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LintSession, lintDocument, type LintResult } from '../src/server/config/lint';
import type { Finding, LintContext } from '../src/server/config/types';
import { WorkspaceLinter, type WorkspaceReport } from '../src/server/config/workspaceLint';

/**
 * The last commit before the one-pass dotenv lint, the pre-filter and the
 * faster YAML settings (issue 3's "measured now": incremental model, lazy
 * fixes). `--baseline 61652aba384e49b4d19e4ceb30c7ded97bf9c970` compares with
 * the code before the incremental model.
 */
const DEFAULT_BASELINE = '3ebd04e1dd426007143edb2f475c8655633b76ad';

interface Impl {
  label: string;
  lintDocument(text: string, ctx: LintContext): LintResult;
  lintWorkspace(root: string): WorkspaceReport;
  /** Forgets memoized results (the baseline memoized dotenv entries across calls). */
  reset(): void;
}

const current: Impl = {
  label: 'now',
  lintDocument,
  lintWorkspace: (root) => new WorkspaceLinter(root).lintPaths([root]),
  reset: () => undefined,
};

/** The baseline's sources from git, in a temp dir that resolves packages from this checkout's node_modules. */
async function loadBaseline(commit: string): Promise<{ impl: Impl; dir: string } | string> {
  const repo = path.resolve(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-lint-baseline-'));
  try {
    const tar = execFileSync('git', ['-C', repo, 'archive', commit, 'src'], { maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const lint = (await import(path.join(dir, 'src/server/config/lint.ts'))) as { lintDocument: Impl['lintDocument'] };
    const ws = (await import(path.join(dir, 'src/server/config/workspaceLint.ts'))) as {
      WorkspaceLinter: new (root: string) => { lintPaths(p: string[]): WorkspaceReport };
    };
    let reset = () => undefined as void;
    try {
      const memo = (await import(path.join(dir, 'src/server/config/dotenvLint.ts'))) as { clearDotenvCache?: () => void };
      if (memo.clearDotenvCache) reset = memo.clearDotenvCache;
    } catch {
      // no memo module in that commit
    }
    return {
      dir,
      impl: {
        label: commit.slice(0, 7),
        lintDocument: lint.lintDocument,
        lintWorkspace: (root) => new ws.WorkspaceLinter(root).lintPaths([root]),
        reset,
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    return `baseline ${commit} not available (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

/** Findings as comparable text (rule, severity, message, range): the baseline and now must agree. */
function findingKeys(fs: readonly Finding[]): string[] {
  return fs.map(
    (f) =>
      `${f.ruleId}|${f.severity}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`,
  );
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): string {
  const x = findingKeys(a);
  const y = findingKeys(b);
  if (x.length === y.length && x.every((k, i) => k === y[i])) return 'identical findings';
  const sy = new Set(y);
  const sx = new Set(x);
  return `FINDINGS DIFFER: ${x.filter((k) => !sy.has(k)).length} only in baseline, ${y.filter((k) => !sx.has(k)).length} only now`;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const rand = rng(42);
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];
const word = (n: number) =>
  Array.from({ length: n }, () => pick([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'])).join('');

function envLine(i: number): string {
  switch (i % 12) {
    case 0:
      return `# section ${i}`;
    case 1:
      return `DATABASE_URL_${i}=postgres://app_${i}:${word(16)}@db${i}.example.com:5432/app?sslmode=${pick(['require', 'prefer', 'disable', 'verify-full'])}`;
    case 2:
      return `MONGO_URL_${i}=mongodb+srv://u${i}:${word(12)}@cluster${i}.ab1cd.mongodb.net/db?retryWrites=true&w=majority`;
    case 3:
      return `FEATURE_FLAG_${i}=${pick(['true', 'false'])}`;
    case 4:
      return `API_SECRET_${i}=${word(32)}`;
    case 5:
      return `export PORT_${i}=${3000 + (i % 1000)}`;
    case 6:
      return `MESSAGE_${i}="hello world ${i}"`;
    case 7:
      return `OPENAI_API_KEY_${i}=sk-proj-${word(40)}`;
    case 8:
      return `REDIS_URL_${i}=redis://cache${i}.internal:6379/0`;
    case 9:
      return `MYSQL_URL_${i}=mysql://root:${word(10)}@mysql${i}.example.com:3306/shop?ssl=false`;
    case 10:
      return `LOG_LEVEL_${i}=info`;
    default:
      return `SUPABASE_URL_${i}=https://${word(20).toLowerCase()}.supabase.co`;
  }
}

/** A typical .env: mostly plain settings, a few URLs and secrets (about 1 line in 12 has a finding). */
function realisticLine(i: number): string {
  const r = i % 24;
  if (r === 0) return `# ---- service ${i} ----`;
  if (r === 1) return `DATABASE_URL_${i}=postgres://app_${i}:${word(16)}@db${i}.example.com:5432/app?sslmode=require&connect_timeout=10`;
  if (r === 2) return `GITHUB_TOKEN_${i}=ghp_${word(36)}`;
  if (r === 3) return `AWS_ACCESS_KEY_ID_${i}=AKIA${word(16).toUpperCase()}`;
  if (r === 4) return `STRIPE_WEBHOOK_SECRET_${i}=${'${STRIPE_SECRET}'}`;
  return `${pick(['APP', 'FEATURE', 'LOG', 'CACHE', 'QUEUE', 'HTTP', 'MAIL', 'S3'])}_${pick(['ENABLED', 'LEVEL', 'TTL', 'HOST', 'PORT', 'NAME', 'REGION', 'BUCKET'])}_${i}=${pick(['true', 'false', 'info', '3600', 'localhost', '8080', 'eu-west-1', '"hello world"', 'https://api.example.com/v1'])}`;
}

function makeEnv(targetBytes: number, line: (i: number) => string = envLine): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const l = line(i);
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join('\n') + '\n';
}

function makeCompose(lines: number): string {
  const out = ['services:'];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `  svc${i}:`,
      `    image: ${pick(['postgres:16', 'mysql:8', 'node:20', 'redis:7', 'mongo:7'])}`,
      '    environment:',
      `      POSTGRES_PASSWORD: ${pick(['postgres', '${PG_PW}', word(12)])}`,
      `      DATABASE_URL: postgres://app:${word(10)}@db${i}:5432/app`,
      '    ports:',
      `      - "${pick(['5432:5432', '127.0.0.1:5433:5432', '8080:8080', '3306:3306'])}"`,
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** One timed call (runs = 0), or the median of `runs` calls after a warm-up (the machine is shared: a median shrugs off a neighbour's burst). */
function time<T>(fn: () => T, runs: number): { ms: number; result: T } {
  if (runs === 0) {
    const t0 = process.hrtime.bigint();
    const result = fn();
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
  }
  let result = fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[ms.length >> 1], result };
}

async function timeAsync<T>(fn: () => Promise<T>, runs: number): Promise<{ ms: number; result: T }> {
  let result = await fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) result = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 / runs, result };
}

type SecretlintLint = (file: string, content: string) => Promise<number>;

async function loadSecretlint(): Promise<SecretlintLint | undefined> {
  try {
    const core = await import('@secretlint/core');
    const preset = (await import('@secretlint/secretlint-rule-preset-recommend')) as { creator: unknown };
    const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] };
    return async (filePath, content) => {
      const r = await core.lintSource({
        source: { filePath, content, ext: path.extname(filePath), contentType: 'text' },
        // The preset's creator type is declared by secretlint; the cast keeps this bench free of its generics.
        options: { config: config as unknown as Parameters<typeof core.lintSource>[0]['options']['config'], maskSecrets: true },
      });
      return r.messages.length;
    };
  } catch (err) {
    console.log(`secretlint: not available (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}

function gitleaksStatus(): string {
  try {
    const out = execFileSync('apt-cache', ['policy', 'gitleaks'], { encoding: 'utf8' });
    return /Candidate:\s*\(none\)/.test(out) || out.trim() === ''
      ? 'not packaged by Debian here (apt-cache policy gitleaks: no candidate)'
      : `packaged: ${out.split('\n')[0]}`;
  } catch {
    return 'apt-cache unavailable';
  }
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
  const ctx = (file: string): LintContext => ({ filePath: `/bench/${file}`, root: '/bench', ignored: false });
  const argi = process.argv.indexOf('--baseline');
  const baselineArg = argi > 0 ? process.argv[argi + 1] : DEFAULT_BASELINE;
  const loaded = baselineArg && baselineArg !== 'none' ? await loadBaseline(baselineArg) : 'baseline: none';
  const base = typeof loaded === 'string' ? undefined : loaded.impl;
  if (typeof loaded === 'string') console.log(loaded);
  const secretlint = await loadSecretlint();
  const cols = [34, 28, 28, 10, 26, 10];
  const row = (...cells: string[]) => console.log(cells.map((c, i) => c.padEnd(cols[i] ?? 0)).join(' '));
  const ratio = (a: number | undefined, b: number) => (a === undefined ? '' : `${(a / b).toFixed(1)}x`);

  console.log(`DB Pulse config lint benchmark (node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)})`);
  row('case', 'dbpulse now', base ? `baseline ${base.label}` : 'baseline', 'base/now', 'secretlint (recommended)', 'sl/now');

  try {
    for (const [label, gen] of [
      ['typical', realisticLine],
      ['worst case', envLine],
    ] as const) {
      const env = makeEnv(1024 * 1024, gen);
      const envLines = env.split('\n').length;
      const cold = time(() => lintDocument(env, ctx('.env')), 0);
      const full = time(() => lintDocument(env, ctx('.env')), 5);
      const b = base
        ? time(() => {
            base.reset();
            return base.lintDocument(env, ctx('.env'));
          }, 5)
        : undefined;
      const sl1 = secretlint ? await timeAsync(() => secretlint('/bench/.env', env), 3) : undefined;
      row(
        `1 MB .env, ${label} (${envLines} lines)`,
        `${full.ms.toFixed(1)} ms, ${full.result.findings.length} findings`,
        b ? `${b.ms.toFixed(1)} ms, ${b.result.findings.length} findings` : 'n/a',
        ratio(b?.ms, full.ms),
        sl1 ? `${sl1.ms.toFixed(1)} ms, ${sl1.result} findings` : 'n/a',
        ratio(sl1?.ms, full.ms),
      );
      console.log(
        `  first lint in the process ${cold.ms.toFixed(1)} ms; target < 50 ms: ${full.ms < 50 ? 'met' : 'MISSED'}${b ? `; vs baseline: ${sameFindings(b.result.findings, full.result.findings)}` : ''}`,
      );

      // One-line edit in the editor: LintSession keeps the incremental model between versions.
      const h0 = heapMb();
      const session = new LintSession();
      session.lint(env, ctx('.env'));
      const h1 = heapMb();
      // Build the edited versions first so the timing covers linting only.
      const versions: string[] = [];
      for (let v = 0; v < 40; v++) {
        const i = 5000 + (v % 100);
        const prefixEnd = nthLineStart(env, i);
        const suffixStart = nthLineStart(env, i + 1);
        versions.push(env.slice(0, prefixEnd) + `EDITED_${v}=postgres://app:${v}pw@db.example.com/app\n` + env.slice(suffixStart));
      }
      let vi = 0;
      const inc = time(() => session.lint(versions[vi++ % versions.length], ctx('.env')), 20);
      const incFresh = lintDocument(versions[(vi - 1) % versions.length], ctx('.env'));
      // Inserting a line (every later line moves).
      const insertAt = nthLineStart(env, 5000);
      const inserted = [env.slice(0, insertAt) + 'INSERTED=1\n' + env.slice(insertAt), env];
      let ii = 0;
      const ins = time(() => session.lint(inserted[ii++ % 2], ctx('.env')), 10);
      const h2 = heapMb();
      // The same edits through a whole-text lint (the CLI path; the baseline memoized entries across calls).
      let wi = 0;
      const whole = time(() => lintDocument(versions[wi++ % versions.length], ctx('.env')), 5);
      let bi = 0;
      const baseWhole = base ? time(() => base.lintDocument(versions[bi++ % versions.length], ctx('.env')), 5) : undefined;
      row(
        `  re-lint after a one-line edit`,
        `${inc.ms.toFixed(2)} ms (incremental)`,
        baseWhole ? `${baseWhole.ms.toFixed(1)} ms (memoized)` : 'n/a',
        ratio(baseWhole?.ms, inc.ms),
        '',
        '',
      );
      console.log(
        `  target < 5 ms: ${inc.ms < 5 ? 'met' : 'MISSED'}; incremental equals a fresh lint: ${sameFindings(incFresh.findings, inc.result.findings) === 'identical findings' ? 'yes' : 'NO'}; blocks re-linted per edit: ${session.relinted}`,
      );
      row(`  insert a line (all later lines move)`, `${ins.ms.toFixed(2)} ms (incremental)`, '', '', '', '');
      row(
        `  whole-text re-lint after the edit`,
        `${whole.ms.toFixed(1)} ms`,
        baseWhole ? `${baseWhole.ms.toFixed(1)} ms` : 'n/a',
        ratio(baseWhole?.ms, whole.ms),
        '',
        '',
      );
      console.log(
        `  heap: open document's model + last result ${(h1 - h0).toFixed(1)} MB; after 30 incremental edits ${(h2 - h0).toFixed(1)} MB (versions kept by the bench included)${(globalThis as { gc?: unknown }).gc ? '' : ' (run node with --expose-gc for exact figures)'}`,
      );
    }

    // 5k-line compose
    const compose = makeCompose(5000);
    const c = time(() => lintDocument(compose, ctx('docker-compose.yml')), 5);
    const bc = base ? time(() => base.lintDocument(compose, ctx('docker-compose.yml')), 5) : undefined;
    const sl2 = secretlint ? await timeAsync(() => secretlint('/bench/docker-compose.yml', compose), 3) : undefined;
    row(
      'compose, 5,000 lines',
      `${c.ms.toFixed(1)} ms, ${c.result.findings.length} findings`,
      bc ? `${bc.ms.toFixed(1)} ms, ${bc.result.findings.length} findings` : 'n/a',
      ratio(bc?.ms, c.ms),
      sl2 ? `${sl2.ms.toFixed(1)} ms, ${sl2.result} findings` : 'n/a',
      ratio(sl2?.ms, c.ms),
    );
    if (bc) console.log(`  vs baseline: ${sameFindings(bc.result.findings, c.result.findings)}`);
    const yamlOnly = time(() => parseAllDocuments(compose, { uniqueKeys: false, prettyErrors: false, strict: false }), 5);
    console.log(
      `  of which the yaml library's parseAllDocuments alone: ${yamlOnly.ms.toFixed(1)} ms (${((100 * yamlOnly.ms) / c.ms).toFixed(0)}%)`,
    );

    // 2,000-file workspace
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-bench-'));
    try {
      makeWorkspace(dir);
      const heapW0 = heapMb();
      const t0 = process.hrtime.bigint();
      const report = current.lintWorkspace(dir);
      const wsMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const heapW1 = heapMb();
      let bws: { ms: number; report: WorkspaceReport } | undefined;
      if (base) {
        const t1 = process.hrtime.bigint();
        const r = base.lintWorkspace(dir);
        bws = { ms: Number(process.hrtime.bigint() - t1) / 1e6, report: r };
      }
      const count = (r: WorkspaceReport) => r.files.reduce((n, f) => n + f.findings.length, 0);
      let slMs = 0;
      let slFindings = 0;
      if (secretlint) {
        const s0 = process.hrtime.bigint();
        for (const f of report.files) slFindings += await secretlint(f.path, fs.readFileSync(f.path, 'utf8'));
        slMs = Number(process.hrtime.bigint() - s0) / 1e6;
      }
      row(
        `workspace, ${report.files.length} files`,
        `${wsMs.toFixed(0)} ms, ${count(report)} findings`,
        bws ? `${bws.ms.toFixed(0)} ms, ${count(bws.report)} findings` : 'n/a',
        ratio(bws?.ms, wsMs),
        secretlint ? `${slMs.toFixed(0)} ms, ${slFindings} findings` : 'n/a',
        secretlint ? ratio(slMs, wsMs) : '',
      );
      if (bws)
        console.log(
          `  vs baseline: ${sameFindings(
            bws.report.files.flatMap((f) => f.findings),
            report.files.flatMap((f) => f.findings),
          )}; score ${report.score}/100 (baseline ${bws.report.score}/100)`,
        );
      console.log(`  heap growth ${(heapW1 - heapW0).toFixed(1)} MB; rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    if (typeof loaded !== 'string') fs.rmSync(loaded.dir, { recursive: true, force: true });
  }
  console.log(`gitleaks: ${gitleaksStatus()}`);
  console.log(
    'Note: secretlint finds secret formats only; DB Pulse findings include TLS, passwords, superusers, hygiene, so finding counts differ by design.',
  );
}

/** Offset where line `n` starts. */
function nthLineStart(text: string, n: number): number {
  let at = 0;
  for (let i = 0; i < n; i++) at = text.indexOf('\n', at) + 1;
  return at;
}

function makeWorkspace(dir: string): void {
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n.env.local\n');
  for (let i = 0; i < 2000; i++) {
    const sub = path.join(dir, `pkg${Math.floor(i / 20)}`);
    fs.mkdirSync(sub, { recursive: true });
    const kind = i % 5;
    const name =
      kind === 0
        ? `.env.${i}`
        : kind === 1
          ? `.env.local.${i}`
          : kind === 2
            ? `docker-compose.${i}.yml`
            : kind === 3
              ? `config${i}.json`
              : `application-${i}.properties`;
    const text =
      kind <= 1
        ? Array.from({ length: 30 }, (_, j) => realisticLine(i * 30 + j)).join('\n') + '\n'
        : kind === 2
          ? makeCompose(40)
          : kind === 3
            ? JSON.stringify(
                {
                  host: `db${i}.example.com`,
                  username: 'root',
                  password: word(12),
                  ssl: false,
                  url: `mysql://u:${word(8)}@h${i}.example.com/db`,
                },
                null,
                2,
              )
            : `spring.datasource.url=jdbc:postgresql://db${i}.example.com:5432/app?sslmode=prefer\nspring.datasource.password=${word(12)}\n`;
    fs.writeFileSync(path.join(sub, name), text);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
