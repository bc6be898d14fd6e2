import * as assert from 'node:assert/strict';
import { ERROR_CATEGORIES } from '../../../src/shared/categories';
import {
  categoryLabel,
  formatAxisMs,
  formatConfidence,
  formatDateTime,
  formatHours,
  formatHoursInterval,
  formatMs,
  formatPercent,
  formatTick,
  riskTone,
  scoreTone,
} from '../../../src/client/webviews/model/format';

describe('webviews: formatting', () => {
  it('formats durations in ms, s and min', () => {
    assert.equal(formatMs(3.14159), '3.1 ms');
    assert.equal(formatMs(245.4), '245 ms');
    assert.equal(formatMs(1250), '1.25 s');
    assert.equal(formatMs(2000), '2 s');
    assert.equal(formatMs(12_340), '12.3 s');
    assert.equal(formatMs(125_000), '2 min 5 s');
    assert.equal(formatMs(undefined), '—');
    assert.equal(formatMs(NaN), '—');
    assert.equal(formatAxisMs(0), '0');
    assert.equal(formatAxisMs(250), '250 ms');
    assert.equal(formatAxisMs(1500), '1.5 s');
  });

  it('never rounds an imperfect uptime up to 100%', () => {
    assert.equal(formatPercent(99.999), '99.99%');
    assert.equal(formatPercent(99.5), '99.50%');
    assert.equal(formatPercent(100), '100%');
    assert.equal(formatPercent(0.001), '0.00%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(null), '—');
  });

  it('says hours the way people do, intervals with a shared unit once', () => {
    assert.equal(formatHours(0.25), '15 min');
    assert.equal(formatHours(0.001), '1 min');
    assert.equal(formatHours(3.46), '3.5 h');
    assert.equal(formatHours(50), '2.1 days');
    assert.equal(formatHours(null), '—');
    assert.equal(formatHoursInterval([2, 6]), '2–6 h');
    assert.equal(formatHoursInterval([0.5, 6]), '30 min – 6 h');
    assert.equal(formatHoursInterval([3, null]), 'at least 3 h');
    assert.equal(formatHoursInterval(null), '—');
  });

  it('labels axis ticks by step, in the given time zone offset', () => {
    const t = Date.UTC(2025, 2, 3, 14, 5);
    assert.equal(formatTick(t, 5 * 60_000), '14:05');
    assert.equal(formatTick(t, 5 * 60_000, 2 * 3_600_000), '16:05');
    assert.equal(formatTick(Date.UTC(2025, 2, 3), 6 * 3_600_000), '3 Mar');
    assert.equal(formatTick(Date.UTC(2025, 2, 3), 86_400_000), '3 Mar');
    assert.equal(formatTick(Date.UTC(2025, 2, 3, 12), 2 * 86_400_000), '3 Mar 12:00');
    assert.equal(formatDateTime(Date.UTC(2025, 11, 31, 23, 59, 58), 3_600_000), '1 Jan 00:59:58');
  });

  it('has words for every error category of the contract', () => {
    for (const c of ERROR_CATEGORIES) {
      const label = categoryLabel(c);
      assert.notEqual(label, c, `${c} needs a label`);
      assert.match(label, /^[A-Z]/);
    }
    assert.equal(categoryLabel('something_new'), 'something_new');
  });

  it('maps confidence, risk and score to text and tones', () => {
    assert.equal(formatConfidence(0.876), '88%');
    assert.equal(formatConfidence(1.7), '100%');
    assert.equal(riskTone('IMMEDIATE_ACTION_REQUIRED'), 'bad');
    assert.equal(riskTone('MONITOR_CLOSELY'), 'warn');
    assert.equal(riskTone('HEALTHY'), 'ok');
    assert.deepEqual([0, 49, 50, 79, 80, 100].map(scoreTone), ['bad', 'bad', 'warn', 'warn', 'ok', 'ok']);
  });
});
