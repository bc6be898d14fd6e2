import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { redact } from '../../../src/server/secrets';

describe('redaction of secrets in free text', () => {
  it('removes values of keys that end in a secret word: DB_PASSWORD, MYSQL_ROOT_PASSWORD, spring.datasource.password, PGPASSWORD', () => {
    const cases: Array<[string, string]> = [
      ['PGPASSWORD=hunter2 psql -h db', 'hunter2'],
      ["DB_PASSWORD: 'abc def'", 'abc def'],
      ['MYSQL_ROOT_PASSWORD=r00t-Pw', 'r00t-Pw'],
      ['spring.datasource.password=Spr1ng!', 'Spr1ng!'],
      ['SUPABASE_SERVICE_ROLE_KEY=eyJxxx', 'eyJxxx'],
      ['{"db_password": "x y z"}', 'x y z'],
      ['Server=tcp:h;User ID=sa;Password=Secr3t!;Encrypt=True', 'Secr3t!'],
    ];
    for (const [text, secret] of cases) {
      const out = redact(text);
      assert.ok(!out.includes(secret), `${secret} kept in ${out}`);
      assert.match(out, /\[REDACTED\]/);
    }
  });

  it('removes a Bearer value whatever characters it holds', () => {
    for (const token of ['abc.DEF-123_x~', 'tok!$%en&*()x', 'ü-ñîçødé-tøkén']) {
      const out = redact(`401 with Authorization: Bearer ${token} (expired)`);
      assert.equal(out, '401 with Authorization: Bearer [REDACTED] (expired)');
    }
  });

  it('leaves words that merely contain a secret word alone', () => {
    assert.equal(redact('the compass: north; bypass traffic'), 'the compass: north; bypass traffic');
  });

  it('takes the userinfo up to the last "@" of the authority, so an unencoded "@" in a password is removed whole', () => {
    const out = redact('connect postgres://app:p@ss@db.example.com:5432/x failed');
    assert.equal(out, 'connect postgres://app:[REDACTED]@db.example.com:5432/x failed');
    assert.equal(redact('mongodb://u:pa%40ss@h/?authSource=admin'), 'mongodb://u:[REDACTED]@h/?authSource=admin');
  });

  it('replaces IPv6 addresses in their compressed forms, checked by a real parser', () => {
    const out = redact('connect ECONNREFUSED [::1]:5432; fe80::1 and 2001:db8::8a2e:370:7334 at 12:30', { allHosts: true });
    assert.equal(out, 'connect ECONNREFUSED [[IP]]:5432; [IP] and [IP] at 12:30');
  });

  it('a host to hide is hidden with its subdomains, also after an odd double dot', () => {
    const out = redact('x.db.example.com, db.example.com, foo..db.example.com, notdb.example.com', {
      hosts: ['db.example.com'],
    });
    assert.equal(out, '[HOST], [HOST], foo..[HOST], notdb.example.com');
  });

  it('a password in "password=…" never survives, whatever it looks like (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 24 }).filter((p) => /^\S+$/.test(p) && !p.includes('"') && !p.includes("'")),
        (pw) => {
          for (const key of ['password', 'PGPASSWORD', 'DB_PASSWORD', 'pwd']) {
            const out = redact(`error: ${key}=${pw} rejected`);
            if (out.includes(`${key}=${pw}`)) return false;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
