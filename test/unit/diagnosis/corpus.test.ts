import * as assert from 'node:assert/strict';
import { PROVIDERS, isErrorCategory } from '../../../src/shared/categories';
import { diagnoseError } from '../../../src/server/diagnosis';
import { loadCorpus } from '../../fixtures/errors/load';

/** Every error text of the corpus (written from the drivers' sources and docs) gets the maintainer's category. */
describe('diagnosis: error corpus', () => {
  const corpus = loadCorpus();

  it('has cases for every provider', () => {
    for (const p of PROVIDERS)
      assert.ok(
        corpus.some((c) => c.provider === p),
        p,
      );
    for (const c of corpus) assert.ok(isErrorCategory(c.expect), `${c.at}: ${c.expect}`);
  });

  for (const c of corpus) {
    it(`${c.at} ${c.provider}: ${c.message.slice(0, 70) || JSON.stringify(c.fields)} → ${c.expect}`, () => {
      const d = diagnoseError(c.provider, { provider: c.provider, message: c.message, fields: c.fields ?? {} }, c.context);
      assert.equal(d.category, c.expect, `${c.at}: got ${d.category} via ${d.patternId ?? 'none'} (${d.rootCause})`);
      assert.ok(d.confidence > 0 && d.confidence <= 1);
      assert.ok(d.rootCause.length > 10);
      assert.ok(d.fixes.length > 0);
      assert.ok(d.docsUrl?.startsWith('https://'));
    });
  }
});
