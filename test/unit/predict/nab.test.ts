/**
 * The detector on the NAB subset, through the product's own code path (skips without the data).
 * The target (standard ≥ 72) is a quality bar, not a speed figure; bench/nab/run.ts prints all
 * three profiles next to the baselines.
 */
import * as assert from 'node:assert/strict';
import { loadNabCorpus } from '../../../bench/nab/corpus';
import { scoreDetector } from '../../../bench/nab/scorer';
import { scoreSeries } from '../../../src/server/predict/anomaly/scoreSeries';

describe('anomaly detector on the NAB subset', () => {
  it('scores standard ≥ 72 with one configuration for every file', function () {
    this.timeout(60_000);
    const corpus = loadNabCorpus();
    if (!corpus) return this.skip();
    const files = corpus.files.map((f) => ({ name: f.name, windows: f.windows, scores: scoreSeries(f.timestamps, f.values) }));
    const results = scoreDetector(files, corpus.profiles, corpus.windowCount);
    const std = results.find((r) => r.profile === 'standard');
    assert.ok(std && std.normalised >= 72, `standard ${std?.normalised}`);
    for (const r of results) assert.ok(r.normalised > 50, `${r.profile} ${r.normalised}`);
  });
});
