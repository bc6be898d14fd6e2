import * as assert from 'node:assert/strict';
import { scoreSeries } from '../../src/server/predict/anomaly/scoreSeries';
import { requireBuiltCli, runCli } from '../support/builtCli';

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

describe('dbpulse anomaly (built dist/cli.js)', function () {
  this.timeout(30_000);
  before(requireBuiltCli);

  it('streams timestamp,value,anomaly_score, one row per input row, equal to the detector', () => {
    const { text, ts, values } = nabCsv(1200);
    const r = runCli(['anomaly'], { input: text });
    assert.equal(r.status, 0, r.stderr);
    const rows = r.stdout.trim().split('\n');
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

  it('reports unreadable rows on stderr, scores them 0, keeps going and exits 1', () => {
    const r = runCli(['anomaly'], {
      input: 'timestamp,value\n2014-04-01 00:00:00,1\nnot a time,2\n2014-04-01 00:10:00,abc\n2014-04-01 00:15:00,3\n',
    });
    assert.equal(r.status, 1);
    const rows = r.stdout.trim().split('\n');
    assert.equal(rows.length, 5);
    assert.deepEqual(
      rows.slice(2, 4).map((row) => row.split(',').pop()),
      ['0', '0'],
      'unreadable rows score 0',
    );
    assert.match(r.stderr, /line 3: unreadable timestamp/);
    assert.match(r.stderr, /line 4: value 'abc' is not a number/);
  });

  it('rejects unknown arguments with usage and exit 2; --help prints usage', () => {
    const bad = runCli(['anomaly', '--bogus']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unexpected argument '--bogus'/);
    assert.match(bad.stderr, /Usage: dbpulse anomaly/);
    assert.equal(bad.stdout, '');
    const help = runCli(['anomaly', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /timestamp,value,anomaly_score/);
  });
});
