/** `dbpulse lint` as CI uses it: formats, exit codes, JSON contract, SARIF shape. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FINDING_CATEGORIES } from '../../src/shared/categories';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { requireBuiltCli, runCli } from '../support/builtCli';

const FIXTURES = path.resolve(__dirname, '../fixtures/config');

function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-lint-'));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: async () => '',
    stdinLines: async function* () {},
    cwd,
    env: {},
  };
  const code = await main(['lint', ...args], io);
  return { code, out, err };
}

describe('dbpulse lint', function () {
  this.timeout(30_000);
  let project: string;
  let clean: string;
  before(() => {
    project = copyFixture('project');
    clean = copyFixture('clean');
  });
  after(() => {
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(clean, { recursive: true, force: true });
  });

  it('prints the JSON of the spec: findings with file/line/column/ruleId/category/severity/message, scores per run and file', async () => {
    const r = await run(['--format', 'json'], project);
    assert.equal(r.code, 1, r.err);
    const j = JSON.parse(r.out) as {
      score: number;
      files: Array<{ file: string; score: number }>;
      findings: Array<Record<string, unknown>>;
    };
    assert.ok(j.score >= 0 && j.score < 100);
    for (const f of j.findings) {
      assert.equal(typeof f.file, 'string');
      assert.ok(Number.isInteger(f.line) && (f.line as number) >= 1);
      assert.ok(Number.isInteger(f.column) && (f.column as number) >= 1);
      assert.ok((FINDING_CATEGORIES as readonly string[]).includes(f.category as string), String(f.category));
      assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity as string));
      assert.equal(typeof f.message, 'string');
      assert.ok(!String(f.message).includes('Zq8xLw2pV9'));
    }
    const rules = new Set(j.findings.map((f) => `${f.file} ${f.ruleId}`));
    for (const want of [
      'apps/web/.env secret-file-not-ignored',
      'apps/web/.env plaintext-password-in-url',
      'apps/web/.env client-exposed-secret',
      'apps/web/.env tls-disabled',
      'apps/web/.env superuser-account',
      'docker-compose.yml insecure-auth-mode',
      'docker-compose.yml public-port-binding',
      'keys/demo-firebase-adminsdk.json secret-file-not-ignored',
    ])
      assert.ok(rules.has(want), `missing ${want}; got ${[...rules].join(', ')}`);
    assert.ok(![...rules].some((r) => r.startsWith('.env.example')), 'placeholders in templates are fine');
    assert.ok(![...rules].some((r) => r.startsWith('supabase/config.toml')), 'env() references are fine');
    const web = j.files.find((f) => f.file === 'apps/web/.env');
    assert.ok(web && web.score < 50);
    assert.equal(j.files.find((f) => f.file === 'prisma/schema.prisma')?.score, 100);
  });

  it('exits 0 on a clean project and honours --min-score', async () => {
    const ok = await run([], clean);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /security score 100\/100/);
    const r = await run(
      [
        '--format',
        'json',
        '--rule',
        'secret-file-not-ignored=warning',
        '--rule',
        'plaintext_secret=warning',
        '--rule',
        'client_exposed_secret=warning',
        '--rule',
        'insecure-auth-mode=warning',
        '--rule',
        'known-token=warning',
        '--rule',
        'tls-disabled=warning',
        '--min-score',
        '0',
      ],
      project,
    );
    assert.equal(r.code, 0, r.err);
    const low = await run(['--min-score', '100', '--rule', 'secret-file-not-ignored=off'], project);
    assert.equal(low.code, 1);
    assert.match(low.err, /below --min-score 100/);
  });

  it('writes SARIF 2.1.0 that code scanning accepts (rules with help URIs, regions, fingerprints)', async () => {
    const r = await run(['--format', 'sarif', 'apps', 'docker-compose.yml'], project);
    const s = JSON.parse(r.out);
    assert.equal(s.version, '2.1.0');
    const run0 = s.runs[0];
    assert.equal(run0.tool.driver.name, 'DB Pulse');
    const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    for (const rule of run0.tool.driver.rules) {
      assert.match(rule.helpUri, /^https:\/\/.+\/docs\/rules\/.+\.md$/);
      assert.ok(rule.shortDescription.text);
    }
    assert.ok(run0.results.length > 0);
    const prints = new Set<string>();
    for (const res of run0.results) {
      assert.equal(ids[res.ruleIndex], res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(!loc.artifactLocation.uri.startsWith('/'));
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
      assert.ok(loc.region.endLine > loc.region.startLine || loc.region.endColumn > loc.region.startColumn);
      assert.match(res.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}:\d+$/);
      prints.add(res.partialFingerprints.primaryLocationLineHash + res.ruleId);
    }
    assert.equal(prints.size, run0.results.length, 'fingerprints are unique');
  });

  it('rejects bad usage with exit 2 and a clear message', async () => {
    assert.equal((await run(['--format', 'xml'], project)).code, 2);
    assert.equal((await run(['--min-score', 'abc'], project)).code, 2);
    const missing = await run(['does-not-exist'], project);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /does not exist/);
    assert.equal((await run(['--rule', 'tls-disabled=loud'], project)).code, 2);
  });

  it('skips oversized and binary files with an information and keeps going', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-lint-bad-'));
    try {
      fs.writeFileSync(path.join(dir, '.env'), Buffer.from([0x41, 0x3d, 0x00, 0xff, 0xfe]));
      fs.writeFileSync(path.join(dir, '.env.big'), 'A=' + 'x'.repeat(5 * 1024 * 1024 + 10) + '\n');
      fs.writeFileSync(path.join(dir, '.env.latin1'), Buffer.from('PASS_HINT=caf\xe9\n', 'latin1'));
      const r = await run(['--format', 'json'], dir);
      const j = JSON.parse(r.out) as { findings: Array<{ file: string; ruleId: string; severity: string }> };
      assert.deepEqual(
        j.findings
          .filter((f) => f.ruleId === 'file-skipped')
          .map((f) => [f.file, f.severity])
          .sort(),
        [
          ['.env', 'information'],
          ['.env.big', 'information'],
          ['.env.latin1', 'information'],
        ],
      );
      assert.equal(r.code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('built dist/cli.js: exits 1 on errors with the JSON report, 2 with the usage on a bad option', () => {
    requireBuiltCli();
    const r = runCli(['lint', '--format', 'json'], { cwd: project });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(JSON.parse(r.stdout).findings.length > 0);
    const bad = runCli(['lint', '--format', 'yaml'], { cwd: project });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^dbpulse lint: /);
    assert.match(bad.stderr, /Usage: dbpulse lint/);
    assert.equal(bad.stdout, '');
  });
});
