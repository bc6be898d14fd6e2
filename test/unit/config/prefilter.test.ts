/**
 * The dotenv pre-filter (settingPrefilter.ts) skips the setting rules for
 * entries it says they cannot touch. Property: whenever it says "skip", running
 * those rules anyway yields no finding, no secret mark and no connection or
 * Supabase key (so the cross-block checks lose nothing either).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDotenv } from '../../../src/server/config/dotenv';
import { settingOf } from '../../../src/server/config/dotenvLint';
import { classifyFile } from '../../../src/server/config/fileKind';
import { newEnv } from '../../../src/server/config/ruleEnv';
import { checkConnections, type ConnectionSeen } from '../../../src/server/config/rules/connectionRules';
import { checkCredentialsPath, checkSecrets, supabaseUrlRef, type SupabaseKeySeen } from '../../../src/server/config/rules/secretRules';
import { settingRulesApply } from '../../../src/server/config/settingPrefilter';

function jwt(payload: Record<string, unknown>): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b(payload)}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
}

const KEY_PARTS = [
  'DB',
  'DATABASE',
  'URL',
  'PASSWORD',
  'pass',
  'Pwd',
  'SECRET',
  'TOKEN',
  'API',
  'KEY',
  'apiKey',
  'SERVICE',
  'ROLE',
  'CREDENTIALS',
  'GOOGLE',
  'APPLICATION',
  'NEXT_PUBLIC',
  'VITE',
  'PORT',
  'HOST',
  'LOG',
  'LEVEL',
  'PROD',
  'KEYFILE',
  'GCLOUD',
  'S3',
  'x',
  '_',
  '.',
  '-',
];
const VALUE_PARTS = [
  'true',
  '3000',
  'info',
  'localhost',
  'hello world',
  'postgres://',
  'mysql://u:p@h/db',
  'mongodb+srv://a:b@c.mongodb.net/x',
  '://',
  '=',
  ';',
  'host=db',
  'password=x',
  'Server=db;Password=x',
  'sb_secret_abcdefghijklmnopqrstu',
  'sb_publishable_abcdefghijklmnop',
  'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c',
  'ghp_' + 'a1B2'.repeat(9),
  'AKIAABCDEFGHIJKLMNOP',
  'AIza' + 'x1Y2'.repeat(9) + 'abc',
  'sk_live_abcdefghijklmnopqr',
  're_abc123_ABCDEFGHIJKLMNOPQRS',
  '-----BEGIN PRIVATE KEY-----',
  jwt({ iss: 'supabase', ref: 'abcdefghijklmnopqrst', role: 'service_role', exp: 1 }),
  jwt({ exp: 1, sub: 'x' }),
  'eyJ',
  'sb_',
  '\\n',
  '\\"',
  '"',
  "'",
  ' ',
  '#',
  'Zq8xLw2pV9',
  'changeme',
  './key.json',
  '${X}',
  'a',
  'Q',
  'https://abcdefghijklmnopqrst.supabase.co',
  'HTTPS://ABCDEFGHIJKLMNOPQRST.SUPABASE.CO',
  'db.abcdefghijklmnopqrst.supabase.co',
  'redis://cache:6379',
  'https://api.example.com/v1',
  'PostgreSQL://',
  'MONGODB+SRV://',
  'jdbc:mysql://',
  'postgress://',
  'pgsql://',
  'mongo://',
  'mariadb://',
  'http://',
  'postgres',
  'u:p@h',
];

const key = fc
  .array(fc.oneof(fc.constantFrom(...KEY_PARTS), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 })
  .map((p) => p.join(''));
const value = fc.array(fc.oneof(fc.constantFrom(...VALUE_PARTS), fc.string({ maxLength: 4 })), { maxLength: 5 }).map((p) => p.join(''));
const quote = fc.constantFrom('', '"', "'");

interface Outcome {
  findings: number;
  secret: boolean;
  conns: number;
  keys: number;
  /** A Supabase project URL's ref (read by the cross-entry project check). */
  urlRef: string | undefined;
}

/** Runs the three setting rules on one entry line as the dotenv linter would, without the pre-filter. */
function runSettingRules(file: string, line: string): Array<{ skip: boolean; out: Outcome }> {
  const info = classifyFile(file)!;
  const env = newEnv(
    {
      filePath: file,
      root: '/ws',
      ignored: false,
      now: () => Date.UTC(2026, 0, 15),
      fileExists: () => false,
      prismaEnvVars: new Set(['DATABASE_URL']),
    },
    info,
  );
  const results: Array<{ skip: boolean; out: Outcome }> = [];
  for (const e of parseDotenv(line).entries) {
    if (!e.hasAssignment) continue;
    const s = settingOf(e);
    const conns: ConnectionSeen[] = [];
    const keys: SupabaseKeySeen[] = [];
    env.findings = [];
    env.secretSeen.value = false;
    env.reported.clear();
    checkConnections(env, s, conns);
    checkSecrets(env, s, new Set(), keys, {});
    checkCredentialsPath(env, s);
    results.push({
      skip: !settingRulesApply(e.key, e.raw, e.value),
      out: {
        findings: env.findings.length,
        secret: env.secretSeen.value,
        conns: conns.length,
        keys: keys.length,
        urlRef: supabaseUrlRef(s),
      },
    });
  }
  return results;
}

describe('dotenv setting-rule pre-filter', function () {
  this.timeout(60_000);

  it('never skips an entry the setting rules would report on or take note of', () => {
    let skipped = 0;
    let reported = 0;
    fc.assert(
      fc.property(key, value, quote, fc.constantFrom('/ws/.env', '/ws/.env.example', '/ws/.env.production'), (k, v, q, file) => {
        for (const { skip, out } of runSettingRules(file, `${k}=${q}${v}${q}`)) {
          if (out.findings > 0) reported++;
          if (!skip) continue;
          skipped++;
          assert.deepEqual(out, { findings: 0, secret: false, conns: 0, keys: 0, urlRef: undefined }, `skipped ${k}=${q}${v}${q}`);
        }
      }),
      { numRuns: 4000 },
    );
    // The generator reaches both sides (else the property says nothing).
    assert.ok(skipped > 200, `only ${skipped} entries were skipped`);
    assert.ok(reported > 200, `only ${reported} entries had findings`);
  });

  it('lets through each kind of value the rules read', () => {
    const cases: Array<[string, string]> = [
      ['DATABASE_URL', 'postgres://app:Zq8xLw2pV9@db.example.com/app'],
      ['CONN', 'host=db password=x'],
      ['ANON', jwt({ iss: 'supabase', ref: 'abcdefghijklmnopqrst', role: 'anon' })],
      ['K', 'sb_secret_abcdefghijklmnopqrstu'],
      ['X', 'ghp_' + 'a1B2'.repeat(9)],
      ['DB_PASSWORD', 'Zq8xLw2pV9'],
      ['GOOGLE_APPLICATION_CREDENTIALS', './key.json'],
      ['apiKey', 'abc'],
      ['SUPABASE_URL', 'https://abcdefghijklmnopqrst.supabase.co'],
      ['DB', 'jdbc:MySQL://h/db'],
    ];
    for (const [k, v] of cases) assert.equal(settingRulesApply(k, v, v), true, `${k}=${v}`);
    for (const [k, v] of [
      ['PORT', '3000'],
      ['LOG_LEVEL', 'info'],
      ['APP_HOST', 'https://api.example.com/v1'],
      ['REDIS_URL', 'redis://cache:6379/0'],
      ['MESSAGE', 'hello world'],
    ]) {
      assert.equal(settingRulesApply(k, v, v), false, `${k}=${v}`);
    }
  });
});
