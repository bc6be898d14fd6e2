import * as assert from 'node:assert/strict';
import { checkConnectionForm, connectionUrl } from '../../../src/server/connections/formCheck';
import type { ConnectionConfig } from '../../../src/shared/connection';

const base: ConnectionConfig = {
  id: 'orders',
  name: 'Orders',
  provider: 'postgres',
  host: 'db.example.com',
  port: 5432,
  database: 'orders',
  user: 'app',
  connectTimeoutMs: 5000,
};

describe('Add Connection form check', () => {
  it('builds the URL a program would use, password encoded', () => {
    assert.equal(
      connectionUrl({ ...base, tls: { mode: 'verify-full' } }, { password: 'p@ss:w/rd' }),
      'postgres://app:p%40ss%3Aw%2Frd@db.example.com:5432/orders?sslmode=verify-full&connect_timeout=5',
    );
  });

  it('scores a safe connection 100 and lowers the score as the settings get worse', () => {
    const safe = checkConnectionForm({ ...base, tls: { mode: 'verify-full' } }, { password: 'x7!Lq9#vRt2@pZ' });
    assert.deepEqual(safe.findings, []);
    assert.equal(safe.score, 100);
    const weak = checkConnectionForm({ ...base, user: 'postgres', tls: { mode: 'disable' } }, { password: 'postgres' });
    const categories = new Set(weak.findings.map((f) => f.category));
    for (const c of ['tls_disabled', 'weak_password', 'superuser_account'])
      assert.ok(categories.has(c as never), `expected ${c} in ${JSON.stringify(weak.findings)}`);
    assert.ok(weak.score < safe.score);
    assert.ok(!weak.findings.some((f) => f.category === 'plaintext_secret'), 'a secret kept in SecretStorage is not a plaintext secret');
  });

  it('reports settings problems (bad port) without throwing', () => {
    const r = checkConnectionForm({ ...base, port: 99999 }, {});
    assert.ok(r.problems.some((p) => p.field === 'port'));
  });
});
