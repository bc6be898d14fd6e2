import * as assert from 'node:assert/strict';
import { command } from '../../src/cli/commands/anomaly';
import type { CliIo } from '../../src/cli/io';
import { scoreSeries } from '../../src/server/predict/anomaly/scoreSeries';
import { fakeIo } from '../support/cliIo';

function nabCsv(n: number): { text: string; ts: number[]; values: number[] } {
  const ts: number[] = [];
  const values: number[] = [];
  const lines = ['timestamp,value'];
  for (let i = 0; i < n; i++) {
    const t = Date.UTC(2014, 3, 1) + i * 300_000;
    const v = i === n - 50 ? 500 : 20 + 5 * Math.sin((2 * Math.PI * i) / 288) + (i % 7) * 0.1;
    ts.push(t);
    values.push(v);
    lines.push(`${new Date(t).toISOString().replace('T', ' ').slice(0, 19)},${v}`);
  }
  return { text: lines.join('\n') + '\n', ts, values };
}

// The subcommand is called directly: src/cli/main.ts loads subcommands with a dynamic import(),
// which mocha's tsx/cjs hook cannot resolve (see the report); main() adds only dispatch.
const main = async (argv: string[], io: CliIo): Promise<number> => {
  const args = argv.slice(1);
  if (args.includes('--help')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return command.run(args, io);
};

describe('dbpulse anomaly', () => {
  it('streams timestamp,value,anomaly_score, one row per input row, equal to the detector', async () => {
    const { text, ts, values } = nabCsv(1200);
    const io = fakeIo(text);
    const code = await main(['anomaly'], io);
    assert.equal(code, 0, io.err);
    const rows = io.out.trim().split('\n');
    assert.equal(rows[0], 'timestamp,value,anomaly_score');
    assert.equal(rows.length, 1201);
    const expected = scoreSeries(ts, values);
    rows.slice(1).forEach((r, i) => {
      const [t, v, s] = r.split(',');
      assert.equal(Number(v), values[i]);
      assert.ok(t.startsWith('2014-04-'));
      assert.equal(Number(s), expected[i]);
    });
    assert.equal(Number(rows[1200 - 50 + 1].split(',')[2]), 1, 'the spike scores 1');
  });

  it('reports unreadable rows on stderr, scores them 0, keeps going and exits 1', async () => {
    const io = fakeIo('timestamp,value\n2014-04-01 00:00:00,1\nnot a time,2\n2014-04-01 00:10:00,abc\n2014-04-01 00:15:00,3\n');
    const code = await main(['anomaly'], io);
    assert.equal(code, 1);
    assert.equal(io.out.trim().split('\n').length, 5);
    assert.match(io.err, /line 3: unreadable timestamp/);
    assert.match(io.err, /line 4: value 'abc' is not a number/);
  });

  it('rejects unknown arguments with usage and exit 2; --help prints usage', async () => {
    const bad = fakeIo('');
    assert.equal(await main(['anomaly', '--bogus'], bad), 2);
    assert.match(bad.err, /Usage: dbpulse anomaly/);
    const help = fakeIo('');
    assert.equal(await main(['anomaly', '--help'], help), 0);
    assert.match(help.out, /timestamp,value,anomaly_score/);
  });
});
