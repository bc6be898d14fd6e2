/** Every reader and rule on random and mutated input: never throws, every range lies inside the text. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findConnectionUrls, parseKeyValueConnection } from '../../../src/server/config/connectionString';
import { percentEncodeUserinfo } from '../../../src/shared/connectionUrl';
import { parseDotenv } from '../../../src/server/config/dotenv';

import { compileGitignore, matchRules } from '../../../src/server/config/gitignorePattern';
import { lintDocument } from '../../../src/server/config/lint';
import type { Finding } from '../../../src/server/config/types';

const SEEDS: Record<string, string> = {
  '/ws/.env':
    'export DATABASE_URL="postgres://app:pw@db.example.com:5432/app?sslmode=prefer"\nSUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co\nNEXT_PUBLIC_KEY=eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIiwicmVmIjoiYWJjIn0.c2ln\nMULTI="a\nb"\n# dbpulse-ignore weak-password\n',
  '/ws/docker-compose.yml':
    'services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=secret\n    ports:\n      - "5432:5432"\n      - target: 3306\n        published: 3306\n',
  '/ws/prisma/schema.prisma':
    'datasource db {\n  provider = "postgresql"\n  url = "postgresql://u:p@h:6543/d" // c\n  directUrl = env("DIRECT_URL")\n}\n',
  '/ws/supabase/config.toml': '[db]\nport = 54322\n[auth.external.github]\nsecret = "abc"\n',
  '/ws/appsettings.json': '{ "ConnectionStrings": { "Default": "Server=x;User Id=sa;Password=p;Encrypt=False" }, // c\n }',
  '/ws/config/application.properties': 'spring.datasource.url=jdbc:mysql://h:3306/d?useSSL=false\nspring.datasource.password=p\\\n  q\n',
  '/ws/config/database.yml': 'production:\n  host: db.example.com\n  sslmode: disable\n  password: <%= ENV["X"] %>\n',
};

const NOISE = [
  '"',
  "'",
  '`',
  '=',
  ':',
  '@',
  '/',
  '?',
  '#',
  '%',
  '$',
  '{',
  '}',
  '[',
  ']',
  '\\',
  '\n',
  '\r\n',
  '\uFEFF',
  ' ',
  '\t',
  '://',
  'postgres://',
  'mongodb+srv://',
  '${',
  'export ',
  '---\n',
  '!',
  ',',
  ';',
  '\u0000',
  '\uD83D\uDE00',
  '\uD800',
];

function checkRanges(text: string, findings: Finding[]): void {
  const lines = text.split('\n');
  for (const f of findings) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line < Math.max(1, lines.length), `line ${p.line} outside ${lines.length} lines (${f.ruleId})`);
      assert.ok(
        p.character >= 0 && p.character <= lines[p.line].length + 1,
        `character ${p.character} outside line ${p.line} (${f.ruleId})`,
      );
    }
    assert.ok(
      f.range.start.line < f.range.end.line ||
        (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character),
      `inverted range (${f.ruleId})`,
    );
  }
}

function lintAll(file: string, text: string): void {
  for (const ignored of [false, true]) {
    const r = lintDocument(text, { filePath: file, root: '/ws', ignored, fileExists: () => false, now: () => 0 });
    assert.deepEqual(r.internalErrors, []);
    checkRanges(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, r.findings);
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...NOISE), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 40 }) }),
);

function mutate(text: string, ms: Array<{ kind: 'insert' | 'delete' | 'dup'; at: number; s?: string; n?: number }>): string {
  let t = text;
  for (const m of ms) {
    const at = t.length ? m.at % (t.length + 1) : 0;
    if (m.kind === 'insert') t = t.slice(0, at) + m.s + t.slice(at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + (m.n ?? 1));
    else t = t.slice(0, at) + t.slice(at, at + (m.n ?? 1)) + t.slice(at);
  }
  return t;
}

describe('fuzz: config readers and rules never throw', function () {
  this.timeout(120_000);
  for (const [file, seed] of Object.entries(SEEDS)) {
    it(`mutated ${file.slice(4)}`, () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), (ms) => lintAll(file, mutate(seed, ms))),
        { numRuns: 300 },
      );
    });
    it(`random text as ${file.slice(4)}`, () => {
      fc.assert(
        fc.property(
          fc.string({ unit: fc.oneof(fc.constantFrom(...NOISE), fc.string({ unit: 'grapheme', maxLength: 3 })), maxLength: 200 }),
          (t) => lintAll(file, t),
        ),
        { numRuns: 200 },
      );
    });
  }
  it('a service-account JSON with random values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (extra) => {
        lintAll(
          '/ws/sa.json',
          JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\nx\n', ...extra }, null, 2),
        );
      }),
      { numRuns: 200 },
    );
  });
  it('connection-string parsers on random input', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(fc.constantFrom(...NOISE, 'mysql://', 'host=', 'password=', 'Server=', ';'), fc.string({ maxLength: 3 })),
          maxLength: 120,
        }),
        (t) => {
          for (const c of findConnectionUrls(t)) {
            assert.ok(c.start >= 0 && c.end <= t.length && c.start <= c.end);
            for (const p of c.problems) assert.ok(p.start >= c.start && p.end <= c.end + 1);
            if (c.password) assert.equal(t.slice(c.password.start, c.password.end), c.password.text);
          }
          parseKeyValueConnection(t);
          const enc = percentEncodeUserinfo(t);
          assert.doesNotMatch(enc, /[@/?#:\s]/);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('dotenv parser: every entry key is where it says', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(fc.constantFrom(...NOISE, 'A', 'KEY', '=', 'x'), fc.string({ maxLength: 2 })), maxLength: 150 }),
        (t) => {
          const doc = parseDotenv(t);
          for (const e of doc.entries) assert.equal(doc.lines[e.line].slice(e.keyStart, e.keyEnd), e.key);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('gitignore compiler on random patterns', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('*', '?', '[', ']', '!', '\\', '/', 'a', '.', ' ', '#', '-', '^', ':', '\n'), maxLength: 40 }),
        fc.string({ maxLength: 20 }),
        (pat, p) => {
          matchRules(compileGitignore(pat), p.replace(/^\/+/, ''), false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
