import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { discover, type DiscoveryInput } from '../../../src/server/connections/discovery';

const root = '/work/app';
const f = (rel: string, text: string): DiscoveryInput => ({ file: path.join(root, rel), text });
const noFiles = (): string | undefined => undefined;

describe('connection discovery', () => {
  it('finds a URL in .env, splits the password out and records the source line', () => {
    const found = discover(
      [f('.env', '# db\nDATABASE_URL=postgres://app:s3cr%40t@db.example.com:5433/shop?sslmode=require\n')],
      noFiles,
      root,
    );
    assert.equal(found.length, 1);
    const d = found[0];
    assert.equal(d.config.provider, 'postgres');
    assert.equal(d.config.host, 'db.example.com');
    assert.equal(d.config.port, 5433);
    assert.equal(d.config.database, 'shop');
    assert.equal(d.config.user, 'app');
    assert.equal(d.secret.password, 's3cr@t');
    assert.ok(!JSON.stringify(d.config).includes('s3cr'), 'the password must not stay in the settings object');
    assert.deepEqual(d.source, { file: path.join(root, '.env'), line: 2, key: 'DATABASE_URL' });
  });

  it('expands ${VAR} from the same folder .env and ignores templates', () => {
    const found = discover(
      [
        f('.env', 'DB_PASS=hunter2\nMYSQL_URL=mysql://root:${DB_PASS}@127.0.0.1:3306/app\n'),
        f('.env.example', 'MONGODB_URI=mongodb+srv://user:<password>@cluster0.example.net/app\n'),
      ],
      noFiles,
      root,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0].config.provider, 'mysql');
    assert.equal(found[0].secret.password, 'hunter2');
  });

  it('keeps a MongoDB URL without its password', () => {
    const [d] = discover([f('.env.local', 'MONGODB_URI=mongodb://app:pw@localhost:27017/app?authSource=admin\n')], noFiles, root);
    assert.equal(d.config.provider, 'mongodb');
    assert.equal(d.secret.password, 'pw');
    assert.ok(d.config.url && !d.config.url.includes(':pw@'));
  });

  it('pairs SUPABASE_URL with the least-privileged key beside it', () => {
    const [d] = discover(
      [
        f(
          '.env',
          'NEXT_PUBLIC_SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co\nSUPABASE_SERVICE_ROLE_KEY=service\nNEXT_PUBLIC_SUPABASE_ANON_KEY=anon\n',
        ),
      ],
      noFiles,
      root,
    );
    assert.equal(d.config.provider, 'supabase');
    assert.equal(d.config.projectUrl, 'https://abcdefghijklmnopqrst.supabase.co');
    assert.equal(d.secret.apiKey, 'anon');
  });

  it('reads a service-account key named by GOOGLE_APPLICATION_CREDENTIALS', () => {
    const key = JSON.stringify({ type: 'service_account', project_id: 'shop-123', private_key: 'k' });
    const files: Record<string, string> = { [path.join(root, 'keys/sa.json')]: key };
    const [d] = discover([f('.env', 'GOOGLE_APPLICATION_CREDENTIALS=./keys/sa.json\n')], (p) => files[p], root);
    assert.equal(d.config.provider, 'firebase');
    assert.equal(d.config.projectId, 'shop-123');
    assert.equal(d.secret.serviceAccountJson, key);
  });

  it('turns compose database services with published ports into local connections', () => {
    const compose = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_USER: shop',
      '      POSTGRES_PASSWORD: ${PGPASS}',
      '    ports:',
      '      - "127.0.0.1:15432:5432"',
      '  cache:',
      '    image: redis:7',
      '    ports: ["6379:6379"]',
      '  internal:',
      '    image: mysql:8',
      '',
    ].join('\n');
    const found = discover([f('docker-compose.yml', compose), f('.env', 'PGPASS=pg-secret\n')], noFiles, root);
    assert.equal(found.length, 1, JSON.stringify(found));
    const d = found[0];
    assert.equal(d.config.provider, 'postgres');
    assert.equal(d.config.port, 15432);
    assert.equal(d.config.user, 'shop');
    assert.equal(d.config.database, 'shop');
    assert.equal(d.secret.password, 'pg-secret');
    assert.equal(d.source.line, 3);
  });

  it('de-duplicates the same target found twice and never throws on junk', () => {
    const url = 'DATABASE_URL=postgres://a:b@h:5432/d\n';
    assert.equal(discover([f('.env', url), f('.env.local', url)], noFiles, root).length, 1);
    assert.deepEqual(
      discover(
        [f('docker-compose.yml', 'services: [unclosed'), f('.env', '\u0000\u0001=\n'), f('prisma/schema.prisma', 'datasource db {')],
        noFiles,
        root,
      ),
      [],
    );
  });
});
