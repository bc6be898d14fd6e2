/** Pure MySQL / MariaDB metric parsing (no server). */
import * as assert from 'node:assert/strict';
import {
  flavorOf,
  looksLikeReplica,
  MYSQL_METRIC_KEYS,
  mysqlMetricsFrom,
  mysqlMetricsSql,
  mysqlSaturationWarnings,
  replicaStateFrom,
  replicaStatusSql,
  statusMap,
  isMysqlPrivilegeError,
  versionFromHandshake,
} from '../../../src/server/probes/mysqlMetrics';

describe('MySQL metric parsing', () => {
  const status = statusMap([
    { Variable_name: 'Threads_connected', Value: '12' },
    { Variable_name: 'Aborted_connects', Value: '3' },
    { Variable_name: 'Innodb_buffer_pool_read_requests', Value: '1000' },
    { Variable_name: 'Innodb_buffer_pool_reads', Value: '10' },
    { Variable_name: 'Slow_queries', Value: '0' },
    { Variable_name: 'Uptime', Value: '3600' },
  ]);

  it('turns SHOW GLOBAL STATUS and variables into the predictor keys', () => {
    const m = mysqlMetricsFrom({ max_connections: 151 }, status);
    assert.deepEqual(m, {
      threads_connected: 12,
      max_connections: 151,
      aborted_connects: 3,
      buffer_pool_hit_ratio: 0.99,
      slow_queries: 0,
      uptime_s: 3600,
    });
    for (const k of MYSQL_METRIC_KEYS) assert.ok(k in m);
    assert.equal(mysqlMetricsFrom({}, statusMap([])).buffer_pool_hit_ratio, null, 'no requests yet: unknown, not 0 or 1');
  });

  it('dialects: MariaDB max_statement_time in seconds, MySQL max_execution_time in ms, read-only session first', () => {
    assert.equal(flavorOf('10.11.6-MariaDB-0+deb12u1'), 'mariadb');
    assert.equal(flavorOf('5.5.5-10.11.6-MariaDB'), 'mariadb');
    assert.equal(flavorOf('8.0.36'), 'mysql');
    const maria = mysqlMetricsSql('mariadb', 2500);
    assert.match(maria, /^SET SESSION TRANSACTION READ ONLY;/);
    assert.match(maria, /max_statement_time = 2\.500/);
    assert.match(mysqlMetricsSql('mysql', 2500), /max_execution_time = 2500/);
    assert.equal(replicaStatusSql('mysql', '8.0.36'), 'SHOW REPLICA STATUS');
    assert.equal(replicaStatusSql('mysql', '8.0.21'), 'SHOW SLAVE STATUS');
    assert.equal(replicaStatusSql('mariadb', '10.11.6-MariaDB'), 'SHOW SLAVE STATUS');
  });

  it('replica detection and lag', () => {
    assert.equal(looksLikeReplica({ read_only: 0 }, status), false);
    assert.equal(looksLikeReplica({ read_only: 1 }, status), true);
    assert.equal(looksLikeReplica({ read_only: 0 }, statusMap([{ Variable_name: 'Slave_running', Value: 'ON' }])), true);
    assert.deepEqual(replicaStateFrom([]), { isReplica: false, lagS: null });
    assert.deepEqual(replicaStateFrom([{ Seconds_Behind_Master: 4, Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' }]), {
      isReplica: true,
      lagS: 4,
    });
    assert.deepEqual(replicaStateFrom([{ Seconds_Behind_Source: '2', Replica_IO_Running: 'Yes', Replica_SQL_Running: 'Yes' }]), {
      isReplica: true,
      lagS: 2,
    });
    const broken = replicaStateFrom([
      { Seconds_Behind_Master: null, Slave_IO_Running: 'No', Slave_SQL_Running: 'Yes', Last_IO_Error: 'error connecting to master' },
    ]);
    assert.equal(broken.lagS, null);
    assert.match(broken.warning ?? '', /not running .*error connecting/);
  });

  it('saturation and privilege errors', () => {
    assert.equal(mysqlSaturationWarnings({ threads_connected: 140, max_connections: 151 }).length, 1);
    assert.equal(mysqlSaturationWarnings({ threads_connected: 10, max_connections: 151 }).length, 0);
    assert.equal(isMysqlPrivilegeError({ errno: 1227 }), true);
    assert.equal(isMysqlPrivilegeError({ errno: 1045 }), false);
  });

  it('takes the server version from the handshake as VERSION() reports it (MariaDB 10.x drops its 5.5.5- replication prefix)', () => {
    assert.equal(versionFromHandshake('5.5.5-10.11.6-MariaDB-0+deb12u1'), '10.11.6-MariaDB-0+deb12u1');
    assert.equal(versionFromHandshake('11.4.2-MariaDB'), '11.4.2-MariaDB');
    assert.equal(versionFromHandshake('8.0.36'), '8.0.36');
    assert.equal(versionFromHandshake('5.5.5-log'), '5.5.5-log', 'a MySQL 5.5.5 keeps its version');
    assert.equal(versionFromHandshake(''), undefined);
    assert.equal(versionFromHandshake(undefined), undefined);
  });
});
