/**
 * Connections given as separate variables and Kubernetes manifests (issue 15):
 * snippets written from the conventions (libpq's PG* variables, Laravel's DB_*,
 * .NET's `Section__Key`, Kubernetes Secret data/stringData, container env,
 * kustomize generators), positives and the look-alikes that must stay quiet.
 */
import * as assert from 'node:assert/strict';
import { roleOf } from '../../../src/server/config/rules/variableRules';
import { decodeSecretData } from '../../../src/server/config/formats/kubernetes';
import { covered, lint, only } from './helpers';

const ids = (fs: Array<{ ruleId: string }>) => fs.map((f) => f.ruleId).sort();
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('connections as separate variables', () => {
  it('roles and prefixes', () => {
    assert.deepEqual(roleOf('DB_PASSWORD'), { role: 'password', prefix: 'DB' });
    assert.deepEqual(roleOf('PGSSLMODE'), { role: 'ssl', prefix: 'PG' });
    assert.deepEqual(roleOf('PGHOST'), { role: 'host', prefix: 'PG' });
    assert.deepEqual(roleOf('DB_SSL_MODE'), { role: 'ssl', prefix: 'DB' });
    assert.deepEqual(roleOf('RabbitMq__Password'), { role: 'password', prefix: 'RABBIT_MQ' });
    assert.deepEqual(roleOf('spring.datasource.username'), { role: 'user', prefix: 'SPRING_DATASOURCE' });
    assert.equal(roleOf('DB_PORT'), undefined);
    assert.equal(roleOf('PASSWORD_MIN_LENGTH'), undefined);
  });

  describe('in a Kubernetes ConfigMap / container env', () => {
    const deploy = (env: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1\n          env:\n${env}`;
    const e = (name: string, value: string) => `            - name: ${name}\n              value: "${value}"\n`;
    it('a remote host with TLS off, a superuser and a weak password, judged together', () => {
      const yml = deploy(e('DB_HOST', 'db.example.com') + e('DB_USERNAME', 'root') + e('DB_PASSWORD', 'root') + e('DB_SSL', 'false'));
      const fs = lint('k8s/deployment.yaml', yml);
      assert.deepEqual(ids(fs), ['plaintext-secret', 'superuser-account', 'tls-disabled', 'weak-password']);
      assert.equal(only(fs, 'weak-password')[0].severity, 'error', 'a remote host');
      assert.equal(covered(yml, only(fs, 'tls-disabled')[0]), 'false');
    });
    it('the same variables for an in-cluster service name: TLS and the superuser are not judged, the weak password is a warning', () => {
      const yml = deploy(e('DB_HOST', 'postgres') + e('DB_USERNAME', 'root') + e('DB_PASSWORD', 'root') + e('DB_SSL', 'false'));
      const fs = lint('k8s/deployment.yaml', yml);
      assert.deepEqual(ids(fs), ['plaintext-secret', 'weak-password']);
      assert.equal(only(fs, 'weak-password')[0].severity, 'warning');
    });
    it('a host from a variable cannot be judged remote', () => {
      const yml = deploy(e('PGHOST', '$(DB_HOST)') + e('PGSSLMODE', 'disable') + e('PGUSER', 'postgres'));
      assert.deepEqual(ids(lint('k8s/deployment.yaml', yml)), []);
    });
    it('an unrelated variable named like a role is not a connection', () => {
      const yml = deploy(e('SMTP_HOST', 'mail.example.com') + e('SMTP_SSL', 'false') + e('DB_PASSWORD_MIN_LENGTH', '12'));
      assert.deepEqual(only(lint('k8s/deployment.yaml', yml), 'weak-password'), []);
    });
  });

  describe('Kubernetes Secret', () => {
    const secret = (section: 'data' | 'stringData', entries: Record<string, string>) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n${section}:\n` +
      Object.entries(entries)
        .map(([k, v]) => `  ${k}: ${section === 'data' ? b64(v) : JSON.stringify(v)}\n`)
        .join('');
    it('data is base64, not encryption: a weak password is read through it', () => {
      const yml = secret('data', { PGUSER: 'shop', PGPASSWORD: '123456' });
      const fs = lint('k8s/secret.yaml', yml);
      assert.deepEqual(ids(fs), ['plaintext-secret', 'weak-password']);
      assert.equal(covered(yml, only(fs, 'plaintext-secret')[0]), b64('123456'), 'the finding covers the value as written');
    });
    it('stringData: a default password of a broker', () => {
      assert.deepEqual(ids(lint('k8s/secret.yaml', secret('stringData', { RabbitMq__Password: 'guest' }))), [
        'plaintext-secret',
        'weak-password',
      ]);
    });
    it('a base64 placeholder, a reference and a generated value in data', () => {
      const fs = lint('k8s/secret.yaml', secret('data', { DB_PASSWORD: 'your_new_password', API_TOKEN: '${API_TOKEN}' }));
      assert.deepEqual(ids(fs), []);
      assert.deepEqual(ids(lint('k8s/secret.yaml', secret('data', { DB_PASSWORD: 'Zq8xLw2pV9Ks4Tn' }))), ['plaintext-secret']);
    });
    it('binary data (a keystore) is not read as text', () => {
      assert.equal(decodeSecretData(Buffer.from([0, 1, 2, 250, 251]).toString('base64')), undefined);
      assert.equal(decodeSecretData('not base64!'), undefined);
      assert.equal(decodeSecretData(b64('hunter2')), 'hunter2');
    });
    it('a ConfigMap is not decoded (plain values)', () => {
      const yml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  DB_PASSWORD: ${b64('postgres')}\n`;
      assert.deepEqual(only(lint('k8s/configmap.yaml', yml), 'weak-password'), []);
    });
    it('several documents: each is read with its own kind', () => {
      const yml = `kind: ConfigMap\ndata:\n  LOG: debug\n---\n${secret('data', { PGPASSWORD: 'postgres' })}`;
      assert.equal(only(lint('k8s/all.yaml', yml), 'weak-password').length, 1);
    });
  });

  describe('kustomize generators', () => {
    const kust = 'secretGenerator:\n  - name: db\n    envs:\n      - secrets/db.env\n    literals:\n      - DB_PASSWORD=postgres\n';
    it('an envs file that does not exist', () => {
      const fs = lint('kustomization.yaml', kust, { fileExists: () => false });
      assert.match(only(fs, 'credentials-file-missing')[0]?.message ?? '', /secrets\/db\.env/);
    });
    it('an envs file that exists, and no existence check without the file system', () => {
      assert.equal(only(lint('kustomization.yaml', kust, { fileExists: () => true }), 'credentials-file-missing').length, 0);
      assert.equal(only(lint('kustomization.yaml', kust), 'credentials-file-missing').length, 0);
    });
    it('literals are variables', () => {
      assert.equal(only(lint('kustomization.yaml', kust), 'weak-password').length, 1);
    });
  });

  describe('compose files that must exist', () => {
    const yml =
      'services:\n  api:\n    build: .\n    env_file:\n      - .env\n      - path: ./optional.env\n        required: false\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n';
    it('a missing env_file and secret file; an optional env_file is not required', () => {
      const fs = only(lint('docker-compose.yml', yml, { fileExists: () => false }), 'credentials-file-missing');
      assert.deepEqual(
        fs.map((f) => covered(yml, f)),
        ['.env', './secrets/db_password.txt'],
      );
    });
    it('present files: quiet', () => {
      assert.deepEqual(only(lint('docker-compose.yml', yml, { fileExists: () => true }), 'credentials-file-missing'), []);
    });
  });
});
