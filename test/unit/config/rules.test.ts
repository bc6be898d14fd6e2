import * as assert from 'node:assert/strict';
import { fixesOf } from '../../../src/server/config/types';
import { lint, one, only, covered, applyFix, NOW, ROOT } from './helpers';

function jwt(payload: Record<string, unknown>): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b(payload)}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
}
const REF = 'abcdefghijklmnopqrst';
const OTHER = 'zyxwvutsrqponmlkjihg';
const future = Math.floor(NOW / 1000) + 3600 * 24 * 365;
const SERVICE = jwt({ iss: 'supabase', ref: REF, role: 'service_role', iat: 1, exp: future });
const ANON = jwt({ iss: 'supabase', ref: REF, role: 'anon', iat: 1, exp: future });
const ignoreFix = { gitignorePath: `${ROOT}/.gitignore`, line: '/.env' };

describe('config rules', () => {
  describe('plaintext-password-in-url', () => {
    const text = '# app\nDATABASE_URL=postgres://app:Zq8-xLw2pV9@db.example.com:5432/app\n';
    it('is an Error on exactly the password of a committed .env, with an ignore fix', () => {
      const f = one(lint('.env', text, { ignoreFix }), 'plaintext-password-in-url');
      assert.equal(f.severity, 'error');
      assert.equal(covered(text, f), 'Zq8-xLw2pV9');
      const files = applyFix('.env', text, f, 0, {});
      assert.equal(files.get(`${ROOT}/.gitignore`), '/.env\n');
    });
    it('is Information when the file is git-ignored', () => {
      assert.equal(one(lint('.env', text, { ignored: true }), 'plaintext-password-in-url').severity, 'information');
    });
    it('is not reported for ${VAR} references or placeholders in templates', () => {
      assert.equal(
        only(lint('.env', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db.example.com/app\n'), 'plaintext-password-in-url').length,
        0,
      );
      assert.equal(
        only(lint('.env.example', 'DATABASE_URL=postgres://user:password@localhost:5432/app\n'), 'plaintext-password-in-url').length,
        0,
      );
      assert.equal(
        only(lint('.env.example', 'DATABASE_URL=postgres://user:<your-password>@db.example.com/app\n'), 'plaintext-password-in-url').length,
        0,
      );
    });
    it('reports a real-looking password in a template', () => {
      assert.equal(
        one(lint('.env.example', 'DATABASE_URL=postgres://app:Zq8xLw2pV9Ks@prod-db.acme.io/app\n'), 'plaintext-password-in-url').severity,
        'error',
      );
    });
    it('moves a compose password to .env and references it', () => {
      const yml = 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:Zq8xLw2pV9@db:5432/app\n';
      const f = one(lint('docker-compose.yml', yml), 'plaintext-password-in-url');
      const files = applyFix('docker-compose.yml', yml, f, 0, { '.env': 'PORT=1' });
      assert.equal(files.get(`${ROOT}/docker-compose.yml`), yml.replace('Zq8xLw2pV9', '${DATABASE_PASSWORD}'));
      assert.equal(files.get(`${ROOT}/.env`), 'PORT=1\nDATABASE_PASSWORD=Zq8xLw2pV9\n');
    });
    it('rewrites a Prisma url to env("DATABASE_URL")', () => {
      const schema =
        'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://app:Zq8xLw2pV9@db.example.com:5432/app" // main\n}\n';
      const f = one(lint('prisma/schema.prisma', schema), 'plaintext-password-in-url');
      assert.equal(covered(schema, f), 'Zq8xLw2pV9');
      const files = applyFix('prisma/schema.prisma', schema, f);
      assert.match(files.get(`${ROOT}/prisma/schema.prisma`)!, /url {6}= env\("DATABASE_URL"\) \/\/ main/);
      assert.equal(files.get(`${ROOT}/.env`), 'DATABASE_URL=postgresql://app:Zq8xLw2pV9@db.example.com:5432/app\n');
    });
  });

  describe('secret-file-not-ignored', () => {
    it('flags a .env with secrets on its first line, not one without', () => {
      const f = one(lint('.env', 'X=1\nSTRIPE_SECRET=Zq8xLw2pV9aa\n', { ignoreFix }), 'secret-file-not-ignored');
      assert.equal(f.range.start.line, 0);
      assert.equal(fixesOf(f)[0]?.edits[0].file, `${ROOT}/.gitignore`);
      assert.equal(only(lint('.env', 'PORT=3000\nNODE_ENV=production\n'), 'secret-file-not-ignored').length, 0);
      assert.equal(only(lint('.env', 'STRIPE_SECRET=Zq8xLw2pV9aa\n', { ignored: true }), 'secret-file-not-ignored').length, 0);
    });
    it('flags a service-account key file that is not ignored', () => {
      const sa = JSON.stringify(
        {
          type: 'service_account',
          project_id: 'p',
          private_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
          client_email: 'a@p.iam.gserviceaccount.com',
        },
        null,
        2,
      );
      assert.equal(one(lint('keys/prod-sa.json', sa), 'secret-file-not-ignored').severity, 'error');
      assert.equal(only(lint('keys/prod-sa.json', sa, { ignored: true }), 'secret-file-not-ignored').length, 0);
    });
  });

  describe('tls-disabled', () => {
    it('sslmode=disable to a public host is an Error with a fix to require', () => {
      const text = 'DATABASE_URL=postgres://app@db.example.com/app?sslmode=disable\n';
      const f = one(lint('.env', text), 'tls-disabled');
      assert.equal(f.severity, 'error');
      assert.equal(covered(text, f), 'sslmode=disable');
      assert.equal(applyFix('.env', text, f).get(`${ROOT}/.env`), text.replace('disable', 'require'));
    });
    it('prefer is a Warning; verify-full when a CA is configured', () => {
      const text = 'DATABASE_URL=postgres://app@db.example.com/app?sslrootcert=ca.pem&sslmode=prefer\n';
      const f = one(lint('.env', text), 'tls-disabled');
      assert.equal(f.severity, 'warning');
      assert.equal(applyFix('.env', text, f).get(`${ROOT}/.env`), text.replace('prefer', 'verify-full'));
    });
    it('mentions node-postgres certificate verification for providers with a private CA', () => {
      const f = one(lint('.env', `DATABASE_URL=postgres://app@db.${REF}.supabase.co/postgres?sslmode=prefer\n`), 'tls-disabled');
      assert.match(f.message, /uselibpqcompat/);
    });
    it('ignores local hosts and compose service names', () => {
      assert.equal(
        only(lint('.env', 'A=postgres://app@localhost/app?sslmode=disable\nB=postgres://app@db:5432/app?sslmode=disable\n'), 'tls-disabled')
          .length,
        0,
      );
    });
    it('MongoDB tls=false to Atlas is an Error; MySQL useSSL=false a Warning', () => {
      assert.equal(one(lint('.env', 'M=mongodb+srv://cluster0.ab1cd.mongodb.net/db?tls=false\n'), 'tls-disabled').severity, 'error');
      assert.equal(one(lint('.env', 'M=mysql://app@mysql.example.com:3306/db?useSSL=false\n'), 'tls-disabled').severity, 'warning');
    });
    it('reads structured settings (Rails database.yml)', () => {
      const yml = 'production:\n  adapter: postgresql\n  host: db.example.com\n  sslmode: disable\n  password: <%= ENV["DB_PASSWORD"] %>\n';
      const f = one(lint('config/database.yml', yml), 'tls-disabled');
      assert.equal(covered(yml, f), 'disable');
    });
  });

  describe('weak-password', () => {
    it('common password on a public host is an Error, on localhost a Warning', () => {
      assert.equal(
        one(lint('.env', 'A=postgres://app:password@db.example.com/app\n', { ignored: true }), 'weak-password').severity,
        'error',
      );
      assert.equal(one(lint('.env', 'A=postgres://app:password@localhost/app\n', { ignored: true }), 'weak-password').severity, 'warning');
    });
    it('password equal to the user, and empty passwords', () => {
      assert.match(one(lint('.env', 'A=mysql://shop:shop@db.example.com/shop\n', { ignored: true }), 'weak-password').message, /user name/);
      assert.match(one(lint('.env', 'A=mysql://shop:@db.example.com/shop\n', { ignored: true }), 'weak-password').message, /empty/);
    });
    it('does not flag strong passwords', () => {
      assert.equal(only(lint('.env', 'A=postgres://app:Zq8xLw2pV9Ks@db.example.com/app\n', { ignored: true }), 'weak-password').length, 0);
    });
  });

  describe('superuser-account', () => {
    it('warns for postgres/root/sa on a remote host, informs locally', () => {
      assert.equal(
        one(lint('.env', 'A=postgres://postgres:Zq8xLw2pV9@db.example.com/app\n', { ignored: true }), 'superuser-account').severity,
        'warning',
      );
      assert.equal(
        one(lint('.env', 'A=mysql://root:Zq8xLw2pV9@127.0.0.1/app\n', { ignored: true }), 'superuser-account').severity,
        'information',
      );
      assert.equal(
        only(lint('.env', 'A=postgres://app_rw:Zq8xLw2pV9@db.example.com/app\n', { ignored: true }), 'superuser-account').length,
        0,
      );
    });
  });

  describe('Supabase', () => {
    it('service-role key under NEXT_PUBLIC_ is an Error with a rename fix that updates references', () => {
      const text = `NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY=${SERVICE}\n`;
      const refs = [{ file: `${ROOT}/src/admin.ts`, range: { start: { line: 0, character: 22 }, end: { line: 0, character: 59 } } }];
      const f = one(lint('.env', text, { ignored: true, findReferences: () => refs }), 'client-exposed-secret');
      assert.equal(f.severity, 'error');
      const src = 'const k = process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY;\n';
      const files = applyFix('.env', text, f, 0, { 'src/admin.ts': src });
      assert.equal(files.get(`${ROOT}/.env`), text.replace('NEXT_PUBLIC_', ''));
      assert.equal(files.get(`${ROOT}/src/admin.ts`), src.replace('NEXT_PUBLIC_', ''));
    });
    it('anon and publishable keys in public variables are fine', () => {
      const fs = lint(
        '.env',
        `NEXT_PUBLIC_SUPABASE_ANON_KEY=${ANON}\nVITE_SUPABASE_KEY=sb_publishable_AbCdEfGhIjKlMnOpQrSt12\nNEXT_PUBLIC_SUPABASE_URL=https://${REF}.supabase.co\n`,
      );
      assert.deepEqual(
        fs.map((f) => f.ruleId),
        [],
      );
    });
    it('sb_secret_ keys under VITE_ are exposed', () => {
      one(lint('.env', 'VITE_SUPABASE_SECRET=sb_secret_AbCdEfGhIjKlMnOpQrSt12\n', { ignored: true }), 'client-exposed-secret');
    });
    it('key for another project than the URL is an Error', () => {
      const fs = lint('.env', `SUPABASE_URL=https://${OTHER}.supabase.co\nSUPABASE_ANON_KEY=${ANON}\n`);
      assert.match(one(fs, 'supabase-key-project-mismatch').message, new RegExp(REF));
      assert.equal(
        only(lint('.env', `SUPABASE_URL=https://${REF}.supabase.co\nSUPABASE_ANON_KEY=${ANON}\n`), 'supabase-key-project-mismatch').length,
        0,
      );
    });
    it('expired JWT is a Warning (injectable clock)', () => {
      const old = jwt({ iss: 'supabase', ref: REF, role: 'anon', exp: Math.floor(NOW / 1000) - 60 });
      assert.equal(one(lint('.env', `SUPABASE_ANON_KEY=${old}\n`), 'expired-credential').severity, 'warning');
      assert.equal(only(lint('.env', `SUPABASE_ANON_KEY=${old}\n`, { now: () => NOW - 3600_000 }), 'expired-credential').length, 0);
    });
    it('transaction pooler without pgbouncer=true for Prisma: Warning with a fix', () => {
      const text = `DATABASE_URL=postgres://postgres.${REF}:Zq8xLw2pV9@aws-0-eu-central-1.pooler.supabase.com:6543/postgres\n`;
      const f = one(lint('.env', text, { ignored: true, prismaEnvVars: new Set(['DATABASE_URL']) }), 'pooler-pgbouncer-missing');
      assert.equal(covered(text, f), '6543');
      assert.equal(applyFix('.env', text, f).get(`${ROOT}/.env`), text.replace('/postgres\n', '/postgres?pgbouncer=true\n'));
      assert.equal(
        only(
          lint('.env', text.replace('\n', '?pgbouncer=true\n'), { ignored: true, prismaEnvVars: new Set(['DATABASE_URL']) }),
          'pooler-pgbouncer-missing',
        ).length,
        0,
      );
      assert.equal(only(lint('.env', text, { ignored: true, prismaEnvVars: new Set(['OTHER']) }), 'pooler-pgbouncer-missing').length, 0);
    });
  });

  describe('Firebase', () => {
    it('private key pasted into .env is a Warning', () => {
      const text = 'FIREBASE_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"\n';
      assert.equal(one(lint('.env', text, { ignored: true }), 'private-key-in-env').severity, 'warning');
    });
    it('GOOGLE_APPLICATION_CREDENTIALS naming a missing file is an Error', () => {
      const text = 'GOOGLE_APPLICATION_CREDENTIALS=./keys/sa.json\n';
      assert.equal(one(lint('.env', text, { fileExists: () => false }), 'credentials-file-missing').severity, 'error');
      assert.equal(only(lint('.env', text, { fileExists: (p) => p === `${ROOT}/keys/sa.json` }), 'credentials-file-missing').length, 0);
    });
    it('the web apiKey is public by design', () => {
      const cfg =
        '{ "firebaseConfig": { "apiKey": "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "authDomain": "p.firebaseapp.com", "projectId": "p" } }';
      assert.deepEqual(
        lint('firebase.json', cfg).map((f) => f.ruleId),
        [],
      );
      assert.deepEqual(
        lint('.env', 'NEXT_PUBLIC_FIREBASE_API_KEY=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW\n').map((f) => f.ruleId),
        [],
      );
    });
  });

  describe('compose', () => {
    const yml = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_PASSWORD: Zq8xLw2pV9',
      '      POSTGRES_HOST_AUTH_METHOD: trust',
      '    ports:',
      '      - "5432:5432"',
      '  mysql:',
      '    image: mysql:8',
      '    environment:',
      '      - MYSQL_ALLOW_EMPTY_PASSWORD=yes',
      '    ports:',
      '      - 127.0.0.1:3306:3306',
      '',
    ].join('\n');
    const fs = lint('docker-compose.yml', yml);
    it('literal POSTGRES_PASSWORD: Warning, fix moves it to .env', () => {
      const f = one(fs, 'compose-literal-password');
      assert.equal(f.severity, 'warning');
      const files = applyFix('docker-compose.yml', yml, f);
      assert.match(files.get(`${ROOT}/docker-compose.yml`)!, /POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD\}/);
      assert.equal(files.get(`${ROOT}/.env`), 'POSTGRES_PASSWORD=Zq8xLw2pV9\n');
    });
    it('trust and empty-password modes are Errors', () => {
      assert.deepEqual(
        only(fs, 'insecure-auth-mode').map((f) => [f.severity, covered(yml, f)]),
        [
          ['error', 'trust'],
          ['error', 'yes'],
        ],
      );
    });
    it('a port on all interfaces is a Warning with a localhost fix; 127.0.0.1 binding is fine', () => {
      const f = one(fs, 'public-port-binding');
      assert.equal(
        applyFix('docker-compose.yml', yml, f).get(`${ROOT}/docker-compose.yml`),
        yml.replace('"5432:5432"', '"127.0.0.1:5432:5432"'),
      );
    });
    it('does not call compose files secret stores', () => {
      assert.equal(only(fs, 'secret-file-not-ignored').length, 0);
    });
  });

  describe('malformed-connection-string', () => {
    it('points at an unescaped character and percent-encodes it', () => {
      const text = 'DATABASE_URL=postgres://app:p#ss/w0rd@db.example.com:5432/app\n';
      const f = one(lint('.env', text, { ignored: true }), 'malformed-connection-string');
      assert.equal(covered(text, f), '#');
      assert.equal(applyFix('.env', text, f).get(`${ROOT}/.env`), text.replace('p#ss/w0rd', 'p%23ss%2Fw0rd'));
    });
    it('invalid port, bad scheme, srv with port, unknown Mongo option', () => {
      assert.match(one(lint('.env', 'A=postgres://app@db.example.com:99999/app\n'), 'malformed-connection-string').message, /invalid port/);
      assert.match(
        one(lint('.env', 'A=postgress://app@db.example.com/app\n'), 'malformed-connection-string').message,
        /did you mean 'postgres/,
      );
      const srv = 'A=mongodb+srv://app@cluster0.ab1cd.mongodb.net:27017/db\n';
      const f = one(lint('.env', srv), 'malformed-connection-string');
      assert.equal(applyFix('.env', srv, f).get(`${ROOT}/.env`), srv.replace(':27017', ''));
      assert.match(one(lint('.env', 'A=mongodb://h1:27017/db?retryWrite=true\n'), 'malformed-connection-string').message, /retryWrite/);
    });
    it('accepts valid strings', () => {
      const ok =
        'A=postgres://app:p%23ss@db.example.com:5432/app?sslmode=require\nB=mongodb://h1:27017,h2:27017/db?replicaSet=rs0&retryWrites=true\nC=mysql://u@[::1]:3306/db\n';
      assert.equal(only(lint('.env', ok, { ignored: true }), 'malformed-connection-string').length, 0);
    });
  });

  describe('dotenv hygiene', () => {
    it('duplicate key: the later wins; fix removes the earlier line', () => {
      const text = 'A=1\nB=2\nA=3\n';
      const f = one(lint('.env', text), 'dotenv-duplicate-key');
      assert.equal(f.range.start.line, 2);
      assert.equal(applyFix('.env', text, f).get(`${ROOT}/.env`), 'B=2\nA=3\n');
    });
    it('key without value, invalid key, unquoted spaces, trailing whitespace, lowercase, space before =, unclosed quote', () => {
      const text = 'JUST_KEY\n1BAD=x\nMSG=hello world\nTRAIL=x  \nlower=1\nSP =1\nQ="open\n';
      const fs = lint('.env', text);
      for (const id of [
        'dotenv-key-without-value',
        'dotenv-invalid-key',
        'dotenv-unquoted-spaces',
        'dotenv-trailing-whitespace',
        'dotenv-lowercase-key',
        'dotenv-space-around-equals',
        'dotenv-unclosed-quote',
      ])
        one(fs, id);
      assert.equal(one(fs, 'dotenv-lowercase-key').severity, 'information');
      const q = one(fs, 'dotenv-unquoted-spaces');
      assert.match(applyFix('.env', text, q).get(`${ROOT}/.env`)!, /^MSG="hello world"$/m);
      const t = one(fs, 'dotenv-trailing-whitespace');
      assert.match(applyFix('.env', text, t).get(`${ROOT}/.env`)!, /^TRAIL=x$/m);
    });
    it('a clean file with export, quotes, comments and multi-line values has no findings', () => {
      const text = '# comment\nexport A=1\nB="two words" # note\nC=\'single\'\nD="line1\nline2"\nE=${A}/x\n\n';
      assert.deepEqual(
        lint('.env', text).map((f) => f.ruleId),
        [],
      );
    });
  });

  describe('known-token', () => {
    it('OpenAI, Resend and Google API keys in committed files are Errors', () => {
      const text =
        'OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f\nRESEND_API_KEY=re_Ab3dEf6h_Ij9kLm2nOp5qRs8tUv1wXy4z\nMAPS_KEY=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW\n';
      const fs = only(lint('.env', text), 'known-token');
      assert.deepEqual(
        fs.map((f) => [f.severity, f.range.start.line]),
        [
          ['error', 0],
          ['error', 1],
          ['error', 2],
        ],
      );
    });
    it('placeholders are not tokens', () => {
      assert.equal(only(lint('.env.example', 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'), 'known-token').length, 0);
    });
  });

  describe('missing-connect-timeout', () => {
    it('informs on production connections without a timeout, with a fix', () => {
      const text = 'DATABASE_URL=postgres://app@db.example.com:5432/app?sslmode=require\n';
      const f = one(lint('.env.production', text, { ignored: true }), 'missing-connect-timeout');
      assert.equal(f.severity, 'information');
      assert.equal(
        applyFix('.env.production', text, f).get(`${ROOT}/.env.production`),
        text.replace('require', 'require&connect_timeout=10'),
      );
      assert.equal(
        only(lint('.env.production', text.replace('\n', '&connect_timeout=5\n'), { ignored: true }), 'missing-connect-timeout').length,
        0,
      );
      assert.equal(only(lint('.env', text, { ignored: true }), 'missing-connect-timeout').length, 0);
    });
  });

  describe('suppression and settings', () => {
    const text =
      '# dbpulse-ignore weak-password\nA=postgres://app:password@db.example.com/app\nB=postgres://app:password@db.example.com/app # dbpulse-ignore\n';
    it('honours # dbpulse-ignore on or above the line', () => {
      const fs = lint('.env', text, { ignored: true });
      assert.equal(only(fs, 'weak-password').length, 0);
      assert.equal(only(fs, 'plaintext-password-in-url').length, 1);
    });
    it('dbpulse.rules turns rules off or changes severity (by id or category)', () => {
      const t = 'A=postgres://app:password@db.example.com/app\n';
      assert.equal(only(lint('.env', t, { ignored: true, rules: { 'weak-password': 'off' } }), 'weak-password').length, 0);
      assert.equal(one(lint('.env', t, { ignored: true, rules: { weak_password: 'hint' } }), 'weak-password').severity, 'hint');
    });
  });

  describe('other formats', () => {
    it('Spring application.properties and appsettings.json ConnectionStrings', () => {
      const props =
        'spring.datasource.url=jdbc:postgresql://db.example.com:5432/app?sslmode=disable\nspring.datasource.username=postgres\nspring.datasource.password=Zq8xLw2pV9\n';
      const fs = lint('src/main/resources/application.properties', props);
      one(fs, 'plaintext-secret');
      one(fs, 'tls-disabled');
      one(fs, 'superuser-account');
      const f = one(fs, 'plaintext-secret');
      assert.match(
        applyFix('src/main/resources/application.properties', props, f).get(`${ROOT}/src/main/resources/application.properties`)!,
        /password=\$\{SPRING_DATASOURCE_PASSWORD\}/,
      );
      const app =
        '{ "ConnectionStrings": { "Default": "Server=sql.example.com;Database=shop;User Id=sa;Password=Zq8xLw2pV9;Encrypt=False" } }';
      const af = lint('appsettings.json', app);
      one(af, 'tls-disabled');
      one(af, 'superuser-account');
    });
    it('supabase/config.toml secret and an invalid TOML file', () => {
      const toml = '[auth.external.github]\nenabled = true\nclient_id = "abc"\nsecret = "Zq8xLw2pV9Ks7"\n';
      const f = one(lint('supabase/config.toml', toml), 'plaintext-secret');
      assert.match(applyFix('supabase/config.toml', toml, f).get(`${ROOT}/supabase/config.toml`)!, /secret = "env\(GITHUB_SECRET\)"/);
      assert.equal(one(lint('supabase/config.toml', '[auth\nx = 1\n'), 'config-parse-error').range.start.line, 0);
    });
    it('invalid YAML and JSON become diagnostics', () => {
      one(lint('docker-compose.yml', 'services:\n  db: [\n'), 'config-parse-error');
      one(lint('ormconfig.json', '{ "host": "x", }}'), 'config-parse-error');
    });
    it('CRLF and BOM keep exact positions', () => {
      const text = '\uFEFFA=1\r\nDATABASE_URL=postgres://app:Zq8xLw2pV9@db.example.com/app\r\n';
      const f = one(lint('.env', text, { ignored: true }), 'plaintext-password-in-url');
      assert.deepEqual(f.range, { start: { line: 1, character: 28 }, end: { line: 1, character: 38 } });
    });
    it('skips oversized and binary files with an Information', () => {
      assert.equal(one(lint('.env', 'A=\u0000\u0001'), 'file-skipped').severity, 'information');
      assert.equal(one(lint('.env', 'A=' + 'x'.repeat(5 * 1024 * 1024 + 1)), 'file-skipped').severity, 'information');
    });
  });
});
