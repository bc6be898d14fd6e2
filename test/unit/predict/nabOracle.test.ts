/**
 * Our NAB scorer against NAB's own published per-file results (bench/nab/oracle, see SOURCE.md
 * there): the same inputs must give NAB's score to two decimals and its exact TP/TN/FP/FN counts.
 * Reads ../shared/data/nab in place and skips when it is absent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNabCorpus, parseNabTimestamp, type NabFile } from '../../../bench/nab/corpus';
import { scoreDataSet, type ThresholdScore } from '../../../bench/nab/scorer';

const ORACLE = path.resolve(__dirname, '../../../bench/nab/oracle');

/** A row of NAB's *_scores.csv: the file's score and counts at the detector's threshold. */
interface PublishedRow extends ThresholdScore {
  detector: string;
  profile: string;
  file: string;
}

/** NAB's *_scores.csv rows, columns found by header name. */
function readScoresCsv(text: string): PublishedRow[] {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const col = new Map(head.split(',').map((h, i) => [h, i]));
  const at = (cells: string[], name: string): string => {
    const i = col.get(name);
    if (i === undefined) throw new Error(`no ${name} column`);
    return cells[i];
  };
  return lines.map((line) => {
    const c = line.split(',');
    return {
      detector: at(c, 'Detector'),
      profile: at(c, 'Profile'),
      file: at(c, 'File'),
      threshold: Number(at(c, 'Threshold')),
      score: Number(at(c, 'Score')),
      tp: Number(at(c, 'TP')),
      tn: Number(at(c, 'TN')),
      fp: Number(at(c, 'FP')),
      fn: Number(at(c, 'FN')),
      total: Number(at(c, 'Total_Count')),
    };
  });
}

function assertReproduces(ours: ThresholdScore | null, nab: PublishedRow, rows: number): void {
  const what = `${nab.detector}/${nab.profile}/${nab.file}`;
  assert.ok(ours, `${what}: no score at threshold ${nab.threshold}`);
  assert.equal(rows, nab.total, `${what}: row count`);
  assert.equal(ours.score.toFixed(2), nab.score.toFixed(2), `${what}: score ${ours.score} vs NAB ${nab.score}`);
  assert.deepEqual([ours.tp, ours.tn, ours.fp, ours.fn], [nab.tp, nab.tn, nab.fp, nab.fn], `${what}: TP, TN, FP, FN`);
}

describe("NAB scorer reproduces NAB's published per-file results", () => {
  const corpus = loadNabCorpus();
  const byName = new Map<string, NabFile>((corpus?.files ?? []).map((f) => [f.name, f]));
  before(function () {
    if (!corpus) {
      console.log('      skipped: ../shared/data/nab is absent');
      this.skip();
    }
  });

  it('null detector: every file and profile (windows, probation, fnWeight)', () => {
    const published = readScoresCsv(fs.readFileSync(path.join(ORACLE, 'null_scores.csv'), 'utf8'));
    assert.equal(new Set(published.map((r) => r.file)).size, byName.size, 'one published row per file we have');
    assert.equal(published.length, 3 * byName.size, 'three profiles per file');
    for (const nab of published) {
      const f = byName.get(nab.file);
      assert.ok(f, `${nab.file} is not in the corpus`);
      const cost = corpus!.profiles[nab.profile].CostMatrix;
      const ours = scoreDataSet({ name: f.name, windows: f.windows, scores: f.values.map(() => 0) }, cost, nab.threshold);
      assertReproduces(ours, nab, f.timestamps.length);
    }
  });

  it('windowedGaussian on ec2_cpu_utilization_fe7f93 (standard): detections in two windows, a missed window, a false positive', () => {
    const oracle = JSON.parse(fs.readFileSync(path.join(ORACLE, 'windowedGaussian_fe7f93.json'), 'utf8')) as {
      detector: string;
      profile: string;
      file: string;
      published: { Threshold: number; Score: number; TP: number; TN: number; FP: number; FN: number; Total_Count: number };
      detections: string[];
    };
    const f = byName.get(oracle.file);
    assert.ok(f, `${oracle.file} is not in the corpus`);
    const detected = new Set(oracle.detections.map(parseNabTimestamp));
    for (const t of oracle.detections) assert.ok(f.timestamps.includes(parseNabTimestamp(t)), `${t} is not a row of ${oracle.file}`);
    const scores = f.timestamps.map((t) => (detected.has(t) ? 1 : 0));
    const p = oracle.published;
    const cost = corpus!.profiles[oracle.profile].CostMatrix;
    assertReproduces(
      scoreDataSet({ name: f.name, windows: f.windows, scores }, cost, p.Threshold),
      {
        detector: oracle.detector,
        profile: oracle.profile,
        file: oracle.file,
        threshold: p.Threshold,
        score: p.Score,
        tp: p.TP,
        tn: p.TN,
        fp: p.FP,
        fn: p.FN,
        total: p.Total_Count,
      },
      f.timestamps.length,
    );
  });
});
