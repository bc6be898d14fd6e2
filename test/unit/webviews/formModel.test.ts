import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PROVIDERS, type Provider } from '../../../src/shared/categories';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { parseConnectionString, PROVIDER_SCHEMAS, TLS_MODES, validateConnection } from '../../../src/shared/providerSchemas';
import {
  buildConnection,
  changedFields,
  defaultValues,
  isVisible,
  mergeSecret,
  problemAnchor,
  problemsByField,
  requiredProblems,
  secretPresence,
  switchProvider,
  valuesFromConfig,
  valuesFromParsed,
  visibleGroups,
} from '../../../src/client/webviews/model/formModel';

describe('webviews: connection form model', () => {
  it('starts every provider with its schema defaults and no secret field', () => {
    for (const p of PROVIDERS) {
      const v = defaultValues(p);
      for (const f of PROVIDER_SCHEMAS[p].fields) {
        if (f.secret) assert.ok(!(f.key in v), `${p}: secret ${f.key} must not be a form value`);
        else if (f.type === 'boolean') assert.equal(v[f.key], f.default === true);
        else assert.equal(v[f.key], f.default === undefined ? '' : String(f.default), `${p}.${f.key}`);
      }
    }
  });

  it('shows a field only when its showWhen condition holds', () => {
    for (const p of PROVIDERS) {
      for (const f of PROVIDER_SCHEMAS[p].fields.filter((x) => x.showWhen)) {
        const cond = f.showWhen!;
        const on = { ...defaultValues(p), [cond.key]: String(cond.in[0]) };
        assert.ok(isVisible(f, on), `${p}.${f.key} visible when ${cond.key}=${cond.in[0]}`);
        const off = { ...defaultValues(p), [cond.key]: '__none__' };
        assert.ok(!isVisible(f, off));
        assert.ok(!visibleGroups(p, off).some((g) => g.fields.includes(f)));
      }
    }
    const pg = defaultValues('postgres');
    const keys = (values: Record<string, string | boolean>) => visibleGroups('postgres', values).flatMap((g) => g.fields.map((f) => f.key));
    assert.ok(!keys({ ...pg, 'tls.mode': 'disable' }).includes('tls.caFile'));
    assert.ok(keys({ ...pg, 'tls.mode': 'verify-full' }).includes('tls.caFile'));
  });

  it('groups fields in a fixed order, general first', () => {
    const groups = visibleGroups('postgres', defaultValues('postgres')).map((g) => g.group);
    assert.deepEqual(groups, ['general', 'server', 'auth', 'tls', 'advanced']);
  });

  it('builds typed settings: numbers, nested tls, tags, interval; leaves out empty and hidden fields', () => {
    const values = {
      ...defaultValues('postgres'),
      name: 'Orders',
      id: 'orders',
      host: ' db.example.com ',
      port: '6543',
      database: '',
      user: 'app',
      tags: 'prod, eu , prod',
      'tls.mode': 'prefer',
      'tls.caFile': '/etc/ca.pem',
      'tls.allowSelfSigned': true,
      interval: '*/5 * * * *',
    };
    const { config, secret, inputProblems } = buildConnection('postgres', values, { password: 's3cret' });
    assert.deepEqual(inputProblems, []);
    assert.equal(config.host, 'db.example.com');
    assert.equal(config.port, 6543);
    assert.ok(!('database' in config), 'empty fields are left out');
    assert.deepEqual(config.tags, ['prod', 'eu']);
    assert.deepEqual(config.tls, { mode: 'prefer', allowSelfSigned: true }, 'caFile is hidden for prefer, so it is not saved');
    assert.equal(config.interval, '*/5 * * * *');
    assert.deepEqual(secret, { password: 's3cret' });
    assert.equal(buildConnection('postgres', { ...values, interval: '60000' }).config.interval, 60000);
  });

  it('reports a number field that is not a number instead of saving it', () => {
    const { config, inputProblems } = buildConnection('mysql', { ...defaultValues('mysql'), port: '33o6' });
    assert.ok(!('port' in config));
    assert.deepEqual(
      inputProblems.map((p) => p.field),
      ['port'],
    );
  });

  it('never puts a secret into the settings, whatever is typed (property)', () => {
    const provider = fc.constantFrom(...PROVIDERS);
    const text = fc.string({ minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        provider,
        fc.dictionary(fc.constantFrom('name', 'host', 'user', 'url', 'projectUrl', 'port'), fc.string({ maxLength: 20 })),
        text,
        text,
        (p, typed, pw, key) => {
          const secretMark = `SECRET-${pw}-${key}`;
          const { config, secret } = buildConnection(
            p,
            { ...defaultValues(p), ...typed },
            { password: secretMark, apiKey: secretMark, serviceAccountJson: secretMark },
          );
          assert.ok(!JSON.stringify(config).includes(secretMark));
          for (const k of Object.keys(secret))
            assert.ok(
              PROVIDER_SCHEMAS[p].fields.some((f) => f.secret && f.key === k),
              `${k} is a secret field of ${p}`,
            );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('round-trips a stored connection through the form unchanged (property)', () => {
    const host = fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/);
    const arb = fc.record({
      provider: fc.constantFrom<Provider>('postgres', 'mysql'),
      host,
      port: fc.integer({ min: 1, max: 65535 }),
      database: fc.option(fc.stringMatching(/^[a-z_]{1,12}$/), { nil: undefined }),
      user: fc.stringMatching(/^[a-z_]{1,12}$/),
      mode: fc.constantFrom(...TLS_MODES),
      selfSigned: fc.boolean(),
      connectTimeoutMs: fc.option(fc.integer({ min: 100, max: 600000 }), { nil: undefined }),
      tags: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const tls: ConnectionConfig['tls'] = { mode: a.mode };
        if (a.selfSigned && (a.mode === 'require' || a.mode === 'prefer')) tls.allowSelfSigned = true;
        const config: ConnectionConfig = { id: 'x1', name: 'X', provider: a.provider, host: a.host, port: a.port, user: a.user, tls };
        if (a.connectTimeoutMs !== undefined) config.connectTimeoutMs = a.connectTimeoutMs;
        if (a.database) config.database = a.database;
        if (a.tags.length) config.tags = a.tags;
        const back = buildConnection(a.provider, valuesFromConfig(config)).config;
        assert.deepEqual(back, config);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps what the user typed when switching provider, but not the old provider defaults', () => {
    const pg = { ...defaultValues('postgres'), name: 'Shop', host: 'db.internal' };
    const my = switchProvider('postgres', 'mysql', pg);
    assert.equal(my.port, '3306', 'the postgres default port does not carry over');
    assert.equal(my.user, 'root', 'nor the postgres default user');
    assert.equal(my.host, 'db.internal');
    assert.equal(my.name, 'Shop');
    const typedPort = switchProvider('postgres', 'mysql', { ...pg, port: '6000' });
    assert.equal(typedPort.port, '6000');
    const fb = switchProvider('postgres', 'firebase', pg);
    assert.ok(!('host' in fb), 'firebase has no host field');
    assert.equal(fb.name, 'Shop');
  });

  it('fills the form from a pasted connection string, the password going to the secret only', () => {
    const parsed = parseConnectionString('postgresql://app:p%40ss@db.example.com:6543/orders?sslmode=verify-full&connect_timeout=7');
    const { provider, values, secrets } = valuesFromParsed(parsed, defaultValues('mysql'), false);
    assert.equal(provider, 'postgres');
    assert.equal(values.host, 'db.example.com');
    assert.equal(values.port, '6543');
    assert.equal(values.database, 'orders');
    assert.equal(values['tls.mode'], 'verify-full');
    assert.equal(values.connectTimeoutMs, '7000');
    assert.deepEqual(secrets, { password: 'p@ss' });
    assert.ok(!JSON.stringify(values).includes('p@ss'));
    const { config } = buildConnection(provider, values, secrets);
    assert.deepEqual(
      validateConnection(config).filter((p) => p.severity === 'error'),
      [],
    );
  });

  it('does not add settings a stored connection lacks when it is edited', () => {
    const config: ConnectionConfig = {
      id: 'm',
      name: 'M',
      provider: 'mongodb',
      url: 'mongodb://app@db:27017/admin',
      tls: { mode: 'prefer' },
    };
    const v = valuesFromConfig(config);
    assert.equal(v.port, '', 'the default port stays a placeholder');
    assert.equal(v.connectTimeoutMs, '');
    assert.deepEqual(buildConnection('mongodb', v, {}, { id: 'm' }).config, config);
  });

  it('keeps the name and id when a connection string is pasted while editing', () => {
    const current = { ...valuesFromConfig({ id: 'orders', name: 'Orders', provider: 'postgres', host: 'old' }) };
    const { values } = valuesFromParsed(parseConnectionString('postgres://u@new-host/db'), current, true);
    assert.equal(values.id, 'orders');
    assert.equal(values.name, 'Orders');
    assert.equal(values.host, 'new-host');
  });

  it('keeps a stored secret when the field is left empty, replaces it when typed', () => {
    assert.deepEqual(mergeSecret({ password: 'old', apiKey: 'k' }, {}), { password: 'old', apiKey: 'k' });
    assert.deepEqual(mergeSecret({ password: 'old' }, { password: '' }), { password: 'old' });
    assert.deepEqual(mergeSecret({ password: 'old' }, { password: 'new' }), { password: 'new' });
    assert.deepEqual(mergeSecret(null, { apiKey: 'k' }), { apiKey: 'k' });
    assert.deepEqual(secretPresence({ password: 'x', apiKey: '' }), ['password']);
  });

  it('names the changed settings for the audit entry, never their values', () => {
    const a: ConnectionConfig = { id: 'a', name: 'A', provider: 'postgres', host: 'h', port: 5432, tls: { mode: 'prefer' }, scope: 'user' };
    const b: ConnectionConfig = { ...a, port: 6543, tls: { mode: 'require' }, database: 'x', scope: 'workspace' };
    assert.deepEqual(changedFields(a, b), ['database', 'port', 'tls.mode']);
    assert.deepEqual(changedFields(a, { ...a }), []);
  });

  it('puts each problem on the field that has an input for it', () => {
    const v = defaultValues('postgres');
    assert.equal(problemAnchor('postgres', v, 'port'), 'port');
    assert.equal(problemAnchor('postgres', v, 'tls'), 'tls.mode');
    assert.equal(problemAnchor('postgres', v, 'tls.caFile'), '', 'hidden for prefer: shown at the top');
    assert.equal(problemAnchor('postgres', v, ''), '');
    const grouped = problemsByField([
      { field: 'port', message: 'bad', severity: 'error' },
      { field: 'port', message: 'bad', severity: 'error' },
      { field: '', message: 'x', severity: 'warning' },
    ]);
    assert.equal(grouped.get('port')?.length, 1);
  });

  it('lists required fields left empty, secrets by presence', () => {
    const v = { ...defaultValues('supabase'), name: '', projectUrl: '' };
    const fields = (present: string[]) =>
      requiredProblems('supabase', v, new Set(present))
        .map((p) => p.field)
        .sort();
    assert.deepEqual(fields([]), ['apiKey', 'name', 'projectUrl']);
    assert.deepEqual(fields(['apiKey']), ['name', 'projectUrl']);
    assert.deepEqual(
      requiredProblems('supabase', v, new Set(['apiKey']), { forProbe: true }).map((p) => p.field),
      ['projectUrl'],
    );
  });
});
