import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closedPort } from '../servers/ports';
import { requireBuiltCli, runCli } from '../support/builtCli';

describe('dbpulse probe (built dist/cli.js): a malformed port is a usage error, before any lookup', () => {
  before(requireBuiltCli);

  // A preload hook that records every DNS lookup the process makes.
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-dns-')), 'hook.js');
  fs.writeFileSync(
    hook,
    "const dns = require('node:dns'); const real = dns.lookup; let n = 0;\n" +
      'dns.lookup = function (...a) { n++; return real.apply(this, a); };\n' +
      "process.on('exit', () => process.stderr.write('\\nLOOKUPS ' + n + '\\n'));\n",
  );

  for (const url of ['postgres://u:s3cret-Pw@db.invalid:notaport/db', 'postgres://u:s3cret-Pw@db.invalid:99999/db']) {
    it(`${url.replace('s3cret-Pw', '…')}: exit 2, the reason, no DNS lookup, no password on stderr`, () => {
      const r = runCli(['probe', url], { nodeArgs: ['--require', hook] });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /invalid port '(notaport|99999)'/);
      assert.match(r.stderr, /LOOKUPS 0\n/);
      assert.ok(!r.stderr.includes('s3cret-Pw') && !r.stdout.includes('s3cret-Pw'), r.stderr);
    });
  }
});

describe('dbpulse probe (built dist/cli.js): a server that refuses', function () {
  this.timeout(30_000);
  before(requireBuiltCli);

  it('prints the down result with its category, as JSON and as text, and exits 2', async () => {
    const port = await closedPort();
    const url = `postgres://u:s3cret-Pw@127.0.0.1:${port}/db`;
    const json = runCli(['probe', url, '--json', '--timeout', '5000']);
    assert.equal(json.status, 2, json.stderr);
    const result = JSON.parse(json.stdout) as { state: string; provider: string; error?: { category: string } };
    assert.equal(result.state, 'down');
    assert.equal(result.provider, 'postgres');
    assert.equal(result.error?.category, 'conn_refused');
    const text = runCli(['probe', url, '--timeout', '5000']);
    assert.equal(text.status, 2, text.stderr);
    assert.match(text.stdout, /^DOWN\s+\S+\s+postgres\s/m);
    assert.match(text.stdout, /conn_refused: connect ECONNREFUSED/);
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr]) assert.ok(!out.includes('s3cret-Pw'), out);
  });
});
