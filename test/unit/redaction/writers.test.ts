/**
 * The redaction properties, run against EVERY writer (test/support/writers.ts): whatever a writer is
 * handed, the secrets in it never come out. Writers that know the connection's secret must also
 * mask every literal form of it (raw, percent-encoded, JSON-escaped, base64 in Basic auth), wherever
 * it sits in the text.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MASK, secretForms } from '../../../src/server/secrets';
import { WRITERS } from '../../support/writers';

const count = (text: string, sub: string): number => text.split(sub).length - 1;

/** Passwords as people choose them, including the characters that break URLs when left unencoded. */
const password = fc.stringMatching(/^[A-Za-z0-9!#$%^&*()_+=.~@/-]{8,30}$/).filter((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p));
const user = fc.stringMatching(/^[a-z][a-z0-9_]{3,12}$/);
const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{10,40}$/);
const jwt = fc.tuple(b64url, b64url, b64url).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`);

/** Where real error texts carry a secret the writer was not told about. */
const UNKNOWN: Array<(s: { pw: string; user: string; jwt: string }) => string> = [
  (s) => `connect to postgres://${s.user}:${encodeURIComponent(s.pw)}@db.example.com:5432/app failed`,
  (s) => `connect to postgres://${s.user}:${s.pw}@db.example.com:5432/app failed`,
  (s) => `password authentication failed (password=${s.pw.replace(/[@/#]/g, '')})`,
  (s) => `PGPASSWORD=${s.pw} psql -h db`,
  (s) => `request failed: Authorization: Bearer ${s.jwt}`,
  (s) => `{"user":"${s.user}","password":"${s.pw}"}`,
  (s) => `token ${s.jwt} expired`,
];

/** The secret of this text in a template (what must not survive). */
const secretOf = (t: number, s: { pw: string; jwt: string }): string[] =>
  t === 0 ? [encodeURIComponent(s.pw)] : t === 2 ? [s.pw.replace(/[@/#]/g, '')] : t === 4 || t === 6 ? [s.jwt] : [s.pw];

describe('redaction: every writer (property)', () => {
  for (const writer of WRITERS) {
    it(`${writer.name}: secrets it was not told about (URL passwords, password=, Bearer, JWT) never come out`, async () => {
      await fc.assert(
        fc.asyncProperty(password, user, jwt, fc.integer({ min: 0, max: UNKNOWN.length - 1 }), async (pw, u, j, t) => {
          const out = await writer.write(UNKNOWN[t]({ pw, user: u, jwt: j }), {}, u);
          // The same text built from placeholders: a generated value may occur in the fixed vocabulary.
          const base = await writer.write(UNKNOWN[t]({ pw: 'Placeholder1pw', user: u, jwt: 'eyJplaceholder' }), {}, u);
          for (const s of secretOf(t, { pw, jwt: j })) {
            if (count(out, s) > count(base, s)) throw new Error(`${writer.name} leaked ${JSON.stringify(s)}: ${out}`);
          }
        }),
        { numRuns: 60 },
      );
    });

    if (!writer.knowsSecret) continue;
    it(`${writer.name}: every literal form of the connection's own secret is masked, wherever it sits`, async () => {
      await fc.assert(
        fc.asyncProperty(password, user, fc.integer({ min: 0, max: 4 }), async (pw, u, f) => {
          const forms = secretForms(pw, [u]);
          const basic = Buffer.from(`${u}:${pw}`).toString('base64');
          const form = [pw, encodeURIComponent(pw), JSON.stringify(pw).slice(1, -1), basic, pw.toUpperCase()][f];
          const text = `driver said: could not log in with ${form}; retry`;
          const out = await writer.write(text, { password: pw }, u);
          if (f === 4) return; // not a form of the secret: nothing is promised, only that nothing throws
          for (const s of forms) if (out.includes(s)) throw new Error(`${writer.name} kept ${JSON.stringify(s)}: ${out}`);
          assert.ok(out.includes(MASK), `${writer.name} did not mask: ${out}`);
        }),
        { numRuns: 60 },
      );
    });

    it(`${writer.name}: a short password is masked where it stands alone, not inside other words`, async () => {
      const out = await writer.write('login with pw x7 failed at tablex7s', { password: 'x7' }, 'app');
      assert.ok(out.includes(`pw ${MASK} failed`), out);
      assert.ok(out.includes('tablex7s'), out);
    });
  }
});
