// Mocha reporter: the spec reporter's output, plus the run's counts written as
// JSON to $DBPULSE_STATS_FILE so scripts/test.mjs can sum every layer.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let pending = 0;
    runner.on('pending', () => pending++);
    runner.once('end', () => {
      const file = process.env.DBPULSE_STATS_FILE;
      if (!file) return;
      const s = runner.stats || {};
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, skipped: pending }));
    });
  }
}
module.exports = StatsReporter;
