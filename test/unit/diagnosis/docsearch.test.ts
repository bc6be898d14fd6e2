/**
 * The offline index of the providers' public error references (issue 14): exact codes from the
 * error's own fields and text, full-text matches within the provider's references only, and what
 * an unsure diagnosis and the LLM prompt do with them. Messages here are written from the
 * references' own wording, not taken from any scored corpus.
 */
import * as assert from 'node:assert/strict';
import type { Provider } from '../../../src/shared/categories';
import { PROVIDERS } from '../../../src/shared/categories';
import { Diagnoser, type LlmAsker } from '../../../src/server/diagnosis';
import { layersOf } from '../../../src/server/diagnosis/diagnose';
import { providerDocs, referencesFor } from '../../../src/server/diagnosis/docsearch/catalog';
import { type ProviderDocsIndex, codesOf, type ProviderErrorCatalog } from '../../../src/server/diagnosis/docsearch/search';
import { buildMessages } from '../../../src/server/diagnosis/llm/prompt';
import catalog from '../../../src/server/diagnosis/docsearch/providerErrors.json';
import { seededRandom } from '../../support/random';

const data = catalog as unknown as ProviderErrorCatalog;

function index(): ProviderDocsIndex {
  const r = providerDocs();
  if ('error' in r) throw new Error(r.error);
  return r.index;
}

const err = (message: string, fields: Record<string, unknown> = {}): Error => Object.assign(new Error(message), fields);
const first = (provider: Provider, e: unknown) => index().search(provider, layersOf(e), 3)[0];

describe('provider error references (docsearch)', function () {
  // Building the index (2,500 entries) on a loaded machine takes a while; nothing here is timed.
  this.timeout(60_000);

  it('covers every provider, each entry with a code, text and an https page named in its refs', () => {
    const by = new Map<string, number>();
    const keys = new Set<string>();
    for (const [provider, code, name, text, ref] of data.entries) {
      by.set(provider, (by.get(provider) ?? 0) + 1);
      assert.ok(code && text, `${provider} ${code}: empty`);
      assert.match(data.refs[ref].url, /^https:\/\//);
      const key = `${provider}:${code}:${name}`;
      assert.ok(!keys.has(key), `duplicate ${key}`);
      keys.add(key);
    }
    for (const p of PROVIDERS) assert.ok((by.get(p) ?? 0) >= 50, `${p}: only ${by.get(p) ?? 0} entries`);
    assert.equal(index().size, data.entries.length);
  });

  it('looks up the codes an error carries in its fields, exactly', () => {
    assert.deepEqual(
      [first('postgres', err('x', { code: '28P01' })).code, first('postgres', err('x', { code: '28P01' })).exact],
      ['28P01', true],
    );
    assert.equal(first('postgres', err('x', { code: '28P01' })).name, 'invalid_password');
    assert.equal(first('mysql', err('x', { errno: 1045, code: 'ER_ACCESS_DENIED_ERROR' })).code, '1045');
    assert.equal(first('mongodb', err('x', { code: 13, codeName: 'Unauthorized' })).name, 'Unauthorized');
    assert.equal(first('firebase', err('x', { code: 'auth/id-token-expired' })).code, 'auth/id-token-expired');
  });

  it('finds codes written in the message text (SQLSTATE with a letter, E11000, PGRST, ERROR nnnn, auth/…)', () => {
    assert.equal(first('postgres', err('ERROR: relation "x" does not exist (SQLSTATE 42P01)')).name, 'undefined_table');
    assert.equal(first('postgres', err('pq: sqlstate 53300')).name, 'too_many_connections');
    assert.equal(first('mongodb', err('E11000 duplicate key error collection: app.users')).name, 'DuplicateKey');
    assert.equal(first('supabase', err('{"code":"PGRST116","details":"The result contains 0 rows"}')).code, 'PGRST116');
    assert.equal(first('mysql', err('ERROR 1040 (08004): Too many connections')).code, '1040');
    assert.equal(first('firebase', err('Error: auth/user-disabled thrown by the SDK')).code, 'auth/user-disabled');
  });

  it('does not read a bare five-digit number (a port) as a SQLSTATE', () => {
    assert.deepEqual(codesOf(layersOf(err('connect ECONNREFUSED 127.0.0.1:23505'))).includes('23505'), false);
    assert.ok(codesOf(layersOf(err('duplicate key, SQLSTATE 23505'))).includes('23505'));
  });

  it('Supabase errors also reach the PostgreSQL references (its database is PostgreSQL)', () => {
    assert.equal(first('supabase', err('x', { code: '42501' })).name, 'insufficient_privilege');
  });

  it('matches the wording of a message within the provider only', () => {
    const lock = first('mysql', err('Lock wait timeout exceeded; try restarting transaction'));
    assert.equal(lock.code, '1205');
    assert.equal(lock.exact, false);
    assert.equal(first('firebase', err('The Firebase ID token has been revoked.')).code, 'auth/id-token-revoked');
    for (const p of PROVIDERS) {
      const hits = index().search(p, layersOf(err('Lock wait timeout exceeded; access denied; duplicate key; token expired')), 3);
      const allowed = p === 'supabase' ? ['supabase', 'postgres'] : [p];
      for (const h of hits) assert.ok(allowed.includes(h.provider), `${p} got a ${h.provider} reference`);
    }
  });

  it('answers nothing rather than a weak match (one shared common word is not a match)', () => {
    assert.deepEqual(index().search('postgres', layersOf(err('the quick brown fox jumps over the lazy dog')), 3), []);
    assert.deepEqual(index().search('mysql', layersOf(err('connection')), 3), []);
  });

  it('never throws and keeps to its limit on random and hostile input (seeded)', () => {
    const rnd = seededRandom(1407);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP0123456789 _-/:()[]{}%$E\n\u0000\u202e';
    for (let i = 0; i < 150; i++) {
      const len = Math.floor(rnd() * 400);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const p = PROVIDERS[i % PROVIDERS.length];
      const limit = 1 + (i % 4);
      const hits = referencesFor(p, err(s, { code: s.slice(0, 8), errno: i }), limit);
      assert.ok(hits.length <= limit);
    }
    assert.deepEqual(
      referencesFor('postgres', {
        toString: () => {
          throw new Error('hostile');
        },
      } as unknown),
      [],
    );
  });

  it('an unsure diagnosis carries the references; a sure one does not', async () => {
    const d = await Diagnoser.open();
    const unsure = d.diagnoseWithLlm('mongodb', err('E11000 duplicate key error collection: app.users index: email_1')).immediate;
    assert.equal(unsure.category, 'unknown');
    assert.equal(unsure.references?.[0]?.name, 'DuplicateKey');
    const sure = d.diagnoseWithLlm('postgres', err('password authentication failed for user "app"', { code: '28P01' })).immediate;
    assert.equal(sure.category, 'auth_failed');
    assert.equal(sure.references, undefined);
  });

  it('an index that cannot load leaves the diagnosis without references, and nothing throws', async () => {
    const d = await Diagnoser.open({ docs: () => ({ error: 'gone' }) });
    const out = d.diagnoseWithLlm('mongodb', err('E11000 duplicate key error collection: app.users')).immediate;
    assert.equal(out.category, 'unknown');
    assert.equal(out.references, undefined);
  });

  it('the LLM is shown the references (redacted) and asked to cite them', async () => {
    let asked: unknown;
    const llm: LlmAsker = {
      ask: async (provider, layers, ctx) => {
        asked = buildMessages(provider, layers, ctx);
        return { ok: false, reason: 'stand-in: no answer' };
      },
    };
    const d = await Diagnoser.open({ llm });
    const { refined } = d.diagnoseWithLlm('mongodb', err('E11000 duplicate key error collection: app.users'), {
      connection: { user: 'app' },
    });
    await refined;
    const [system, user] = asked as { content: string }[];
    assert.match(system.content, /references/);
    const payload = JSON.parse(user.content) as { references?: { code: string; url: string }[] };
    assert.equal(payload.references?.[0]?.code, '11000');
    assert.match(payload.references?.[0]?.url ?? '', /mongodb\.com/);
  });
});
