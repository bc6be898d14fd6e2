// Builds src/server/diagnosis/docsearch/providerErrors.json, the offline index data of the
// providers' public error references (see src/server/diagnosis/docsearch/SOURCES.md for each
// source and its licence). Rerun after a source changes:
//   (cd /tmp && apt-get download postgresql-doc-15 mariadb-server-core libmariadb-dev)
//   for d in /tmp/postgresql-doc-15_*.deb /tmp/mariadb-server-core_*.deb /tmp/libmariadb-dev_*.deb; do dpkg-deb -x $d /tmp/refs; done
//   node scripts/docs-index/extract.mjs /tmp/refs
// The npm packages (mysql2, firebase-admin, @supabase/auth-js) are read from node_modules; the
// hand-kept tables (MongoDB, PostgREST) from scripts/docs-index/*.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const refs = process.argv[2];
if (!refs) {
  console.error('usage: node scripts/docs-index/extract.mjs DIR   (DIR holds the extracted Debian packages)');
  process.exit(2);
}
const require = createRequire(path.join(root, 'package.json'));
const out = [];
const add = (provider, code, name, text, url, source) => out.push({ provider, code: String(code), name, text, url, source });
const words = (name) =>
  name
    .replace(/^(ER|CR|ERRCODE)_/, '')
    .toLowerCase()
    .replace(/[_-]+/g, ' ');

// PostgreSQL: the SQLSTATE table of the manual (Appendix A), with each code's class.
{
  const file = path.join(refs, 'usr/share/doc/postgresql-doc-15/html/errcodes-appendix.html');
  const html = fs.readFileSync(file, 'utf8');
  let cls = '';
  const re =
    /Class ([0-9A-Z]{2}) — ([^<]+)|<td><code class="literal">([0-9A-Z]{5})<\/code><\/td><td><code class="symbol">([a-z_]+)<\/code><\/td>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) cls = `Class ${m[1]}: ${m[2].trim()}`;
    else
      add(
        'postgres',
        m[3],
        m[4],
        `${words(m[4])}. ${cls}`,
        'https://www.postgresql.org/docs/current/errcodes-appendix.html',
        'postgresql-doc-15',
      );
  }
}

// MariaDB server messages (english/errmsg.sys, as sql/derror.cc reads it) and the client's names.
{
  const buf = fs.readFileSync(path.join(refs, 'usr/share/mysql/english/errmsg.sys'));
  if (buf[0] !== 254 || buf[1] !== 254 || buf[2] !== 2) throw new Error('errmsg.sys: unknown header');
  const count = buf.readUInt16LE(12);
  const sections = buf.readUInt16LE(14);
  const sizes = [];
  for (let i = 0; i < sections; i++) sizes.push(buf.readUInt16LE(32 + 2 * i));
  let at = 32 + 2 * sections + 2 * count; // the per-message length table is skipped: messages end with NUL
  const names = new Map();
  for (const h of ['usr/include/mariadb/mysqld_error.h', 'usr/include/mariadb/errmsg.h'])
    for (const m of fs.readFileSync(path.join(refs, h), 'utf8').matchAll(/#define\s+((?:ER|CR)_[A-Z0-9_]+)\s+(\d+)/g))
      if (!/_(FIRST|LAST)(_SECTION_\d+)?$|^ER_ERROR_LAST|^CR_(MIN|MAX)_ERROR$/.test(m[1])) names.set(Number(m[2]), m[1]);
  for (const [k, v] of Object.entries(require(path.join(root, 'node_modules/mysql2/lib/constants/errors.js'))))
    if (/^\d+$/.test(k) && !names.has(Number(k)) && Number(k) < 2000) names.set(Number(k), v);
  sizes.forEach((size, s) => {
    for (let i = 0; i < size; i++) {
      const end = buf.indexOf(0, at);
      const text = buf.subarray(at, end).toString('utf8');
      at = end + 1;
      const code = 1000 * (s + 1) + i;
      if (!text) continue;
      add('mysql', code, names.get(code) ?? '', text, 'https://mariadb.com/kb/en/mariadb-error-code-reference/', 'mariadb-server-core');
    }
  });
  // Client errors (2000-2999): their names, and the MySQL Connector wording is the name in words.
  for (const [code, name] of names)
    if (code >= 2000 && code < 3000)
      add(
        'mysql',
        code,
        name,
        `${words(name)}. Client error`,
        'https://dev.mysql.com/doc/mysql-errors/8.4/en/client-error-reference.html',
        'libmariadb-dev',
      );
  // MySQL 8's own server codes (3000+) where MariaDB numbers differ: the name only.
  for (const [k, v] of Object.entries(require(path.join(root, 'node_modules/mysql2/lib/constants/errors.js'))))
    if (/^\d+$/.test(k) && Number(k) >= 3000 && Number(k) < 4000)
      add(
        'mysql',
        k,
        v,
        `${words(v)}. MySQL 8 server error`,
        'https://dev.mysql.com/doc/mysql-errors/8.4/en/server-error-reference.html',
        'mysql2',
      );
}

// Firebase Admin SDK: its error-code tables, with their messages.
{
  const errors = require(path.join(root, 'node_modules/firebase-admin/lib/utils/error.js'));
  const pages = {
    AuthClientErrorCode: ['auth', 'https://firebase.google.com/docs/auth/admin/errors'],
    MessagingClientErrorCode: ['messaging', 'https://firebase.google.com/docs/cloud-messaging/send-message#admin_sdk_error_reference'],
    InstallationsClientErrorCode: ['installations', 'https://firebase.google.com/docs/reference/admin/node/firebase-admin.installations'],
    InstanceIdClientErrorCode: ['instance-id', 'https://firebase.google.com/docs/reference/admin/node/firebase-admin.instance-id'],
  };
  for (const [table, [prefix, url]] of Object.entries(pages))
    for (const { code, message } of Object.values(errors[table]))
      add('firebase', `${prefix}/${code}`, code, message, url, 'firebase-admin');
  for (const name of Object.getOwnPropertyNames(errors.AppErrorCodes).filter((n) => typeof errors.AppErrorCodes[n] === 'string'))
    add(
      'firebase',
      `app/${errors.AppErrorCodes[name]}`,
      errors.AppErrorCodes[name],
      `${words(errors.AppErrorCodes[name])}. App error`,
      'https://firebase.google.com/docs/reference/admin/error-handling',
      'firebase-admin',
    );
}

// Supabase Auth error codes (auth-js's list of the server's codes) and PostgREST's table.
{
  const dts = fs.readFileSync(path.join(root, 'node_modules/@supabase/auth-js/dist/module/lib/error-codes.d.ts'), 'utf8');
  for (const m of dts.matchAll(/'([a-z0-9_]+)'/g))
    add(
      'supabase',
      m[1],
      m[1],
      `${words(m[1])}. Supabase Auth error code`,
      'https://supabase.com/docs/guides/auth/debugging/error-codes',
      '@supabase/auth-js',
    );
  for (const e of JSON.parse(fs.readFileSync(path.join(root, 'scripts/docs-index/postgrest.json'), 'utf8')))
    add('supabase', e.code, e.code, e.text, 'https://docs.postgrest.org/en/stable/references/errors.html', 'postgrest-docs');
}

// MongoDB server error codes (src/mongo/base/error_codes.yml; the operational ones, kept by hand).
for (const e of JSON.parse(fs.readFileSync(path.join(root, 'scripts/docs-index/mongodb.json'), 'utf8')))
  add(
    'mongodb',
    e.code,
    e.name,
    `${e.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}${e.categories ? `. ${e.categories}` : ''}`,
    'https://www.mongodb.com/docs/manual/reference/error-codes/',
    'mongodb-error-codes',
  );

const seen = new Set();
const unique = [];
for (const e of out) {
  const k = `${e.provider}:${e.code}:${e.name}`;
  if (seen.has(k)) continue;
  seen.add(k);
  unique.push(e);
}
// Compact form: each entry names its reference page by index ([provider, code, name, text, ref]).
const refsList = [];
const refIndex = new Map();
const rows = unique.map((e) => {
  const key = `${e.url} ${e.source}`;
  if (!refIndex.has(key)) {
    refIndex.set(key, refsList.length);
    refsList.push({ url: e.url, source: e.source });
  }
  return [e.provider, e.code, e.name, e.text, refIndex.get(key)];
});
const target = path.join(root, 'src/server/diagnosis/docsearch/providerErrors.json');
fs.writeFileSync(target, `{"refs":${JSON.stringify(refsList)},\n"entries":[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`);
const by = {};
for (const e of unique) by[e.provider] = (by[e.provider] ?? 0) + 1;
console.log(`wrote ${path.relative(root, target)}: ${unique.length} entries`, by);
