/**
 * The monitoring service with a hand-driven clock, a real history store and statistics file in a
 * temp folder, and a scripted probe: one record per connection drives health, forecasts (recorded
 * in history) and the alert stage (here a recording stand-in, as `RuleAlerting` would plug in);
 * the knowledge base is pruned at start and again a day later.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionConfig } from '../../../src/shared/connection';
import type { ConnectionHealth } from '../../../src/shared/health';
import type { ProbeResult } from '../../../src/shared/probe';
import { emptyState } from '../../../src/server/diagnosis';
import type { LearnedPattern } from '../../../src/server/diagnosis';
import { MonitoringService, PRUNE_EVERY_MS, type AlertStage } from '../../../src/server/monitoring';
import { HistoryStore } from '../../../src/server/store';
import { FakeClock } from '../engine/support/fakeClock';

const DAY = 86_400_000;

function learned(id: string, lastMatchedAt: number): LearnedPattern {
  return {
    id,
    provider: 'postgres',
    category: 'auth_failed',
    signature: `sig ${id}`,
    rootCause: 'r',
    fixes: [],
    source: 'llm',
    createdAt: lastMatchedAt,
    lastMatchedAt,
  };
}

describe('monitoring service', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-service-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('probes into one record: health, a recorded forecast and the alert stage, and prunes the knowledge base at start and daily', async () => {
    const clock = new FakeClock();
    const diagnosisDir = path.join(dir, 'diagnosis');
    fs.mkdirSync(diagnosisDir);
    const state = emptyState();
    // Expired at start (91 days unused), and one that expires during the first day (89.5 days).
    state.learned = [learned('old', clock.now() - 91 * DAY), learned('soon', clock.now() - 89.5 * DAY)];
    fs.writeFileSync(path.join(diagnosisDir, 'diagnosis-stats.json'), JSON.stringify(state));

    const stageCalls: string[] = [];
    const stage: AlertStage = {
      setSettings: () => void stageCalls.push('settings'),
      setConnections: (ids) => void stageCalls.push(`connections ${[...ids].join(',')}`),
      onHealthTransition: (t) => void stageCalls.push(`health ${t.connectionId} ${String(t.from)}->${t.to}`),
      onBreaker: () => undefined,
      onProbe: (r) => void stageCalls.push(`probe ${r.connectionId} ${r.state}`),
      onPrediction: (id) => void stageCalls.push(`prediction ${id}`),
      sendTest: async () => [],
      dispose: async () => undefined,
    };
    let down = false;
    const probe = async ({ config }: { config: ConnectionConfig }): Promise<ProbeResult> => ({
      connectionId: config.id,
      provider: config.provider,
      startedAt: clock.now(),
      state: down ? 'down' : 'up',
      timings: { totalMs: 12 },
      metrics: {},
      ...(down
        ? { error: { message: 'password authentication failed for user "app"', code: '28P01', category: 'auth_failed' as const } }
        : {}),
    });
    const logs: string[] = [];
    const health: ConnectionHealth[] = [];
    const service = new MonitoringService({
      version: 'test',
      secretFor: async () => ({ password: 'pw' }),
      storage: { historyDir: path.join(dir, 'history'), role: 'writer', diagnosisDir },
      initialState: { version: 1, enabled: false, interval: 60_000, overrides: {} },
      probe,
      clock,
      alertStage: () => stage,
    });
    service.on('log', (m) => logs.push(m));
    service.on('health', (h) => health.push(h));
    await service.ready();
    assert.ok(
      logs.some((l) => /knowledge base pruned: 1 learned pattern/.test(l)),
      logs.join('\n'),
    );

    const config: ConnectionConfig = { id: 'orders', name: 'Orders', provider: 'postgres', host: '127.0.0.1' };
    service.setConnections([config]);
    assert.equal((await service.probeNow('orders')).state, 'up');
    down = true;
    assert.equal((await service.probeNow('orders')).state, 'down');
    await clock.advance(0);
    assert.equal(health.at(-1)?.state, 'down');
    assert.ok(service.latest('orders').prediction, 'a forecast after the probe');
    assert.deepEqual(
      stageCalls.filter((c) => !c.startsWith('prediction')),
      ['connections orders', 'probe orders up', 'health orders null->up', 'probe orders down', 'health orders up->down'],
    );
    assert.ok(stageCalls.includes('prediction orders'));

    await clock.advance(PRUNE_EVERY_MS);
    assert.equal(logs.filter((l) => /knowledge base pruned: 1 learned pattern/.test(l)).length, 2, 'pruned again a day later');
    await service.dispose();

    const store = await HistoryStore.open({ dir: path.join(dir, 'history'), role: 'reader' });
    try {
      const results = await store.lastResults('orders', 10); // newest first
      assert.deepEqual(
        results.map((r) => r.state),
        ['down', 'up'],
      );
      assert.ok((await store.predictions({ connectionId: 'orders' })).length >= 1, 'the forecast is in history');
    } finally {
      await store.close();
    }
    const saved = JSON.parse(fs.readFileSync(path.join(diagnosisDir, 'diagnosis-stats.json'), 'utf8')) as { learned: LearnedPattern[] };
    assert.deepEqual(saved.learned, [], 'both prunes reached the file');
  });
});
