import * as assert from 'node:assert/strict';
import { command } from '../../src/cli/commands/diagnose';
import type { CliIo } from '../../src/cli/io';
import { isErrorCategory } from '../../src/shared/categories';
import { fakeIo } from '../support/cliIo';

/** Runs the subcommand as `dbpulse diagnose <args>` does (main.ts loads it with a dynamic import). */
const main = (argv: string[], io: CliIo) => command.run(argv.slice(1), io);

describe('cli: dbpulse diagnose --json', () => {
  it('writes one JSON line per input line with category, confidence, rootCause and fixes', async () => {
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
    const io = fakeIo(input);
    const code = await main(['diagnose', '--json'], io);
    assert.equal(code, 0, io.err);
    const lines = io.out
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

  it('is deterministic: the same input gives byte-identical output', async () => {
    const input = JSON.stringify({
      provider: 'postgres',
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
      fields: { code: 'ECONNREFUSED' },
    });
    const a = fakeIo(input);
    const b = fakeIo(input);
    await main(['diagnose', '--json'], a);
    await main(['diagnose', '--json'], b);
    assert.equal(a.out, b.out);
  });

  it('reports unreadable lines in place and exits 1, still answering the others', async () => {
    const io = fakeIo(
      [
        '{not json',
        JSON.stringify({ provider: 'oracle', message: 'x' }),
        JSON.stringify({ provider: 'postgres', message: 'x', fields: { code: '53300' } }),
      ].join('\n'),
    );
    const code = await main(['diagnose', '--json'], io);
    assert.equal(code, 1);
    const lines = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 3);
    assert.equal(lines[0].line, 1);
    assert.match(String(lines[1].error), /unknown provider "oracle"/);
    assert.equal(lines[2].category, 'too_many_connections');
  });

  it('rejects unknown options with usage and exit 2', async () => {
    const io = fakeIo('');
    assert.equal(await main(['diagnose', '--frobnicate'], io), 2);
    assert.match(io.err, /unknown option/);
  });

  it('--text prints a readable answer', async () => {
    const io = fakeIo(JSON.stringify({ provider: 'mysql', message: 'Too many connections', fields: { errno: 1040 } }));
    assert.equal(await main(['diagnose', '--text'], io), 0);
    assert.match(io.out, /^too_many_connections \(0\.\d\d\): /);
  });
});
