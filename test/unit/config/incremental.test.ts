/**
 * The incremental dotenv model (LintSession → DotenvLintState): after any
 * sequence of edits its result equals a fresh lint of the same text, quick
 * fixes included, and a small edit re-lints only the blocks it touched.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { commonPrefix, commonSuffix } from '../../../src/server/config/dotenvState';
import { LintSession, lintDocument } from '../../../src/server/config/lint';
import { fixesOf, type Finding, type LintContext } from '../../../src/server/config/types';

function jwt(payload: Record<string, unknown>): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b(payload)}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
}

/** Lines that exercise every dotenv rule and the cross-entry checks (duplicates, Supabase refs, suppression, multi-line values). */
const LINES = [
  'DATABASE_URL=postgres://app:Zq8xLw2pV9@db.example.com:5432/app?sslmode=prefer',
  'DATABASE_URL=postgres://postgres:password@localhost/x',
  'NEXT_PUBLIC_DB=postgres://u:Zq8xLw2pV9@h.example.com/x',
  'X=1',
  '  LEAD=1',
  'TRAIL=1   ',
  'lower=1',
  'BAD KEY=1',
  'KEY',
  'SP =1',
  'Q="unclosed',
  'M="multi',
  'line"',
  "S='single",
  'J="a" junk',
  'SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co',
  `SUPABASE_SERVICE_ROLE_KEY=${jwt({ iss: 'supabase', ref: 'zyxwvutsrqponmlkjihg', role: 'service_role', exp: 1 })}`,
  'OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f',
  'GOOGLE_APPLICATION_CREDENTIALS=./missing.json',
  '# dbpulse-ignore weak-password',
  '# dbpulse-ignore',
  '# comment',
  '',
  'POOL=postgresql://postgres.abcdefghijklmnopqrst:Zq8xLw2pV9aa@aws-0-eu.pooler.supabase.com:6543/postgres',
  'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----"',
  'export A=b',
  'X=dup',
];
const NOISE = ['"', "'", '`', '=', ' ', '\t', '#', '\n', '\r\n', '\r', 'X=', 'A', '${X}', '://', '\uFEFF', '\uD83D\uDE00'];

const line = fc.constantFrom(...LINES);
const doc = fc
  .tuple(fc.array(line, { minLength: 0, maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([ls, eol, last]) => ls.join(eol) + (last ? eol : ''));

type Edit = { at: number; del: number; ins: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  del: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 200 })),
  ins: fc.oneof(
    fc.constant(''),
    fc.constantFrom(...NOISE),
    line.map((l) => l + '\n'),
    fc.array(line, { maxLength: 4 }).map((ls) => ls.join('\n')),
    fc.string({ maxLength: 6 }),
  ),
});

function applyEdit(text: string, e: Edit): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  return text.slice(0, at) + e.ins + text.slice(at + e.del);
}

/** Findings with their fixes materialized, as comparable text. */
function view(findings: Finding[]): string[] {
  return findings.map((f) => JSON.stringify({ r: f.ruleId, c: f.category, s: f.severity, m: f.message, g: f.range, x: fixesOf(f) }));
}

const NOW = Date.UTC(2026, 0, 15);
function ctxFor(file: string, ignored: boolean): LintContext {
  return {
    filePath: file,
    root: '/ws',
    ignored,
    now: () => NOW,
    fileExists: () => false,
    ignoreFix: { gitignorePath: '/ws/.gitignore', line: '/.env' },
  };
}

describe('incremental dotenv lint', function () {
  this.timeout(120_000);

  it('equals a fresh lint after every edit of a random edit sequence (fixes included)', () => {
    fc.assert(
      fc.property(
        doc,
        fc.array(edit, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('/ws/.env', '/ws/.env.production', '/ws/.env.example'),
        (start, edits, file) => {
          const session = new LintSession();
          let text = start;
          session.lint(text, ctxFor(file, false));
          for (const e of edits) {
            text = applyEdit(text, e);
            const inc = session.lint(text, ctxFor(file, false));
            const fresh = lintDocument(text, ctxFor(file, false));
            assert.deepEqual(inc.internalErrors, []);
            assert.deepEqual(view(inc.findings), view(fresh.findings), `after edit ${JSON.stringify(e)} of\n${JSON.stringify(text)}`);
            assert.deepEqual(inc.score, fresh.score);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('equals a fresh lint when the context changes between versions (ignored, rule settings)', () => {
    fc.assert(
      fc.property(doc, edit, fc.boolean(), fc.boolean(), (start, e, ignored1, ignored2) => {
        const session = new LintSession();
        session.lint(start, ctxFor('/ws/.env', ignored1));
        const text = applyEdit(start, e);
        const ctx: LintContext = { ...ctxFor('/ws/.env', ignored2), rules: { 'weak-password': 'off', dotenv_syntax: 'hint' } };
        assert.deepEqual(view(session.lint(text, ctx).findings), view(lintDocument(text, ctx).findings));
      }),
      { numRuns: 200 },
    );
  });

  it('re-lints only the edited entry of a large file, and the result still equals a fresh lint', () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++)
      lines.push(
        i % 3 === 0
          ? `DATABASE_URL_${i}=postgres://app:Zq8xLw2pV9${i}@db${i}.example.com/app?sslmode=prefer`
          : i % 3 === 1
            ? `# section ${i}`
            : `FLAG_${i}=${i}`,
      );
    let text = lines.join('\n') + '\n';
    const session = new LintSession();
    const ctx = ctxFor('/ws/.env', false);
    session.lint(text, ctx);
    assert.equal(session.relinted, 5001, 'the first lint runs every block (5000 lines and the empty last one)');
    // Change one line in the middle, keeping the line count.
    lines[2500] = 'FLAG_2500=postgres://root:root@db.example.com/x';
    text = lines.join('\n') + '\n';
    let r = session.lint(text, ctx);
    assert.equal(session.relinted, 1);
    assert.deepEqual(view(r.findings), view(lintDocument(text, ctx).findings));
    // Insert two lines: blocks after them move but are not linted again.
    lines.splice(100, 0, 'NEW=1', 'DATABASE_URL_0=dup');
    text = lines.join('\n') + '\n';
    r = session.lint(text, ctx);
    assert.ok(session.relinted! <= 3, `re-linted ${session.relinted} blocks`);
    assert.deepEqual(view(r.findings), view(lintDocument(text, ctx).findings));
    // Open a quote that swallows the following lines, then close it again.
    lines[10] = 'OPEN="start';
    text = lines.join('\n') + '\n';
    r = session.lint(text, ctx);
    assert.deepEqual(view(r.findings), view(lintDocument(text, ctx).findings));
    lines[10] = 'OPEN="start"';
    text = lines.join('\n') + '\n';
    r = session.lint(text, ctx);
    assert.deepEqual(view(r.findings), view(lintDocument(text, ctx).findings));
  });

  it('an unclosed quote before the edit is read again when a later line closes it', () => {
    const session = new LintSession();
    const ctx = ctxFor('/ws/.env', false);
    const v1 = 'A="open\nB=1\nC=2\n';
    session.lint(v1, ctx);
    const v2 = 'A="open\nB=1\nC=2"\n';
    const r = session.lint(v2, ctx);
    assert.deepEqual(view(r.findings), view(lintDocument(v2, ctx).findings));
    assert.ok(!r.findings.some((f) => f.ruleId === 'dotenv-unclosed-quote'));
  });

  it('common prefix and suffix of two texts', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3000 }),
        fc.string({ maxLength: 3000 }),
        fc.string({ maxLength: 3000 }),
        fc.string({ maxLength: 20 }),
        (a, mid, z, other) => {
          const x = a + mid + z;
          const y = a + other + z;
          const p = commonPrefix(x, y);
          assert.ok(p >= Math.min(a.length, x.length));
          assert.equal(x.slice(0, p), y.slice(0, p));
          assert.ok(p === Math.min(x.length, y.length) || x[p] !== y[p]);
          const max = Math.min(x.length, y.length) - p;
          const s = commonSuffix(x, y, max);
          assert.ok(s <= max);
          assert.equal(x.slice(x.length - s), y.slice(y.length - s));
          assert.ok(s === max || x[x.length - s - 1] !== y[y.length - s - 1]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
