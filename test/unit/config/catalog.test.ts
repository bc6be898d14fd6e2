import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFindingCategory } from '../../../src/shared/categories';
import { RULES, ruleDocsUrl } from '../../../src/server/config/ruleCatalog';
import { scoreFile, scoreFromPenalty, scoreWorkspace, scoreLabel } from '../../../src/server/config/score';
import type { Finding } from '../../../src/server/config/types';

const docs = path.resolve(__dirname, '../../../docs/rules');

describe('rule catalog and score', () => {
  it('every rule has a category from the contract and a documentation page', () => {
    for (const r of RULES) {
      assert.ok(isFindingCategory(r.category), r.id);
      assert.ok(fs.existsSync(path.join(docs, `${r.id}.md`)), `docs/rules/${r.id}.md missing`);
      assert.match(fs.readFileSync(path.join(docs, `${r.id}.md`), 'utf8'), new RegExp(`Category: \`${r.category}\``));
      assert.equal(ruleDocsUrl(r.id), `https://github.com/dbpulse/dbpulse/blob/main/docs/rules/${r.id}.md`);
    }
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
  });
  it('scores by the documented formula', () => {
    const f = (ruleId: string, severity: Finding['severity']): Finding => ({
      ruleId,
      category: 'tls_disabled',
      severity,
      message: '',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    assert.equal(scoreFile([], false).score, 100);
    assert.equal(scoreFile([f('tls-disabled', 'error')], false).score, 61);
    assert.equal(scoreFile([f('tls-disabled', 'error'), f('tls-disabled', 'error')], false).score, 37);
    assert.equal(scoreFile([f('tls-disabled', 'warning')], false).score, 82);
    assert.equal(scoreFile([f('tls-disabled', 'error')], true).score, scoreFromPenalty(12.5));
    assert.equal(scoreFile([f('dotenv-duplicate-key', 'warning')], false).score, 100, 'hygiene is not counted');
    assert.equal(scoreWorkspace([{ penalty: 25 }, { penalty: 25 }, { penalty: 0 }]), 37);
    assert.equal(
      scoreLabel(scoreFile([f('tls-disabled', 'error'), f('tls-disabled', 'warning'), f('tls-disabled', 'information')], false)),
      'Security score 47/100: 3 problems',
    );
  });
});
