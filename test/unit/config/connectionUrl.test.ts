/**
 * One tokenizer, two views: the linter's spans (findConnectionUrls, offsets into the text) and the
 * offset-free decoded view (splitUrl / parseConnectionString, used by "Add from Connection String",
 * the probes and the CLI). A differential property over random URLs: both read every URL the same.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findConnectionUrls } from '../../../src/server/config/connectionString';
import { decodeComponent, splitUrl, tokenizeUrl, urlWithoutPassword } from '../../../src/shared/connectionUrl';
import { ConnectionStringError, parseConnectionString } from '../../../src/shared/providerSchemas';

// Characters a URL may hold inside a config value (no whitespace, quotes or angle brackets, which end
// it for the scanner), with the delimiters people leave unencoded in passwords.
const piece = (min: number, max: number, extra = ''): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[A-Za-z0-9._~%!$&()*+,;=${extra}-]{${min},${max}}$`));
const hex = fc.stringMatching(/^[0-9A-F]{2}$/);
const encoded = fc.tuple(piece(0, 6), hex, piece(0, 6)).map(([a, h, b]) => `${a.replace(/%/g, '')}%${h}${b.replace(/%/g, '')}`);
const userPart = fc.oneof(
  piece(1, 10).map((s) => s.replace(/%/g, '')),
  encoded,
);
const passwordPart = fc.oneof(
  piece(1, 16).map((s) => s.replace(/%/g, '')),
  encoded,
  fc.tuple(piece(1, 6), fc.constantFrom('@', '/', '#', '?', '@@'), piece(1, 6)).map(([a, d, b]) => `${a}${d}${b}`.replace(/%/g, '')),
);
const hostName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,8}){0,2}$/),
  fc.constantFrom('[::1]', '[2001:db8::7]', '127.0.0.1'),
);
const port = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`),
);
const host = fc.tuple(hostName, port).map(([h, p]) => h + p);
const param = fc
  .tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/), fc.stringMatching(/^[A-Za-z0-9._~%+-]{0,10}$/))
  .map(([k, v]) => `${k}=${v}`);
const url = fc
  .record({
    scheme: fc.constantFrom('postgres', 'postgresql', 'mysql', 'mariadb', 'mongodb', 'mongodb+srv'),
    user: fc.option(userPart, { nil: undefined }),
    password: fc.option(passwordPart, { nil: undefined }),
    hosts: fc.array(host, { minLength: 1, maxLength: 3 }),
    database: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { nil: undefined }),
    params: fc.array(param, { maxLength: 3 }),
  })
  .map((u) => {
    const auth = u.user !== undefined ? `${u.user}${u.password !== undefined ? `:${u.password}` : ''}@` : '';
    const q = u.params.length ? `?${u.params.join('&')}` : '';
    return `${u.scheme}://${auth}${u.hosts.join(',')}${u.database !== undefined || q ? '/' : ''}${u.database ?? ''}${q}`;
  })
  // A trailing , ; ) ] } belongs to the surrounding syntax for the scanner: not a URL this test is about.
  .filter((s) => !/[,;)\]}]$/.test(s));

describe('connection URLs: one tokenizer, two views (differential)', () => {
  it('the linter and the decoded view agree on user, password, hosts, ports, database and parameters', () => {
    fc.assert(
      fc.property(url, (text) => {
        const found = findConnectionUrls(text);
        const split = splitUrl(text);
        assert.ok(split, `splitUrl refused ${text}`);
        assert.equal(found.length >= 1 && found[0].start === 0, true, `the linter did not find ${text}`);
        const info = found[0];
        assert.equal(info.end, text.length, `the linter cut ${text} at ${info.end}`);
        assert.equal(info.user && decodeComponent(info.user.text), split.user);
        assert.equal(info.password && decodeComponent(info.password.text), split.password);
        assert.deepEqual(
          info.hosts.map((h) => [decodeComponent(h.host).toLowerCase(), h.port?.text]),
          split.hostList.map((h) => [h.host.toLowerCase(), h.port]),
        );
        assert.equal(info.database ? decodeComponent(info.database.text) : '', split.path);
        assert.deepEqual(
          info.params.map((p) => [decodeComponent(p.key.text), decodeComponent(p.value.text.replace(/\+/g, ' '))]),
          split.params,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('"Add from Connection String" takes the same password the linter points at, and removes exactly it', () => {
    fc.assert(
      fc.property(url, (text) => {
        const info = findConnectionUrls(text)[0];
        const stripped = urlWithoutPassword(text);
        if (!info.password) return stripped === text;
        return stripped === text.slice(0, info.password.start - 1) + text.slice(info.password.end);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads an unencoded "@", "/" or "?" in a password up to the last "@" before the host', () => {
    const text = 'postgres://app:p@ss/w?rd@db.example.com:5432/orders?sslmode=require';
    const t = tokenizeUrl(text, 'postgres://'.length, text.length);
    assert.equal(t.password?.text, 'p@ss/w?rd');
    assert.deepEqual(
      t.hosts.map((h) => [h.host, h.port?.text]),
      [['db.example.com', '5432']],
    );
    assert.equal(t.database?.text, 'orders');
    assert.equal(splitUrl(text)?.password, 'p@ss/w?rd');
  });

  it('a port that is not a number is a usage error before any lookup, like an out-of-range one', () => {
    for (const [text, what] of [
      ['postgres://u@host:notaport/db', 'notaport'],
      ['postgres://u@host:99999/db', '99999'],
      ['mysql://u@host:/db', ''],
    ] as const) {
      assert.throws(
        () => parseConnectionString(text),
        (e: unknown) =>
          e instanceof ConnectionStringError && e.code === 'ERR_INVALID_CONFIG' && e.message.includes(`invalid port '${what}'`),
        text,
      );
    }
    assert.equal(parseConnectionString('postgres://u@Host.Example.com:6543/db').config.port, 6543);
  });
});
