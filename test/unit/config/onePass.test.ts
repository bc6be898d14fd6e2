/**
 * The one-pass dotenv lint (lintDocument) reuses one scratch entry while it
 * parses. A lint started from inside a rule's callback (ctx.fileExists, called
 * by the credentials-path rule mid-entry) must not disturb the outer lint.
 */
import * as assert from 'node:assert/strict';
import { lintDocument } from '../../../src/server/config/lint';
import { fixesOf, type Finding, type LintContext } from '../../../src/server/config/types';

const TEXT = [
  'DATABASE_URL=postgres://app:Zq8xLw2pV9@db.example.com:5432/app?sslmode=prefer',
  'GOOGLE_APPLICATION_CREDENTIALS=./missing-key.json',
  'OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f',
  'GOOGLE_APPLICATION_CREDENTIALS=./other.json',
  'lower=1',
].join('\n');

const INNER = 'X=postgres://root:root@h.example.com/x\nY="unclosed\nGOOGLE_APPLICATION_CREDENTIALS=./k.json\n';

function view(fs: Finding[]): string[] {
  return fs.map((f) => JSON.stringify({ r: f.ruleId, s: f.severity, m: f.message, g: f.range, x: fixesOf(f) }));
}

function ctx(fileExists: (p: string) => boolean): LintContext {
  return {
    filePath: '/ws/.env',
    root: '/ws',
    ignored: false,
    now: () => Date.UTC(2026, 0, 15),
    fileExists,
    ignoreFix: { gitignorePath: '/ws/.gitignore', line: '/.env' },
  };
}

describe('one-pass dotenv lint', () => {
  it('is not disturbed by a lint started from a rule callback', () => {
    const plain = lintDocument(
      TEXT,
      ctx(() => false),
    );
    let inner = 0;
    const nested = lintDocument(
      TEXT,
      ctx(() => {
        inner += lintDocument(
          INNER,
          ctx(() => false),
        ).findings.length;
        return false;
      }),
    );
    assert.ok(inner > 0, 'the callback ran a lint');
    assert.deepEqual(nested.internalErrors, []);
    assert.deepEqual(view(nested.findings), view(plain.findings));
    assert.ok(plain.findings.some((f) => f.ruleId === 'credentials-file-missing'));
  });
});
