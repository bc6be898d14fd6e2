import * as assert from 'node:assert/strict';
import type { ConnectionConfig } from '../../../src/shared/connection';
import type { Fix as DiagnosisFix } from '../../../src/shared/diagnosis';
import {
  actionLabel,
  applyPatch,
  describePatch,
  feedbackParams,
  isWebUrl,
  MAX_RETRY_WAIT_MS,
  planFix,
} from '../../../src/client/webviews/model/fixActions';

const conn: ConnectionConfig = {
  id: 'orders',
  name: 'Orders',
  provider: 'postgres',
  host: 'db',
  port: 5432,
  tls: { mode: 'disable', caFile: '/ca.pem' },
  scope: 'workspace',
};

describe('webviews: fix actions', () => {
  it('applies a settings patch to a copy, merging tls field by field', () => {
    const next = applyPatch(conn, { tls: { mode: 'require' }, port: 6543 });
    assert.deepEqual(next.tls, { mode: 'require', caFile: '/ca.pem' });
    assert.equal(next.port, 6543);
    assert.equal(next.scope, 'workspace');
    assert.equal(conn.port, 5432, 'the original is untouched');
    assert.equal(conn.tls?.mode, 'disable');
    assert.ok(!('tls' in applyPatch({ id: 'a', name: 'A', provider: 'postgres' }, { port: 1 })));
  });

  it('describes exactly what changes, old → new', () => {
    assert.deepEqual(describePatch(conn, { tls: { mode: 'verify-full' }, connectTimeoutMs: 15000 }), [
      'connectTimeoutMs: (unset) → 15000',
      'tls.mode: disable → verify-full',
    ]);
    assert.deepEqual(describePatch(conn, { port: 5432 }), []);
  });

  it('plans each kind of fix, refusing what would be unsafe or invalid', () => {
    const fix = (action: DiagnosisFix['action']): DiagnosisFix => ({ id: 'f', title: 't', action });
    const edit = planFix(fix({ kind: 'editConnection', patch: { tls: { mode: 'require' } } }), conn);
    assert.equal(edit.kind, 'edit');
    if (edit.kind === 'edit') assert.deepEqual(edit.changes, ['tls.mode: disable → require']);
    assert.equal(
      planFix(fix({ kind: 'editConnection', patch: { tls: { mode: 'require' } } }), undefined).kind,
      'none',
      'no saved connection to change',
    );
    const bad = planFix(fix({ kind: 'editConnection', patch: { port: 70000 } }), conn);
    assert.equal(bad.kind, 'none');
    if (bad.kind === 'none') assert.match(bad.reason, /port/);
    assert.equal(planFix(fix({ kind: 'editConnection', patch: { port: 5432 } }), conn).kind, 'none', 'nothing would change');
    assert.deepEqual(planFix(fix({ kind: 'command', command: 'dbpulse.setSecret', args: ['orders'] }), conn), {
      kind: 'command',
      command: 'dbpulse.setSecret',
      args: ['orders'],
    });
    for (const command of ['workbench.action.terminal.sendSequence', 'vscode.open', 'dbpulse', 'dbpulse.x;rm'])
      assert.equal(planFix(fix({ kind: 'command', command }), conn).kind, 'none', command);
    assert.deepEqual(planFix(fix({ kind: 'retry', afterMs: 5000 }), conn), { kind: 'retry', afterMs: 5000 });
    assert.deepEqual(planFix(fix({ kind: 'retry', afterMs: 10 * 60_000 }), conn), { kind: 'retry', afterMs: MAX_RETRY_WAIT_MS });
    assert.equal(planFix(fix({ kind: 'retry', afterMs: 0 }), undefined).kind, 'none');
    assert.equal(planFix(fix({ kind: 'openUrl', url: 'https://www.postgresql.org/docs/' }), undefined).kind, 'openUrl');
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'command:dbpulse.x', 'not a url'])
      assert.equal(planFix(fix({ kind: 'openUrl', url }), conn).kind, 'none', url);
    assert.equal(planFix({ id: 'm', title: 'Ask your DBA' }, conn).kind, 'none');
  });

  it('checks web URLs', () => {
    assert.ok(isWebUrl('http://localhost:3000/x'));
    assert.ok(!isWebUrl('https://'));
    assert.ok(!isWebUrl(undefined));
  });

  it('labels the action buttons', () => {
    assert.equal(actionLabel({ id: 'a', title: '' }), undefined);
    assert.equal(actionLabel({ id: 'a', title: '', action: { kind: 'retry', afterMs: 1 } }), 'Probe again');
    assert.equal(actionLabel({ id: 'a', title: '', action: { kind: 'editConnection', patch: {} } }), 'Apply to connection');
  });

  it('builds feedback for the analysis and for a fix', () => {
    const d = { patternId: 'pg.28P01', category: 'auth_failed' as const };
    assert.deepEqual(feedbackParams(d, true), { type: 'error_analysis', helpful: true, category: 'auth_failed', patternId: 'pg.28P01' });
    assert.deepEqual(feedbackParams(d, false, { fixId: 'set-password', comment: '  wrong user  ', connectionId: 'orders' }), {
      type: 'fix_suggestion',
      helpful: false,
      category: 'auth_failed',
      patternId: 'pg.28P01',
      fixId: 'set-password',
      comment: 'wrong user',
      connectionId: 'orders',
    });
    assert.equal(feedbackParams(d, true, { comment: 'x'.repeat(5000) }).comment?.length, 1000);
    assert.ok(!('comment' in feedbackParams(d, true, { comment: '   ' })));
  });
});
