import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const cli = path.resolve(__dirname, '../../dist/cli.js');

describe('dbpulse probe: a malformed port is a usage error, before any lookup', () => {
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run node esbuild.mjs (npm test does)');
  });

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
      const r = spawnSync(process.execPath, ['--require', hook, cli, 'probe', url], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /invalid port '(notaport|99999)'/);
      assert.match(r.stderr, /LOOKUPS 0\n/);
      assert.ok(!r.stderr.includes('s3cret-Pw') && !r.stdout.includes('s3cret-Pw'), r.stderr);
    });
  }
});
