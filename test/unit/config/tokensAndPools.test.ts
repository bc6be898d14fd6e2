/**
 * Vendor token formats of commonly called services, secrets read from
 * browser-exposed variables, and pool sizes against the server limit
 * (issue 15). Tokens are generated here in each vendor's documented shape.
 */
import * as assert from 'node:assert/strict';
import { lint, only } from './helpers';

const ids = (fs: Array<{ ruleId: string }>) => fs.map((f) => f.ruleId).sort();
const rnd = (n: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');

describe('token formats', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['STRIPE_SECRET_KEY', `sk_test_51${rnd(40)}`, /Stripe secret key/],
    ['TELEGRAM_BOT_TOKEN', `6565510985:AA${rnd(33)}`, /Telegram bot token/],
    ['SLACK_BOT_TOKEN', `xoxb-123456789012-${rnd(24)}`, /Slack token/],
    ['SENDGRID_API_KEY', `SG.${rnd(22)}.${rnd(43)}`, /SendGrid/],
    ['ANTHROPIC_API_KEY', `sk-ant-api03-${rnd(90)}`, /Anthropic/],
    ['HF_TOKEN', `hf_${rnd(34)}`, /Hugging Face/],
    ['GITLAB_TOKEN', `glpat-${rnd(20)}`, /GitLab/],
    ['NPM_TOKEN', `npm_${rnd(36)}`, /npm access token/],
  ];
  for (const [key, token, name] of cases)
    it(`${key}: reported as a known token`, () => {
      const [f] = only(
        lint('config/settings.yml', `app:\n  ${key}: ${token}\n  database_url: postgres://db.example.com/app\n`),
        'known-token',
      );
      assert.ok(f, 'reported');
      assert.match(f.message, name);
    });
  it('look-alikes: a Telegram-like id without the token part, an Anthropic key placeholder, a Stripe publishable key', () => {
    const yml = `app:\n  chat: "6565510985:chatroom"\n  anthropic: sk-ant-api03-xxxxxxxx\n  stripe_publishable: pk_test_51${rnd(40)}\n  database_url: postgres://db.example.com/app\n`;
    assert.deepEqual(only(lint('config/settings.yml', yml), 'known-token'), []);
  });
});

describe('secrets read from browser-exposed variables', () => {
  it('a Supabase CLI OAuth secret read from a NEXT_PUBLIC_ variable', () => {
    const toml =
      '[auth.external.google]\nenabled = true\nclient_id = "env(NEXT_PUBLIC_GOOGLE_CLIENT_ID)"\nsecret = "env(NEXT_PUBLIC_GOOGLE_SECRET)"\n';
    const fs = lint('supabase/config.toml', toml);
    assert.deepEqual(ids(fs), ['client-exposed-secret']);
    assert.equal(fs[0].range.start.line, 3);
  });
  it('compose and JS references to VITE_ secrets; public-by-design names stay quiet', () => {
    assert.equal(
      only(
        lint('docker-compose.yml', 'services:\n  api:\n    build: .\n    environment:\n      JWT_SECRET: ${VITE_JWT_SECRET}\n'),
        'client-exposed-secret',
      ).length,
      1,
    );
    const quiet =
      'services:\n  web:\n    build: .\n    environment:\n      SUPABASE_KEY: ${NEXT_PUBLIC_SUPABASE_ANON_KEY}\n      API_KEY: ${SERVER_API_KEY}\n';
    assert.deepEqual(ids(lint('docker-compose.yml', quiet)), []);
  });
});

describe('pool sizes against the server limit', () => {
  it('a Knex pool above PostgreSQL’s default max_connections', () => {
    const js = "module.exports = { client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 2, max: 500 } };\n";
    const [f] = only(lint('knexfile.js', js), 'pool-exceeds-server-limit');
    assert.match(f?.message ?? '', /500 is above PostgreSQL's default max_connections \(100\)/);
  });
  it('a HikariCP pool within MySQL’s default limit, and above it', () => {
    const ok = 'spring.datasource.url=jdbc:mysql://db/shop\nspring.datasource.hikari.maximum-pool-size=120\n';
    assert.deepEqual(only(lint('src/main/resources/application.properties', ok), 'pool-exceeds-server-limit'), []);
    const over = 'spring.datasource.url=jdbc:mysql://db/shop\nspring.datasource.hikari.maximum-pool-size=200\n';
    assert.match(
      only(lint('src/main/resources/application.properties', over), 'pool-exceeds-server-limit')[0]?.message ?? '',
      /MySQL's default max_connections \(151\)/,
    );
  });
  it('a compose server started with a lower max_connections', () => {
    const yml =
      'services:\n  db:\n    image: postgres:16\n    command: postgres -c max_connections=20\n  api:\n    build: .\n    environment:\n      DB_CLIENT: pg\n      DB_POOL_SIZE: "10"\n';
    assert.deepEqual(only(lint('docker-compose.yml', yml), 'pool-exceeds-server-limit'), []);
    const js = "module.exports = { client: 'pg', pool: { max: 50 }, note: 'postgres -c max_connections=40' };\n";
    assert.match(only(lint('knexfile.js', js), 'pool-exceeds-server-limit')[0]?.message ?? '', /set here \(40\)/);
  });
  it('no server known, or a pool within the default: quiet', () => {
    assert.deepEqual(only(lint('knexfile.js', 'module.exports = { pool: { max: 500 } };\n'), 'pool-exceeds-server-limit'), []);
    assert.deepEqual(
      only(lint('knexfile.js', "module.exports = { client: 'mysql2', pool: { max: 20 } };\n"), 'pool-exceeds-server-limit'),
      [],
    );
  });
});
