import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnoser, JsonFileStatsStore, emptyState } from '../../../src/server/diagnosis';

describe('diagnosis: JSON statistics store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-diag-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts empty when the file does not exist, and round-trips the state', async () => {
    const store = new JsonFileStatsStore(path.join(dir, 'nested'));
    assert.deepEqual(await store.load(), emptyState());
    const d = await Diagnoser.open({ store, clock: () => 42 });
    d.diagnose('postgres', { message: 'x', fields: { code: '3D000' } });
    d.recordFeedback({ type: 'config_validation', targetId: 'tls-disabled', helpful: true });
    await d.flush();
    const again = await Diagnoser.open({ store });
    assert.equal(again.stats('pg.3D000')?.matches, 1);
    assert.equal(again.stats('config.tls-disabled')?.thumbsUp, 1);
    assert.equal(again.feedback()[0].type, 'config_validation');
  });

  it('writes atomically: no temp files remain, concurrent saves leave one valid file', async () => {
    const store = new JsonFileStatsStore(dir);
    const saves = [];
    for (let i = 0; i < 20; i++) {
      const s = emptyState();
      s.feedback.push({ type: 'error_analysis', targetId: `p${i}`, helpful: true, at: i });
      saves.push(store.save(s));
    }
    await Promise.all(saves);
    assert.deepEqual(fs.readdirSync(dir), ['diagnosis-stats.json']);
    const loaded = await store.load();
    assert.equal(loaded.feedback[0].targetId, 'p19', 'the last save wins');
  });

  it('sets a corrupt file aside with a warning and starts afresh', async () => {
    fs.writeFileSync(path.join(dir, 'diagnosis-stats.json'), '{"version":1,"stats":');
    const warnings: string[] = [];
    const store = new JsonFileStatsStore(dir, { onWarning: (m) => warnings.push(m) });
    assert.deepEqual(await store.load(), emptyState());
    assert.equal(warnings.length, 1);
    assert.ok(fs.readdirSync(dir).some((f) => f.startsWith('diagnosis-stats.json.corrupt-')));
  });

  it('a state from another program is rejected, not trusted', async () => {
    fs.writeFileSync(path.join(dir, 'diagnosis-stats.json'), JSON.stringify({ version: 2, anything: true }));
    const store = new JsonFileStatsStore(dir);
    assert.deepEqual(await store.load(), emptyState());
  });
});
