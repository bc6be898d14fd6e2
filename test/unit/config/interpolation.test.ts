/**
 * Interpolation as compose and Spring expand it (issue 15): rules judge the
 * value the tool sees with nothing set, or leave alone what they cannot know.
 * Snippets are written from the compose and Spring documentation.
 */
import * as assert from 'node:assert/strict';
import { interpolate, shapeOf } from '../../../src/server/config/interpolation';
import { lint, only } from './helpers';

const ids = (fs: Array<{ ruleId: string }>) => fs.map((f) => f.ruleId).sort();
const compose = (service: string) => `services:\n${service}`;

describe('interpolation', () => {
  describe('the parser', () => {
    it('compose forms: the value with nothing set', () => {
      assert.equal(interpolate('${A:-x}').unset, 'x');
      assert.equal(interpolate('${A-x}').unset, 'x');
      assert.equal(interpolate('${A:+x}').unset, '');
      assert.equal(interpolate('pre-${A:-${B:-deep}}-post').unset, 'pre-deep-post');
      assert.equal(interpolate('${A}').unset, undefined);
      assert.equal(interpolate('$A').unset, undefined);
      assert.equal(interpolate('${A:?set A}').unset, undefined, 'compose refuses to start: nothing to judge');
      assert.equal(interpolate('${A?set A}').unset, undefined);
      assert.equal(interpolate('pa$$word').unset, 'pa$word', '$$ is a literal dollar');
      assert.equal(interpolate('pa$$word').refs.length, 0);
    });
    it('offsets of the name, operator and default', () => {
      const r = interpolate('x${PG_PORT:-5432}').refs[0];
      assert.deepEqual([r.name, r.op, r.arg, r.start, r.end, r.argStart], ['PG_PORT', ':-', '5432', 1, 17, 12]);
    });
    it('Spring: ${name:default}, nested', () => {
      assert.equal(interpolate('${DB_PASS:secret}', 'spring').unset, 'secret');
      assert.equal(interpolate('${a:${b:x}}', 'spring').unset, 'x');
      assert.equal(interpolate('${spring.datasource.password}', 'spring').unset, undefined);
    });
    it('the shape of a value marks what depends on a variable without default', () => {
      const v = '${BIND}:${PORT:-5432}:5432';
      assert.equal(shapeOf(v, interpolate(v).refs, 'compose', '?'), '?:5432:5432');
    });
  });

  describe('compose ports with variables', () => {
    const pg = (port: string) => compose(`  db:\n    image: postgres:16\n    ports:\n      - "${port}"\n`);
    it('a default host port still publishes on all interfaces', () => {
      const [f] = only(lint('docker-compose.yml', pg('${DOCKER_POSTGRES_PORT:-54432}:5432')), 'public-port-binding');
      assert.ok(f, 'reported');
      assert.match(f.message, /5432.*all interfaces.*defaults of its variables/);
    });
    it('a host port without default still publishes on all interfaces (the address is not a variable)', () => {
      assert.equal(only(lint('docker-compose.yml', pg('${PG_PORT}:5432')), 'public-port-binding').length, 1);
    });
    it('an address from a variable cannot be known: quiet', () => {
      assert.equal(only(lint('docker-compose.yml', pg('${BIND_ADDRESS}:5432:5432')), 'public-port-binding').length, 0);
    });
    it('a loopback address with a variable port: quiet', () => {
      assert.equal(only(lint('docker-compose.yml', pg('127.0.0.1:${PG_PORT:-5432}:5432')), 'public-port-binding').length, 0);
    });
    it('an app port with variables is not a database port', () => {
      const yml = compose('  web:\n    build: .\n    ports:\n      - ${PORT:-8000}:${PORT:-8000}\n');
      assert.deepEqual(ids(lint('docker-compose.yml', yml)), []);
    });
  });

  describe('compose password defaults', () => {
    it('a weak default equal to the user default is weak (the value compose runs with nothing set)', () => {
      const yml = compose(
        '  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ${POSTGRES_USER:-shop}\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-shop}\n',
      );
      const fs = lint('docker-compose.yml', yml);
      const [f] = only(fs, 'weak-password');
      assert.ok(f);
      assert.match(f.message, /when POSTGRES_PASSWORD is not set.*the user name/);
      assert.equal(f.range.start.line, 5);
      assert.equal(f.range.start.character, yml.split('\n')[5].indexOf('shop'));
      assert.equal(only(fs, 'compose-literal-password').length, 0, 'a reference is not a literal');
    });
    it('an app service reading the same default is weak too', () => {
      const yml = compose(
        '  api:\n    build: .\n    environment:\n      APP_DB_USER: ${POSTGRES_USER:-shop}\n      APP_DB_PASSWORD: ${POSTGRES_PASSWORD:-shop}\n',
      );
      assert.equal(only(lint('docker-compose.yml', yml), 'weak-password').length, 1);
    });
    it('a default equal to a service or image name is guessable', () => {
      const yml = compose(
        '  shopfront:\n    image: ghcr.io/acme/shopfront:1\n  grafana:\n    image: grafana/grafana-oss\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=${GRAFANA_PASSWORD:-shopfront}\n',
      );
      assert.match(only(lint('docker-compose.yml', yml), 'weak-password')[0]?.message ?? '', /name of a service/);
    });
    it('no default, a required variable, an empty default, a stand-in, a generated default: not weak', () => {
      for (const v of [
        '${POSTGRES_PASSWORD}',
        '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}',
        '${POSTGRES_PASSWORD:-}',
        '${POSTGRES_PASSWORD:-<password>}',
      ])
        assert.equal(
          only(
            lint('docker-compose.yml', compose(`  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: "${v}"\n`)),
            'weak-password',
          ).length,
          0,
          v,
        );
      const fs = lint(
        'docker-compose.yml',
        compose('  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-Zq8xLw2pV9Ks4}\n'),
      );
      assert.deepEqual(ids(fs), ['plaintext-secret'], 'a generated default is a literal secret, not a weak one');
    });
    it('$$ is a literal dollar, not a reference: the password is a literal', () => {
      const fs = lint(
        'docker-compose.yml',
        compose('  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: "Zq8$$xLw2pV9Ks"\n'),
      );
      assert.equal(only(fs, 'compose-literal-password').length, 1);
    });
  });

  describe('other services’ password variables', () => {
    it('phpMyAdmin logging in as root with root', () => {
      const yml = compose('  pma:\n    image: phpmyadmin\n    environment:\n      PMA_USER: root\n      PMA_PASSWORD: root\n');
      assert.deepEqual(ids(lint('docker-compose.yml', yml)), ['plaintext-secret', 'weak-password']);
    });
    it('switches named like passwords are not secrets', () => {
      const yml = compose(
        '  db:\n    image: mysql:8\n    environment:\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      MYSQL_RANDOM_ROOT_PASSWORD: "no"\n',
      );
      assert.deepEqual(ids(lint('docker-compose.yml', yml)), ['insecure-auth-mode']);
    });
  });

  describe('server flags in command:', () => {
    const svc = (image: string, command: string) => compose(`  db:\n    image: ${image}\n    command: ${command}\n`);
    it('authentication switched off', () => {
      for (const [image, cmd] of [
        ['mysql:8', 'mysqld --skip-grant-tables'],
        ['mongo:7', '["mongod", "--noauth", "--bind_ip_all"]'],
        ['redis:7', 'redis-server --protected-mode no'],
      ])
        assert.equal(only(lint('docker-compose.yml', svc(image, cmd)), 'insecure-auth-mode').length, 1, cmd);
    });
    it('look-alikes: a password set, binding all interfaces inside the container, a variable', () => {
      for (const [image, cmd] of [
        ['redis:7', 'redis-server --protected-mode no --requirepass ${REDIS_PASSWORD}'],
        ['mongo:7', '["mongod", "--bind_ip_all", "--auth"]'],
        ['mysql:8', 'mysqld --bind-address=0.0.0.0 --default-authentication-plugin=mysql_native_password'],
        ['postgres:16', 'postgres -c max_connections=200'],
      ])
        assert.equal(only(lint('docker-compose.yml', svc(image, cmd)), 'insecure-auth-mode').length, 0, cmd);
    });
  });
});
