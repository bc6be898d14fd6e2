// Mocha reporter: the spec reporter's output, plus the run's counts written as
// JSON to $DBPULSE_STATS_FILE so scripts/test.mjs can sum every layer and repeat
// each failure (title and the head of its error) at the end of the run.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let pending = 0;
    const failures = [];
    runner.on('pending', () => pending++);
    runner.on('fail', (test, err) => {
      const title = typeof test.fullTitle === 'function' ? test.fullTitle() : String(test.title);
      const message = String((err && (err.stack || err.message)) || err)
        .split('\n')
        .slice(0, 12)
        .join('\n');
      failures.push({ title, message });
    });
    runner.once('end', () => {
      const file = process.env.DBPULSE_STATS_FILE;
      if (!file) return;
      const s = runner.stats || {};
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, skipped: pending, failures }));
    });
  }
}
module.exports = StatsReporter;
