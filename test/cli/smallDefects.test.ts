/**
 * Issue 11 item 11, the smaller defects: garbage bytes from a server are a protocol mismatch
 * (another service on the port), not a certificate problem; YAML nested past the parser's
 * stack says so; a symlink loop is named as one; `dbpulse anomaly` refuses a third column
 * and a decimal comma, warns on out-of-order and repeated timestamps, and prints its header
 * on empty input. (A malformed port before any DNS lookup: test/cli/probeUsage.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { command as anomaly } from '../../src/cli/commands/anomaly';
import { command as lint } from '../../src/cli/commands/lint';
import { runProbe } from '../../src/server/probes/runProbe';
import { diagnoseError } from '../../src/server/diagnosis';
import { fakeIo } from '../support/cliIo';
import { tempDir } from '../unit/store/helpers';

describe('issue 11, item 11: the smaller defects', function () {
  this.timeout(30_000);

  it('a PostgreSQL probe answered with garbage (an HTTP server on the port) is a protocol mismatch, not ssl_certificate', async () => {
    const srv = net.createServer((s) => {
      s.on('error', () => {});
      s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const port = (srv.address() as net.AddressInfo).port;
      const r = await runProbe({
        config: { id: 'g', name: 'g', provider: 'postgres', host: '127.0.0.1', port, user: 'u', connectTimeoutMs: 5000 },
        secret: { password: 'x' },
        collectMetrics: false,
      });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'conn_refused', JSON.stringify(r.error));
      assert.notEqual(r.error?.category, 'ssl_certificate');
      const d = diagnoseError('postgres', new Error(r.error!.message));
      assert.equal(d.category, 'conn_refused');
      assert.match(d.rootCause, /Protocol mismatch: .* another service is listening on that port/);
    } finally {
      srv.close();
    }
  });

  it('dbpulse lint: YAML nested too deeply is reported as that, not as invalid YAML', async () => {
    const ws = tempDir('dbpulse-deep-');
    try {
      fs.writeFileSync(path.join(ws, 'docker-compose.yml'), `a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
      const io = fakeIo();
      await lint.run([ws, '--format', 'json'], io);
      const messages = JSON.stringify(JSON.parse(io.out));
      assert.match(messages, /YAML nested too deeply to read/);
      assert.doesNotMatch(messages, /Maximum call stack/);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('dbpulse lint: a symlink loop is named as one, not as a missing file', async () => {
    const ws = tempDir('dbpulse-loop-');
    try {
      fs.symlinkSync(path.join(ws, 'b'), path.join(ws, 'a'));
      fs.symlinkSync(path.join(ws, 'a'), path.join(ws, 'b'));
      fs.symlinkSync(path.join(ws, 'a'), path.join(ws, '.env'));
      const io = fakeIo();
      await lint.run([path.join(ws, '.env')], io);
      const all = io.out + io.err;
      assert.match(all, /symbolic link loop/);
      assert.doesNotMatch(all, /does not exist/);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  describe('dbpulse anomaly input checks', () => {
    const run = async (input: string) => {
      const io = fakeIo(input);
      const code = await anomaly.run([], io);
      return { code, out: io.out, err: io.err, rows: io.out.trim().split('\n') };
    };

    it('refuses a third column and a decimal comma (1,5), scores them 0, keeps three output columns, exits 1', async () => {
      const r = await run('timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:01:00,1,5\n2020-01-01 00:02:00,2,label\n');
      assert.equal(r.code, 1);
      assert.match(r.err, /line 3: 3 columns, expected timestamp,value \(a third column, or a decimal comma such as '1,5': write 1\.5\)/);
      assert.match(r.err, /line 4: 3 columns/);
      assert.deepEqual(r.rows.slice(2), ['2020-01-01 00:01:00,"1,5",0', '2020-01-01 00:02:00,"2,label",0']);
    });

    it('warns on out-of-order and repeated timestamps, still scores them, exit unchanged', async () => {
      const r = await run('2020-01-01 00:01:00,1\n2020-01-01 00:00:00,2\n2020-01-01 00:00:00,3\n2020-01-01 00:02:00,4\n');
      assert.equal(r.code, 0);
      assert.match(r.err, /warning: line 2: timestamp '2020-01-01 00:00:00' is earlier than a previous row's/);
      assert.match(r.err, /warning: line 3: timestamp '2020-01-01 00:00:00' is the same as the previous row's/);
      assert.doesNotMatch(r.err, /line 4/);
      assert.equal(r.rows.length, 5);
    });

    it('prints the header on empty input (and on a header alone)', async () => {
      for (const input of ['', '\n', 'timestamp,value\n']) {
        const r = await run(input);
        assert.equal(r.code, 0);
        assert.equal(r.out, 'timestamp,value,anomaly_score\n', JSON.stringify(input));
      }
    });
  });
});
