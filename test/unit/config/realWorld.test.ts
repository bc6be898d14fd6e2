/**
 * Cases found by linting real configuration files (docs/real-world-lint.md):
 * each fix has a snippet written in the style of those files that must stay
 * quiet and one that must still be reported.
 */
import * as assert from 'node:assert/strict';
import { looksLikePhrase, looksRandom, isStandIn } from '../../../src/server/config/secrets';
import { fixesOf } from '../../../src/server/config/types';
import { applyFix, covered, lint, one, only, ROOT } from './helpers';

function jwt(payload: Record<string, unknown>): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b(payload)}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
}

const ids = (fs: Array<{ ruleId: string }>) => fs.map((f) => f.ruleId);
/** The file lints without a single finding. */
const quiet = (...args: Parameters<typeof lint>) => assert.deepEqual(ids(lint(...args)), []);

describe('config rules on real-world shapes', () => {
  describe('Rails database.yml: ERB statement tags', () => {
    it('a <% … %> line (Ruby run before YAML) is not a YAML error', () => {
      const yml =
        "<% app = 'shop' %>\ndefault: &default\n  adapter: postgresql\n\ndevelopment:\n  <<: *default\n  database: <%= app %>_development\n";
      quiet('config/database.yml', yml);
    });
    it('YAML that is broken outside the tags is still reported', () => {
      one(lint('config/database.yml', "<% app = 'shop' %>\ndevelopment:\n  database: [\n"), 'config-parse-error');
    });
  });

  describe('YAML merge keys and aliases', () => {
    const rails = (host: string) =>
      [
        'default: &default',
        '  adapter: postgresql',
        '  sslmode: disable',
        '  username: app',
        '',
        'development:',
        '  <<: *default',
        '  host: localhost',
        '',
        'production:',
        '  <<: *default',
        `  host: ${host}`,
        '',
      ].join('\n');
    it('an environment that merges `sslmode: disable` and sets a remote host is reported once, at the anchor', () => {
      const yml = rails('db.example.com');
      const f = one(lint('config/database.yml', yml), 'tls-disabled');
      assert.equal(f.range.start.line, 2);
      assert.equal(covered(yml, f), 'disable');
      assert.match(f.message, /db\.example\.com/);
    });
    it('no finding when every environment using it is local', () => {
      assert.equal(only(lint('config/database.yml', rails('127.0.0.1')), 'tls-disabled').length, 0);
    });
    it('a weak password merged into three environments is one finding', () => {
      const yml =
        'default: &default\n  adapter: mysql2\n  username: root\n  password: root\n  host: localhost\ndevelopment:\n  <<: *default\ntest:\n  <<: *default\nproduction:\n  <<: *default\n';
      const fs = lint('config/database.yml', yml);
      assert.equal(only(fs, 'weak-password').length, 1);
      assert.equal(only(fs, 'superuser-account').length, 1);
    });
    it('a default weak password inherited by a remote environment is a real secret there', () => {
      const yml =
        'default: &default\n  adapter: postgresql\n  username: app\n  password: app\nproduction:\n  <<: *default\n  host: db.example.com\n';
      const fs = lint('config/database.yml', yml);
      assert.equal(one(fs, 'weak-password').severity, 'error');
      one(fs, 'plaintext-secret');
    });
    it('a compose extension field merged into a service: its literal password is reported once', () => {
      const yml = [
        'x-db-env: &db-env',
        '  POSTGRES_USER: shop',
        '  POSTGRES_PASSWORD: Zq8xLw2pV9Ks',
        'services:',
        '  db:',
        '    image: postgres:16',
        '    environment:',
        '      <<: *db-env',
        '  replica:',
        '    image: postgres:16',
        '    environment: *db-env',
        '',
      ].join('\n');
      const fs = lint('docker-compose.yml', yml);
      const f = one(fs, 'compose-literal-password');
      assert.equal(covered(yml, f), 'Zq8xLw2pV9Ks');
      assert.equal(only(fs, 'plaintext-secret').length, 0);
    });
    it('a reference in the extension field is not a literal', () => {
      const yml =
        'x-db-env: &db-env\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\nservices:\n  db:\n    image: postgres:16\n    environment: *db-env\n';
      quiet('docker-compose.yml', yml);
    });
    it('ports merged from an anchor are checked for the service that uses them', () => {
      const yml = 'x-db: &db\n  image: mariadb:11\n  ports:\n    - "3306:3306"\nservices:\n  db:\n    <<: *db\n';
      one(lint('docker-compose.yml', yml), 'public-port-binding');
    });
  });

  describe('embedded databases', () => {
    it('H2 in memory with its user sa is not a superuser login', () => {
      const yml = 'spring:\n  datasource:\n    url: jdbc:h2:mem:local;MODE=MySQL\n    username: sa\n    password:\n';
      quiet('src/main/resources/application.yml', yml);
    });
    it('sa on a SQL Server is', () => {
      const yml =
        'spring:\n  datasource:\n    url: jdbc:sqlserver://sql.example.com:1433;databaseName=shop\n    username: sa\n    password: ${DB_PASSWORD}\n';
      one(lint('src/main/resources/application.yml', yml), 'superuser-account');
    });
  });

  describe('connection strings without a host', () => {
    it('postgres and JDBC read an empty host as the local socket', () => {
      const yml =
        'spring:\n  datasource:\n    url: jdbc:postgresql:///${DB_NAME}?socketFactory=com.google.cloud.sql.postgres.SocketFactory&cloudSqlInstance=${INSTANCE}\n';
      assert.equal(only(lint('src/main/resources/application-cloudsql.yml', yml), 'malformed-connection-string').length, 0);
      assert.equal(only(lint('.env', 'DATABASE_URL=postgresql:///shop\n'), 'malformed-connection-string').length, 0);
    });
    it('the MongoDB driver refuses one', () => {
      assert.match(one(lint('.env', 'MONGO_URL=mongodb:///shop\n'), 'malformed-connection-string').message, /no host/);
    });
  });

  describe('development defaults on local hosts: a literal and a weak password are two problems (issue 3, rules 1, 4, 8)', () => {
    it('a common password for localhost is weak (a warning) and, written in a committed file, still a literal secret', () => {
      const props =
        'spring.datasource.url=jdbc:mysql://localhost:3306/shop\nspring.datasource.username=root\nspring.datasource.password=root\n';
      const fs = lint('src/main/resources/application.properties', props);
      assert.equal(one(fs, 'weak-password').severity, 'warning');
      one(fs, 'plaintext-secret');
    });
    it('the same password for a remote host is both, the weak one an error', () => {
      const props =
        'spring.datasource.url=jdbc:mysql://db.example.com:3306/shop\nspring.datasource.username=root\nspring.datasource.password=root\n';
      const fs = lint('src/main/resources/application.properties', props);
      assert.equal(one(fs, 'weak-password').severity, 'error');
      one(fs, 'plaintext-secret');
    });
    it('a real-looking password for localhost is a literal secret and not weak', () => {
      const fs = lint('ormconfig.json', '{ "type": "mysql", "host": "localhost", "username": "app", "password": "saota1278" }');
      one(fs, 'plaintext-secret');
      assert.equal(only(fs, 'weak-password').length, 0);
    });
    it('URLs: postgres:postgres@localhost in a committed .env is a literal password, weak, a superuser, in a file to ignore', () => {
      const local = lint('.env', 'DATABASE_URL=postgresql://postgres:postgres@localhost:5432/shop\n');
      assert.deepEqual(ids(local).sort(), ['plaintext-password-in-url', 'secret-file-not-ignored', 'superuser-account', 'weak-password']);
      assert.equal(one(local, 'weak-password').severity, 'warning');
      const remote = lint('.env', 'DATABASE_URL=postgresql://postgres:postgres@db.example.com:5432/shop\n', { ignored: true });
      one(remote, 'plaintext-password-in-url');
      assert.equal(one(remote, 'weak-password').severity, 'error');
    });
    it('compose: a password equal to the service user is a literal (fix: move it to .env) and weak', () => {
      const yml =
        'services:\n  postgres:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: airflow\n      POSTGRES_PASSWORD: airflow\n';
      const fs = lint('docker-compose.yml', yml);
      assert.match(one(fs, 'weak-password').message, /the user name/);
      const f = one(fs, 'compose-literal-password');
      assert.match(applyFix('docker-compose.yml', yml, f).get(`${ROOT}/docker-compose.yml`)!, /POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD\}/);
    });
    it('compose: the image default user counts (postgres / postgres is weak); a generated password is a literal only', () => {
      const weak = lint(
        'docker-compose.yml',
        'services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=postgres\n',
      );
      assert.match(one(weak, 'weak-password').message, /the user name/);
      one(weak, 'compose-literal-password');
      const strong = lint(
        'docker-compose.yml',
        'services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=Zq8xLw2pV9Ks\n',
      );
      one(strong, 'compose-literal-password');
      assert.equal(only(strong, 'weak-password').length, 0);
    });
  });

  describe('stand-ins a setup script or a reader replaces', () => {
    it('SCREAMING_SNAKE tokens and <placeholders> in a compose file are not passwords', () => {
      const yml =
        'services:\n  db:\n    build: ./postgres\n    environment:\n      POSTGRES_PASSWORD: WEB_APP_DB_PWD\n  api:\n    build: ./api\n    environment:\n      MONGO_URI: mongodb://app:<password>@mongodb:27017/app\n';
      quiet('docker-compose.yml', yml);
    });
    it('a <password> or [YOUR-PASSWORD] inside a URL does not cut or break it', () => {
      const text =
        'DATABASE_URL=postgres://user:<your-password>@db.example.com:5432/app\nMONGO_URL=mongodb+srv://app:[YOUR-PASSWORD]@cluster0.ab1cd.mongodb.net/app\n';
      quiet('.env.example', text);
      one(lint('.env.example', 'DATABASE_URL=postgres://user:<your-password>@db.example.com:99999/app\n'), 'malformed-connection-string');
    });
    it('a dictionary word stays a (weak) password', () => {
      one(
        lint('docker-compose.yml', 'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: example\n'),
        'weak-password',
      );
    });
    it('the predicates', () => {
      for (const v of ['WEB_APP_DB_PWD', '__DB_PASS__', '[YOUR-PASSWORD]', 'changeme_in_production', 'YourSuperSecretKey'])
        assert.equal(isStandIn(v), true, v);
      for (const v of ['example', 'postgres', 'Admin123', 'Zq8xLw2pV9', 'MySQL-8-pass']) assert.equal(isStandIn(v), false, v);
    });
  });

  describe('templates: sentences are not generated secrets', () => {
    it('instructions written as the value are not reported', () => {
      const text =
        'DASHBOARD_PASSWORD=this_password_is_insecure_and_should_be_updated\nJWT_SECRET=YourSuperSecretKeyForJwtAuthenticationWhichMustBeLongEnough123!\nPGADMIN_PASSWORD=pgadmin_password\n';
      quiet('.env.example', text);
    });
    it('a generated value in a template is', () => {
      one(lint('.env.example', 'SECRET_KEY_BASE=UpNVntn3cDxHJpq99YMc1T1AQgQpc8kfYTuRgBiYa15BLrx8\n'), 'plaintext-secret');
    });
    it('the predicates', () => {
      assert.equal(looksLikePhrase('correct-horse-battery-staple'), true);
      assert.equal(looksLikePhrase('3aGtTbY6kLpRjI8qWxZmDcQeVbUoPkX0'), false);
      assert.equal(looksRandom('h150TJl1MACduRo-LzJ0OpEaoKc'), true);
      assert.equal(looksRandom('this_password_is_insecure_and_should_be_updated'), false);
    });
  });

  describe('names and values that are not secrets', () => {
    it('an endpoint named after a token, and a plain URL, are not secrets', () => {
      quiet('.env.example', 'OAUTH_TOKEN_ENDPOINT=https://connect.example.org/oauth2/token\n');
      quiet('appsettings.json', '{ "Auth": { "ClientSecret": "https://vault.example.org/secrets/app" } }');
    });
    it('the token itself is', () => {
      one(lint('.env', 'OAUTH_TOKEN=Zq8xLw2pV9Ks7mN\n', { ignored: true }), 'plaintext-secret');
    });
  });

  describe('Supabase self-hosting demo keys', () => {
    const demo = jwt({ role: 'service_role', iss: 'supabase-demo', iat: 1641769200, exp: 1799535600 });
    it('are the documented default of a template', () => {
      quiet('docker/.env.example', `SERVICE_ROLE_KEY=${demo}\n`);
    });
    it('a project service_role key in a template is reported', () => {
      const real = jwt({ role: 'service_role', iss: 'supabase', ref: 'abcdefghijklmnopqrst', exp: 1799535600 });
      one(lint('docker/.env.example', `SERVICE_ROLE_KEY=${real}\n`), 'plaintext-secret');
    });
  });

  describe('Google API keys under browser prefixes', () => {
    const key = 'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW';
    it('are browser keys (Firebase web config, Maps): public by design', () => {
      quiet('.env', `NEXT_PUBLIC_APIKEY="${key}"\nNEXT_PUBLIC_authDomain="shop-1.firebaseapp.com"\n`, {
        rules: { 'dotenv-lowercase-key': 'off' },
      });
    });
    it('a Gemini key under one is exposed', () => {
      one(lint('.env', `NEXT_PUBLIC_GEMINI_API_KEY=${key}\n`, { ignored: true }), 'client-exposed-secret');
    });
  });

  describe('compose: which services run a database', () => {
    it('tools named after a database and clients with its variables are not database servers', () => {
      const yml = [
        'services:',
        '  mongo-express:',
        '    image: mongo-express',
        '    ports:',
        '      - "8081:8081"',
        '  exporter:',
        '    image: prometheuscommunity/postgres-exporter',
        '    ports:',
        '      - "9187:9187"',
        '  server:',
        '    build: ./server',
        '    environment:',
        '      MONGO_INITDB_DATABASE: shop',
        '      PGHOST: postgres',
        '    ports:',
        '      - "3000:3000"',
        '',
      ].join('\n');
      assert.equal(only(lint('docker-compose.yml', yml), 'public-port-binding').length, 0);
    });
    it('a database image under another name, or a server-only variable, makes one', () => {
      const yml = [
        'services:',
        '  database:',
        '    image: ghcr.io/immich-app/postgres:14-vectorchord0.4.3@sha256:32324a2f41df5de9efe1af166b7008c3f55646f8d0e00d9550c16c9822366b4a',
        '    ports:',
        '      - "9187:9187"',
        '  vectors:',
        '    image: tensorchord/pgvecto-rs:pg14-v0.2.0',
        '    environment:',
        '      POSTGRES_INITDB_ARGS: --data-checksums',
        '    ports:',
        '      - "8000:8000"',
        '',
      ].join('\n');
      assert.equal(only(lint('docker-compose.yml', yml), 'public-port-binding').length, 2);
    });
  });

  describe('fallbacks of references', () => {
    it('a generated-looking fallback of a secret is a committed secret (Spring, compose, ERB)', () => {
      const yml = 'jwt:\n  secret:\n    key: "${JWT_SECRET:7Iqk7YyM66W07YOA7L2U65Sp7YG065+9U3ByaW5n6rCV==}"\n';
      const f = one(lint('src/main/resources/application.yml', yml), 'plaintext-secret');
      assert.equal(covered(yml, f), '7Iqk7YyM66W07YOA7L2U65Sp7YG065+9U3ByaW5n6rCV==');
      assert.match(f.message, /JWT_SECRET is not set/);
      one(
        lint(
          'docker-compose.yml',
          'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-Zq8xLw2pV9Ks7mN}\n',
        ),
        'plaintext-secret',
      );
      one(
        lint('config/database.yml', "production:\n  adapter: postgresql\n  password: <%= ENV['DB_PASSWORD'] || 'Zq8xLw2pV9Ks7mN' %>\n"),
        'plaintext-secret',
      );
    });
    it('word and stand-in fallbacks, required variables and plain references are not', () => {
      const props =
        'spring.datasource.password=${DB_PASSWORD:postgres}\njwt.secret=${JWT_SECRET:change-me-in-production}\napp.token=${APP_TOKEN:?set APP_TOKEN}\napi.key=${API_KEY}\n';
      quiet('src/main/resources/application.properties', props);
    });
  });

  describe('secrets the linter used to miss', () => {
    it('a JWT written under a secret name (a Turso auth token in appsettings.json)', () => {
      const token = jwt({ a: 'rw', iat: 1770226385, id: 'f4d5b77d-5889-4c6b-9e6c-41608178cb8c' });
      const f = one(
        lint('appsettings.json', `{ "TursoDb": { "Url": "libsql://shop.turso.io", "AuthToken": "${token}" } }`),
        'plaintext-secret',
      );
      assert.ok(fixesOf(f).length >= 0);
      assert.equal(only(lint('appsettings.json', `{ "Samples": { "Example": "${token}" } }`), 'plaintext-secret').length, 0);
    });
    it('a bare Key under Jwt (ASP.NET) is the signing key; a cache key is not a secret', () => {
      one(
        lint('appsettings.json', '{ "Jwt": { "Key": "3aGtTbY6kLpRjI8qWxZmDcQeVbUoPkX0", "Issuer": "https://localhost:7006/" } }'),
        'plaintext-secret',
      );
      quiet('appsettings.json', '{ "ConnectionStrings": {}, "Cache": { "Key": "users-v2" } }');
    });
    it('encryption and crypto keys by name', () => {
      const yml =
        'services:\n  realtime:\n    image: supabase/realtime:v2\n    environment:\n      DB_ENC_KEY: supabaserealtime\n      CACHE_KEY: users\n';
      const f = one(lint('docker-compose.yml', yml), 'plaintext-secret');
      assert.equal(covered(yml, f), 'supabaserealtime');
    });
    it('a password in a redis:// (or other) URL', () => {
      const text = 'REDIS_URL="redis-cli --tls -u redis://default:07992df530ff4473948e2b4f967ec359@cache.upstash.io:30833"\n';
      const f = one(lint('.env', text, { ignored: true }), 'plaintext-password-in-url');
      assert.equal(covered(text, f), '07992df530ff4473948e2b4f967ec359');
    });
    it('no credentials or an empty password are no literal; a local default is a literal and weak', () => {
      quiet('.env', 'REDIS_URL=redis://cache:6379/0\nBROKER_URL=redis://:@redis:6379/0\n');
      assert.deepEqual(
        ids(
          lint(
            'docker-compose.yml',
            'services:\n  worker:\n    image: shop/worker\n    environment:\n      AMQP_URL: amqp://guest:guest@rabbitmq:5672/\n',
          ),
        ).sort(),
        ['plaintext-password-in-url', 'weak-password'],
      );
    });
  });
});
