/**
 * Differential test: our ignore decisions against real git
 * (`git ls-files --others --ignored --exclude-standard`) on random .gitignore
 * trees. Skips when git is not installed.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { GitIgnore } from '../../../src/server/config/gitignore';

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const FILES = [
  '.env',
  '.env.local',
  '.env.example',
  'a/.env',
  'a/b/.env',
  'a/b/sa.json',
  'keys/sa.json',
  'keys/x/sa.json',
  'config/.env',
  'config/app.yml',
  'b/a/.env.local',
  'a/keys/k.json',
];
const SEGMENTS = [
  '.env',
  '.env*',
  '*.json',
  'a',
  'b',
  'keys',
  'config',
  '**',
  '*',
  'sa.json',
  '.env.example',
  'x',
  '[ab]',
  '?',
  '.env.?ocal',
  '[!k]eys',
  'a*',
];

const pattern = fc
  .tuple(fc.boolean(), fc.boolean(), fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([neg, anchor, segs, dirOnly]) => `${neg ? '!' : ''}${anchor ? '/' : ''}${segs.join('/')}${dirOnly ? '/' : ''}`);
const gitignoreText = fc.array(pattern, { minLength: 1, maxLength: 5 }).map((l) => l.join('\n') + '\n');

describe('git ignore semantics agree with git itself', function () {
  this.timeout(60_000);
  before(function () {
    if (!hasGit()) this.skip();
  });

  it('on random nested .gitignore files', () => {
    fc.assert(
      fc.property(
        gitignoreText,
        fc.option(gitignoreText, { nil: undefined }),
        fc.option(gitignoreText, { nil: undefined }),
        (rootIgnore, aIgnore, keysIgnore) => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-gi-'));
          try {
            execFileSync('git', ['init', '-q', dir], { stdio: 'ignore' });
            for (const f of FILES) {
              fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
              fs.writeFileSync(path.join(dir, f), 'X=1\n');
            }
            fs.writeFileSync(path.join(dir, '.gitignore'), rootIgnore);
            if (aIgnore) fs.writeFileSync(path.join(dir, 'a', '.gitignore'), aIgnore);
            if (keysIgnore) fs.writeFileSync(path.join(dir, 'keys', '.gitignore'), keysIgnore);
            const out = execFileSync('git', ['-c', 'core.ignorecase=false', 'ls-files', '--others', '--ignored', '--exclude-standard'], {
              cwd: dir,
              encoding: 'utf8',
            });
            const gitIgnored = new Set(out.split('\n').filter(Boolean));
            const gi = new GitIgnore(undefined, { ignoreCase: false });
            for (const f of FILES) {
              const ours = gi.isIgnored(path.join(dir, f), dir);
              assert.equal(
                ours,
                gitIgnored.has(f),
                `${f}: ours=${ours} git=${gitIgnored.has(f)}\nroot:\n${rootIgnore}a/:\n${aIgnore ?? '-'}\nkeys/:\n${keysIgnore ?? '-'}`,
              );
            }
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: Number(process.env.DBPULSE_GIT_RUNS ?? 25) },
    );
  });
});
