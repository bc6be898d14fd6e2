/**
 * ORM configs in JS/TS read by @babel/parser without running them (issue 15):
 * snippets written from Drizzle's, Knex's, TypeORM's and Strapi's documented
 * config shapes; environment reads are references, their literal defaults judged.
 */
import * as assert from 'node:assert/strict';
import { isLintable } from '../../../src/server/config/lint';
import { parseJsSettings } from '../../../src/server/config/formats/jsSettings';
import { covered, lint, only } from './helpers';

const ids = (fs: Array<{ ruleId: string }>) => fs.map((f) => f.ruleId).sort();

describe('JS/TS ORM configs', () => {
  it('settings with key paths; env reads as references; TS wrappers unwrapped', () => {
    const ts =
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({\n  dbCredentials: {\n    host: process.env.DB_HOST!,\n    port: Number(process.env.DB_PORT),\n    user: process.env.DB_USER as string,\n    password: process.env.DB_PASSWORD ?? 'postgres',\n    database: `app`,\n    ssl: false,\n  },\n});\n";
    const byPath = new Map(parseJsSettings(ts, true).settings.map((s) => [s.path.join('.'), s.value]));
    assert.deepEqual(Object.fromEntries(byPath), {
      'dbCredentials.host': '${DB_HOST}',
      'dbCredentials.port': '${DB_PORT}',
      'dbCredentials.user': '${DB_USER}',
      'dbCredentials.password': '${DB_PASSWORD:-postgres}',
      'dbCredentials.database': 'app',
      'dbCredentials.ssl': 'false',
    });
  });

  it('Drizzle with a remote host, a superuser, a weak literal password and ssl: false', () => {
    const ts =
      'import { defineConfig } from "drizzle-kit";\nexport default defineConfig({\n  dialect: "postgresql",\n  dbCredentials: {\n    host: "203.0.113.40",\n    user: "postgres",\n    password: "123456",\n    database: "shop",\n    ssl: false,\n  },\n});\n';
    const fs = lint('drizzle.config.ts', ts);
    assert.deepEqual(ids(fs), ['plaintext-secret', 'superuser-account', 'tls-disabled', 'weak-password']);
    assert.equal(covered(ts, only(fs, 'plaintext-secret')[0]), '123456', 'the finding covers the literal inside its quotes');
    assert.equal(only(fs, 'weak-password')[0].severity, 'error');
  });

  it('a knexfile with a local weak password; environments nested', () => {
    const js =
      "module.exports = {\n  development: {\n    client: 'pg',\n    connection: { host: '127.0.0.1', user: 'app', password: 'app', database: 'shop' },\n  },\n  production: { client: 'pg', connection: process.env.DATABASE_URL },\n};\n";
    const fs = lint('knexfile.js', js);
    assert.deepEqual(ids(fs), ['plaintext-secret', 'weak-password']);
    assert.equal(only(fs, 'weak-password')[0].severity, 'warning');
  });

  it('the default of an environment read is judged: weak when it is a default password', () => {
    const fs = lint(
      'drizzle.config.ts',
      "export default { dbCredentials: { host: 'localhost', password: process.env.PGPASSWORD || 'postgres' } };\n",
    );
    assert.match(only(fs, 'weak-password')[0]?.message ?? '', /when PGPASSWORD is not set/);
    assert.equal(only(fs, 'plaintext-secret').length, 0, 'a common default is weak, not a leaked secret');
  });

  it('look-alikes: env reads without defaults, ssl from a variable, placeholders, a non-database module', () => {
    const ts =
      "import { DataSource } from 'typeorm';\nexport default new DataSource({\n  type: 'postgres',\n  host: process.env.DB_HOST,\n  username: process.env.DB_USERNAME,\n  password: process.env.DB_PASSWORD,\n  ssl: process.env.DB_SSL === 'true',\n});\n";
    assert.deepEqual(ids(lint('data-source.ts', ts)), []);
    assert.deepEqual(
      ids(lint('knexfile.js', "module.exports = { connection: { password: '<your-password>', host: 'db.example.com' } };\n")),
      [],
    );
    assert.deepEqual(
      ids(lint('config/index.ts', "export const theme = { password: 'hunter2hunter2' };\n")),
      [],
      'no database client: not read',
    );
  });

  it('a database module in a db directory is read when it creates a client', () => {
    const js = "const knex = require('knex')({ client: 'pg', connection: { host: '127.0.0.1', user: 'u', password: '123456' } });\n";
    assert.ok(isLintable('/ws/database/index.js'));
    assert.deepEqual(ids(lint('database/index.js', js)), ['plaintext-secret', 'weak-password']);
  });

  it('syntax the parser cannot read does not crash the lint', () => {
    assert.deepEqual(ids(lint('knexfile.js', 'module.exports = {{{ ')), []);
  });
});
