import * as assert from 'node:assert/strict';
import { newTrend, trendFit, trendUpdate } from '../../../src/server/predict/trend';
import { forecastToLimit } from '../../../src/server/predict/capacity';

describe('sliding-window trend and capacity forecast', () => {
  it('recovers slope and level of a line exactly, and forgets points outside the window', () => {
    const s = newTrend(60 * 60_000);
    for (let m = 0; m < 300; m++) trendUpdate(s, m * 60_000, m < 200 ? 5 : 5 + 2 * (m - 200));
    const fit = trendFit(s);
    assert.ok(fit);
    assert.ok(Math.abs(fit.slope * 60_000 - 2) < 1e-9, `slope ${fit.slope * 60_000}`);
    assert.ok(Math.abs(fit.level - (5 + 2 * 99)) < 1e-6);
    assert.ok(fit.points <= 62);
  });

  it('extrapolates to the limit with an interval containing the estimate', () => {
    const s = newTrend(120 * 60_000);
    for (let m = 0; m < 120; m++) trendUpdate(s, m * 60_000, 10 + 0.5 * m + (m % 2 ? 1 : -1));
    const fit = trendFit(s);
    assert.ok(fit);
    const f = forecastToLimit('connections', fit, 70, 100, 24);
    assert.ok(f.timeToFailureHours !== null && Math.abs(f.timeToFailureHours - 1) < 0.1, `ttf ${f.timeToFailureHours}`);
    assert.ok(f.intervalHours && f.intervalHours[0] <= f.timeToFailureHours && f.intervalHours[1] >= f.timeToFailureHours);
    assert.ok(f.probabilityWithinHorizon > 0.99);
  });

  it('a flat series has no time to failure and a low probability', () => {
    const s = newTrend(120 * 60_000);
    for (let m = 0; m < 120; m++) trendUpdate(s, m * 60_000, 30 + (m % 3));
    const fit = trendFit(s);
    assert.ok(fit);
    const f = forecastToLimit('connections', fit, 31, 100, 4);
    assert.ok(f.probabilityWithinHorizon < 0.01);
  });

  it('at the limit means time to failure 0', () => {
    const s = newTrend(60 * 60_000);
    for (let m = 0; m < 30; m++) trendUpdate(s, m * 60_000, 100);
    const fit = trendFit(s);
    assert.ok(fit);
    assert.equal(forecastToLimit('connections', fit, 100, 100, 24).timeToFailureHours, 0);
  });
});
