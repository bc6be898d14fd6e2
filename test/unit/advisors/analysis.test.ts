import * as assert from 'node:assert/strict';
import { redundantIndexes, hasLeadingIndex, type IndexDef } from '../../../src/server/advisors/indexes';
import { analyzePostgres, type PgSnapshot } from '../../../src/server/advisors/postgres/analyze';
import type { PgSettingsRow } from '../../../src/server/advisors/postgres/queries';
import { reevaluatedPerRow } from '../../../src/server/advisors/postgres/supabase';
import { analyzeMysql } from '../../../src/server/advisors/mysql/analyze';
import { DEFAULT_THRESHOLDS } from '../../../src/server/advisors/types';

const settings: PgSettingsRow = {
  server_version: '15.8',
  version_num: 150008,
  max_connections: 100,
  reserved_connections: 3,
  current_role: 'app',
  rolsuper: false,
  rolcreaterole: false,
  rolbypassrls: false,
  reads_all_stats: true,
  pgss_schema: 'public',
  started_at: 0,
  now: 1_000_000,
};
const ix = (name: string, columns: string[], more: Partial<IndexDef> = {}): IndexDef => ({
  schema: 'public',
  table: 't',
  name,
  columns,
  unique: false,
  primary: false,
  valid: true,
  method: 'btree',
  ...more,
});

describe('index arithmetic', () => {
  it('a prefix index is covered; a unique one only by a unique index on the same columns', () => {
    const found = redundantIndexes([ix('a', ['a']), ix('ab', ['a', 'b']), ix('ua', ['a'], { unique: true }), ix('b', ['b'])]);
    assert.deepEqual(
      found.map((r) => `${r.index.name}<${r.coveredBy.name}`),
      ['a<ab'],
    );
  });
  it('different methods, predicates or tables never cover each other; two identical ones report one', () => {
    assert.deepEqual(redundantIndexes([ix('a', ['a']), ix('ab', ['a', 'b'], { method: 'hash' })]), []);
    assert.deepEqual(redundantIndexes([ix('a', ['a']), ix('ab', ['a', 'b'], { predicate: 'a > 0' })]), []);
    assert.deepEqual(redundantIndexes([ix('a', ['a']), ix('ab', ['a', 'b'], { table: 'u' })]), []);
    assert.deepEqual(
      redundantIndexes([ix('x1', ['a']), ix('x2', ['a'])]).map((r) => r.index.name),
      ['x2'],
    );
  });
  it('a foreign key is indexed by an index leading with its columns', () => {
    const defs = [ix('ab', ['a', 'b'])];
    assert.equal(hasLeadingIndex(defs, 'public', 't', ['a']), true);
    assert.equal(hasLeadingIndex(defs, 'public', 't', ['b']), false);
    assert.equal(hasLeadingIndex(defs, 'public', 't', ['b', 'a']), true);
  });
});

describe('PostgreSQL analysis (pure)', () => {
  it('wraparound: warning from 1.5 billion, critical from 2 billion', () => {
    const snap: PgSnapshot = {
      settings,
      databases: {
        ok: true,
        rows: [
          { datname: 'a', xid_age: '1600000000', numbackends: 1, xact: '1', sessions: null, session_time_ms: null, stats_since: 0 },
          { datname: 'b', xid_age: '2050000000', numbackends: 1, xact: '1', sessions: null, session_time_ms: null, stats_since: 0 },
          { datname: 'c', xid_age: '1000', numbackends: 1, xact: '1', sessions: null, session_time_ms: null, stats_since: 0 },
        ],
      },
    };
    const out = analyzePostgres(snap, DEFAULT_THRESHOLDS).findings.filter((f) => f.kind === 'txid_wraparound');
    assert.deepEqual(
      out.map((f) => `${f.object}:${f.severity}`),
      ['a:warning', 'b:critical'],
    );
  });
  it('TLS: ssl off, or TLS 1.0/1.1 accepted', () => {
    const k = (ssl: string, min: string | null) =>
      analyzePostgres({ settings, tls: { ok: true, rows: [{ ssl, ssl_min_protocol_version: min }] } }, DEFAULT_THRESHOLDS).findings.map(
        (f) => f.kind,
      );
    assert.deepEqual(k('off', 'TLSv1.2'), ['server_tls_off']);
    assert.deepEqual(k('on', 'TLSv1'), ['weak_tls_version']);
    assert.deepEqual(k('on', 'TLSv1.2'), []);
  });
  it('a refused section is skipped with its reason, for every check it feeds', () => {
    const out = analyzePostgres({ settings, hba: { ok: false, reason: 'permission denied: needs superuser' } }, DEFAULT_THRESHOLDS);
    assert.deepEqual(out.skipped, [
      { check: 'trust_auth_rule', reason: 'permission denied: needs superuser' },
      { check: 'insecure_transport_allowed', reason: 'permission denied: needs superuser' },
    ]);
  });
  it('churn: many short sessions', () => {
    const snap: PgSnapshot = {
      settings: { ...settings, now: 3600 },
      databases: {
        ok: true,
        rows: [{ datname: 'a', xid_age: '1', numbackends: 2, xact: '1', sessions: '5000', session_time_ms: 25000, stats_since: 0 }],
      },
    };
    const churn = analyzePostgres(snap, DEFAULT_THRESHOLDS).findings.find((f) => f.kind === 'connection_churn');
    assert.equal(churn?.evidence.avg_session_ms, 5);
    assert.equal(churn?.evidence.sessions_per_hour, 5000);
  });
});

describe('Supabase: auth calls re-evaluated per row', () => {
  it('flags bare calls, not those wrapped in a sub-select', () => {
    assert.deepEqual(reevaluatedPerRow('(owner = auth.uid())'), ['auth.uid()']);
    assert.deepEqual(reevaluatedPerRow('(owner = ( SELECT auth.uid() AS uid))'), []);
    assert.deepEqual(reevaluatedPerRow("((auth.jwt() ->> 'role') = 'admin') AND (owner = (select auth.uid()))"), ['auth.jwt()']);
    assert.deepEqual(reevaluatedPerRow("current_setting('request.jwt.claims')"), ['current_setting()']);
    assert.deepEqual(reevaluatedPerRow(null), []);
  });
});

describe('MySQL analysis (pure)', () => {
  const vars = (o: Record<string, string>) =>
    new Map(
      Object.entries({ max_connections: '151', have_ssl: 'YES', require_secure_transport: 'ON', tls_version: 'TLSv1.2,TLSv1.3', ...o }),
    );
  it('buffer pool hit rate below 99 % on a server that has done enough reads', () => {
    const status = new Map([
      ['Innodb_buffer_pool_read_requests', '1000000'],
      ['Innodb_buffer_pool_reads', '50000'],
    ]);
    const f = analyzeMysql({ variables: vars({}), status }, DEFAULT_THRESHOLDS).findings;
    assert.deepEqual(
      f.map((x) => `${x.kind}:${x.evidence.buffer_pool_hit_rate}`),
      ['low_cache_hit:0.95'],
    );
    const fresh = new Map([
      ['Innodb_buffer_pool_read_requests', '5000'],
      ['Innodb_buffer_pool_reads', '2000'],
    ]);
    assert.deepEqual(analyzeMysql({ variables: vars({}), status: fresh }, DEFAULT_THRESHOLDS).findings, []);
  });
  it('old TLS versions, TLS off, insecure transport', () => {
    const k = (o: Record<string, string>) =>
      analyzeMysql({ variables: vars(o), status: new Map() }, DEFAULT_THRESHOLDS).findings.map((f) => f.kind);
    assert.deepEqual(k({ tls_version: 'TLSv1.1,TLSv1.2' }), ['weak_tls_version']);
    assert.deepEqual(k({ have_ssl: 'DISABLED' }), ['server_tls_off']);
    assert.deepEqual(k({ require_secure_transport: 'OFF' }), ['insecure_transport_allowed']);
    assert.deepEqual(k({}), []);
  });
});
