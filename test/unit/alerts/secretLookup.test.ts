import * as assert from 'node:assert/strict';
import { lookUpSecret, sendWithSecret } from '../../../src/server/alerts/secretLookup';
import type { SendOutcome } from '../../../src/server/alerts/webhook';

describe('alert secrets: a failed lookup is not "no secret"', () => {
  it('keeps the three answers apart', async () => {
    assert.deepEqual(await lookUpSecret(async () => 'whsec'), { state: 'set', value: 'whsec' });
    assert.deepEqual(await lookUpSecret(async () => null), { state: 'unset' });
    assert.deepEqual(await lookUpSecret(async () => ''), { state: 'unset' });
    assert.deepEqual(await lookUpSecret(() => Promise.reject(new Error('Request dbpulse/alerts/getSecret failed with message: locked'))), {
      state: 'failed',
      reason: 'locked',
    });
  });

  it('sends with the secret, or unsigned when none is set, and never when the lookup failed', async () => {
    const sent: Array<string | null> = [];
    const send = async (s: string | null): Promise<SendOutcome> => (sent.push(s), { ok: true, attempts: 1, detail: 'sent' });
    assert.equal((await sendWithSecret(async () => 'k', 'webhook:a signing secret', send)).ok, true);
    assert.equal((await sendWithSecret(async () => null, 'webhook:a signing secret', send)).ok, true);
    const failed = await sendWithSecret(() => Promise.reject(new Error('no client')), 'webhook:a signing secret', send);
    assert.deepEqual(sent, ['k', null]);
    assert.equal(failed.ok, false);
    assert.equal(failed.attempts, 0);
    assert.match(failed.detail, /not sent: the webhook:a signing secret could not be read from Secret Storage \(no client\)/);
  });
});
