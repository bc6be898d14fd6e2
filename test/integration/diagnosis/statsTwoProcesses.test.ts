/**
 * Feedback statistics written by two real node processes on one storage folder (two editor
 * windows, or a window and `dbpulse monitor`): every thumb of both is counted and every feedback
 * record kept. Before the store merged under a lock, each process rewrote diagnosis-stats.json
 * with its own copy and the other's updates were lost.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonFileStatsStore } from '../../../src/server/diagnosis';

const WORKER = path.join(__dirname, 'feedbackWorker.ts');
const REPO = path.resolve(__dirname, '../../..');

function runWorker(dir: string, label: string, count: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dir, label, String(count)], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('diagnosis statistics: two processes on one folder', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-stats-two-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('never loses an update: thumbs add up and every feedback record is kept', async () => {
    const N = 120;
    const [a, b] = await Promise.all([runWorker(dir, 'a', N), runWorker(dir, 'b', N)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const state = await new JsonFileStatsStore(dir).load();
    assert.equal(state.stats['shared.pattern']?.thumbsUp, N, 'the pattern both processes voted on');
    assert.equal(state.stats['a.pattern']?.thumbsUp, N / 2);
    assert.equal(state.stats['b.pattern']?.thumbsUp, N / 2);
    assert.equal(state.feedback.length, 2 * N);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f !== 'diagnosis-stats.json'),
      [],
      'no lock or temp file left behind',
    );
  });
});
