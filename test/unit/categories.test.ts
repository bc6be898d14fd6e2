import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CATEGORIES, FINDING_CATEGORIES } from '../../src/shared/categories';

/** The category ids are public contracts: they must match the spec tables exactly. */
const specDir = path.resolve(__dirname, '../../../shared/spec');

function idsFromSpec(file: string): string[] {
  const text = fs.readFileSync(path.join(specDir, file), 'utf8');
  return [...text.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
}

describe('category contracts', function () {
  before(function () {
    if (!fs.existsSync(specDir)) this.skip();
  });

  it('error categories equal ../shared/spec/error-categories.md', () => {
    assert.deepEqual([...ERROR_CATEGORIES], idsFromSpec('error-categories.md'));
  });

  it('finding categories equal ../shared/spec/config-finding-categories.md', () => {
    assert.deepEqual([...FINDING_CATEGORIES], idsFromSpec('config-finding-categories.md'));
  });
});
