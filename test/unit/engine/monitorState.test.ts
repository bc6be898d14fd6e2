import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MonitorEngine } from '../../../src/server/engine/engine';
import { MonitorStateFile, parseMonitorState } from '../../../src/server/engine/monitorState';
import { FakeClock } from './support/fakeClock';
import { FakeProbe, pgConfig } from './support/fakeProbe';

describe('engine/monitorState', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dbpulse-monstate-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('starts disabled with the default interval when there is no file', async () => {
    const loaded = await new MonitorStateFile(dir, 300_000).load();
    assert.deepEqual(loaded, { state: { version: 1, enabled: false, interval: 300_000, overrides: {} } });
  });

  it('survives a restart: enabled, interval and overrides set through one engine are in force in the next', async () => {
    const file = new MonitorStateFile(dir, 300_000);
    const clock = new FakeClock();
    const probe = new FakeProbe(clock);
    const first = new MonitorEngine({
      probe: probe.runner,
      clock,
      stateSaver: file,
      initialState: (await file.load()).state,
      settings: { maxStartJitterMs: 0 },
    });
    first.setConnections([pgConfig('a'), pgConfig('b')]);
    await first.enable(60_000);
    await first.setOverride('b', '*/2 * * * *');
    await first.stop(0);

    const raw = JSON.parse(await fsp.readFile(path.join(dir, 'monitoring.json'), 'utf8'));
    assert.deepEqual(raw, { version: 1, enabled: true, interval: 60_000, overrides: { b: '*/2 * * * *' } });

    const reopened = new MonitorStateFile(dir, 300_000);
    const loaded = await reopened.load();
    assert.equal(loaded.warning, undefined);
    const clock2 = new FakeClock();
    const probe2 = new FakeProbe(clock2);
    const second = new MonitorEngine({
      probe: probe2.runner,
      clock: clock2,
      stateSaver: reopened,
      initialState: loaded.state,
      settings: { maxStartJitterMs: 0 },
    });
    second.setConnections([pgConfig('a'), pgConfig('b')]);
    assert.equal(second.enabled, true);
    assert.equal(second.status('a')?.interval, 60_000);
    assert.equal(second.status('b')?.interval, '*/2 * * * *');
    await clock2.advance(0);
    assert.equal(probe2.callsFor('a').length, 1, 'monitoring resumed without a command');

    await second.disable();
    assert.equal((await new MonitorStateFile(dir, 300_000).load()).state.enabled, false);
    await second.stop(0);
  });

  it('moves a corrupt file aside, says so, and starts from the defaults', async () => {
    await fsp.writeFile(path.join(dir, 'monitoring.json'), '{"version":1,"enabled":tr');
    const loaded = await new MonitorStateFile(dir, 300_000).load();
    assert.equal(loaded.state.enabled, false);
    assert.match(loaded.warning ?? '', /not valid JSON.*moved to .*monitoring\.json\.corrupt-/);
    const files = await fsp.readdir(dir);
    assert.ok(files.some((f) => f.startsWith('monitoring.json.corrupt-')));
    assert.ok(!files.includes('monitoring.json'));
  });

  it('keeps the valid parts of a partly invalid file and lists the rest', () => {
    const { state, problems } = parseMonitorState({ version: 1, enabled: true, interval: -5, overrides: { a: 30_000, b: {} } }, 300_000);
    assert.deepEqual(state, { version: 1, enabled: true, interval: 300_000, overrides: { a: 30_000 } });
    assert.equal(problems.length, 2);
  });

  it('writes atomically: concurrent saves leave one complete file and no temp files', async () => {
    const file = new MonitorStateFile(dir, 300_000);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => file.save({ version: 1, enabled: i % 2 === 0, interval: 1000 * (i + 1), overrides: {} })),
    );
    const loaded = await file.load();
    assert.equal(loaded.state.interval, 20_000, 'the last save wins');
    assert.deepEqual(await fsp.readdir(dir), ['monitoring.json']);
  });

  it('reports a storage directory it cannot write to without throwing from the engine', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    await fsp.writeFile(blocker, '');
    const file = new MonitorStateFile(blocker, 300_000);
    const clock = new FakeClock();
    const engine = new MonitorEngine({ probe: new FakeProbe(clock).runner, clock, stateSaver: file });
    const warnings: string[] = [];
    engine.on((e) => e.type === 'warning' && warnings.push(e.message));
    await engine.enable();
    assert.match(warnings.join('\n'), /could not save monitoring state/);
    await engine.stop(0);
  });
});
