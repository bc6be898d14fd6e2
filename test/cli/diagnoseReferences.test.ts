/**
 * `dbpulse diagnose` run as a user runs it (the built dist/cli.js): an unsure answer names the
 * matching entries of the provider's own error reference, in JSON and in text; a sure one does not.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const run = (args: string[], input: string) => spawnSync(process.execPath, [cli, 'diagnose', ...args], { input, encoding: 'utf8' });

describe('cli: dbpulse diagnose names provider references for unsure answers', () => {
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  });

  it('JSON: references with code, name, url and whether the code matched exactly', () => {
    const r = run(['--json'], '{"provider":"mongodb","message":"E11000 duplicate key error collection: app.users"}\n');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim()) as {
      category: string;
      references?: { code: string; name: string; url: string; exact: boolean }[];
    };
    assert.equal(out.category, 'unknown');
    assert.deepEqual(out.references?.[0], {
      code: '11000',
      name: 'DuplicateKey',
      url: 'https://www.mongodb.com/docs/manual/reference/error-codes/',
      exact: true,
    });
  });

  it('text: one "reference:" line per entry', () => {
    const r = run(['--text'], '{"provider":"mongodb","message":"E11000 duplicate key error collection: app.users"}\n');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /reference: 11000 DuplicateKey https:\/\/www\.mongodb\.com\//);
  });

  it('a confident answer carries none', () => {
    const r = run(
      ['--json'],
      '{"provider":"postgres","message":"password authentication failed for user \\"app\\"","fields":{"code":"28P01"}}\n',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim()) as { category: string; references?: unknown };
    assert.equal(out.category, 'auth_failed');
    assert.equal(out.references, undefined);
  });
});
