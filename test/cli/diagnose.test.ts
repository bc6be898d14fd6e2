import * as assert from 'node:assert/strict';
import { isErrorCategory } from '../../src/shared/categories';
import { requireBuiltCli, runCli } from '../support/builtCli';

describe('cli: dbpulse diagnose (built dist/cli.js)', function () {
  this.timeout(30_000);
  before(requireBuiltCli);

  it('writes one JSON line per input line with category, confidence, rootCause and fixes', () => {
    const input = [
      JSON.stringify({ provider: 'postgres', message: 'password authentication failed for user "app"', fields: { code: '28P01' } }),
      JSON.stringify({
        provider: 'mysql',
        message: "Unknown database 'shop'",
        fields: { errno: 1049, code: 'ER_BAD_DB_ERROR', sqlState: '42000' },
      }),
      JSON.stringify({ provider: 'mongodb', message: 'Authentication failed.', fields: { code: 18, codeName: 'AuthenticationFailed' } }),
      JSON.stringify({ provider: 'firebase', message: 'Could not load the default credentials.' }),
      JSON.stringify({ provider: 'supabase', message: 'JWT expired', fields: { code: 'PGRST303', status: 401 } }),
      '',
    ].join('\n');
    const r = runCli(['diagnose', '--json'], { input });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => l.category),
      ['auth_failed', 'database_not_found', 'auth_failed', 'credentials_missing', 'jwt_expired'],
    );
    for (const l of lines) {
      assert.ok(isErrorCategory(l.category));
      assert.equal(typeof l.confidence, 'number');
      assert.equal(typeof l.rootCause, 'string');
      assert.ok(Array.isArray(l.fixes) && l.fixes.length > 0);
    }
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    const input = JSON.stringify({
      provider: 'postgres',
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
      fields: { code: 'ECONNREFUSED' },
    });
    const a = runCli(['diagnose', '--json'], { input });
    const b = runCli(['diagnose', '--json'], { input });
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stdout, /"category":"conn_refused"/);
    assert.equal(a.stdout, b.stdout);
  });

  it('reports unreadable lines in place and exits 1, still answering the others', () => {
    const r = runCli(['diagnose', '--json'], {
      input: [
        '{not json',
        JSON.stringify({ provider: 'oracle', message: 'x' }),
        JSON.stringify({ provider: 'postgres', message: 'x', fields: { code: '53300' } }),
      ].join('\n'),
    });
    assert.equal(r.status, 1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 3);
    assert.equal(lines[0].line, 1);
    assert.match(String(lines[1].error), /unknown provider "oracle"/);
    assert.equal(lines[2].category, 'too_many_connections');
  });

  it('rejects unknown options with usage and exit 2', () => {
    const r = runCli(['diagnose', '--frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option "--frobnicate"/);
    assert.match(r.stderr, /Usage: dbpulse diagnose/);
    assert.equal(r.stdout, '');
  });

  it('--text prints a readable answer', () => {
    const r = runCli(['diagnose', '--text'], {
      input: JSON.stringify({ provider: 'mysql', message: 'Too many connections', fields: { errno: 1040 } }),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^too_many_connections \(0\.\d\d\): /);
  });
});
