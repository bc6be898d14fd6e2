/**
 * Issue 11 item 9: terminal control characters from files, servers and arguments are shown
 * escaped in every command's text output, on stdout and stderr, through the CLI's one output
 * filter; JSON and SARIF keep their values. And the help text is not mistaken for a secret
 * by the stderr redaction (it said "DBPULSE_API_KEY: [REDACTED] are visible").
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { command as lint } from '../../src/cli/commands/lint';
import { command as probe } from '../../src/cli/commands/probe';
import { main } from '../../src/cli/main';
import { withRedactedStderr } from '../../src/cli/redactedIo';
import { escapeControlChars } from '../../src/shared/controlChars';
import { fakeIo } from '../support/cliIo';
import { tempDir } from '../unit/store/helpers';

// eslint-disable-next-line no-control-regex -- what must never reach a terminal
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const OSC = '\u001b]0;owned\u0007';

describe('cli: terminal control characters are escaped in text output (issue 11, item 9)', function () {
  this.timeout(30_000);
  let ws: string;
  before(() => {
    ws = tempDir('dbpulse-ctl-');
    fs.writeFileSync(path.join(ws, '.env'), `${OSC}A=1\nB=\u009b2J\r\n`);
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('escapeControlChars: no raw control character is left but tab and newline; JSON keeps its value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeControlChars(s);
        assert.doesNotMatch(out.replace(/[\t\n]/g, ''), RAW_CONTROL);
        assert.equal(JSON.parse(escapeControlChars(JSON.stringify(s))), s);
        assert.equal(escapeControlChars(JSON.stringify(s)).length >= JSON.stringify(s).length, true);
      }),
      { numRuns: 200 },
    );
    assert.equal(escapeControlChars(OSC), '\\u001b]0;owned\\u0007');
  });

  it('dbpulse lint text shows the escape sequence of a .env key instead of executing it', async () => {
    const io = fakeIo();
    await main(['lint', ws], io);
    assert.doesNotMatch(io.out.replace(/\n/g, ''), RAW_CONTROL);
    assert.match(io.out, /\\u001b\]0;owned\\u0007A/);
  });

  it('dbpulse lint --format json and sarif are byte for byte what the command wrote, and parse', async () => {
    for (const format of ['json', 'sarif']) {
      const direct = fakeIo();
      await lint.run([ws, '--format', format], direct);
      const filtered = fakeIo();
      await main(['lint', ws, '--format', format], filtered);
      assert.equal(filtered.out, direct.out, format);
      assert.match(JSON.stringify(JSON.parse(filtered.out)), /\\u001b\]0;owned/);
    }
  });

  it('every command: arguments, input and messages with control characters are escaped', async () => {
    const runs: Array<[string[], string]> = [
      [[`${OSC}frob`], ''],
      [['lint', path.join(ws, `missing${OSC}`)], ''],
      [['probe', `mysql://u@h:12${OSC}/d`], ''],
      [['history', '--storage', path.join(ws, `none${OSC}`)], ''],
      [['anomaly'], `t,v\n2020-01-01 00:00:00,${OSC}\n`],
      [['diagnose'], `{"provider":"postgres","message":"x"${OSC}\n`],
      [['monitor', '--config', `x${OSC}.json`, '--storage', ws], ''],
    ];
    for (const [argv, input] of runs) {
      const io = fakeIo(input);
      await main(argv, io);
      assert.ok(io.err.length + io.out.length > 0, `${argv[0]} said something`);
      assert.doesNotMatch(io.err.replace(/\n/g, ''), RAW_CONTROL, argv[0]);
      assert.doesNotMatch(io.out.replace(/\n/g, ''), RAW_CONTROL, argv[0]);
    }
  });
});

describe('cli: a command usage on stderr is not redacted', () => {
  it('dbpulse probe --bogus prints the usage as written, "DBPULSE_API_KEY: arguments are visible" included', async () => {
    const io = fakeIo();
    assert.equal(await main(['probe', '--bogus'], io), 2);
    assert.ok(io.err.includes(probe.usage), io.err);
    assert.match(io.err, /DBPULSE_API_KEY: arguments are visible/);
  });

  it('text around the usage is still redacted', () => {
    const io = fakeIo();
    withRedactedStderr(io, [probe.usage]).stderr(`postgres://app:hunter2-s3cret@db/x failed\n${probe.usage}\npassword=hunter2-s3cret\n`);
    assert.doesNotMatch(io.err, /hunter2-s3cret/);
    assert.ok(io.err.includes(probe.usage));
  });
});
