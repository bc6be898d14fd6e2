import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { referencesIn } from '../../../src/server/config/dotenv';
import { isTemplateReference } from '../../../src/server/config/connectionString';
import { blankErbStatements } from '../../../src/server/config/formats/yamlSettings';

/** The regular expression referencesIn replaced (quadratic on "${A${A…"): the oracle for its results. */
function byRegex(value: string): string[] {
  const out: string[] = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push(m[1] ?? m[2]!);
  return out;
}

describe('config: variable references in values', () => {
  it('finds ${VAR}, ${VAR:-default} and $VAR', () => {
    assert.deepEqual(referencesIn('postgres://${DB_USER}:${DB_PASSWORD:-x}@$DB_HOST/db'), ['DB_USER', 'DB_PASSWORD', 'DB_HOST']);
    assert.deepEqual(referencesIn('${A:-${B}} $C ${1} ${D'), ['A', 'C']);
  });

  it('gives what the regular expression it replaced gives, on random strings of the syntax (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', 'A', 'b', '_', '1', ':', '-', ' '), maxLength: 40 }), (s) => {
        assert.deepEqual(referencesIn(s), byRegex(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('an unclosed "${" run is no reference, and a later $VAR still is', () => {
    assert.deepEqual(referencesIn(`${'${A'.repeat(50)} $B`), ['B']);
    assert.equal(isTemplateReference(`x${'${A'.repeat(50)}`), false);
    assert.equal(isTemplateReference('${A:-${B}}'), true);
    assert.equal(isTemplateReference('%(pw)s'), true);
  });
});

describe('config: ERB statement tags blanked before YAML', () => {
  /** The regular expression blankErbStatements replaced (quadratic on "<%<%…"): the oracle. */
  const byRegex = (text: string): string =>
    text.indexOf('<%') < 0 ? text : text.replace(/<%(?![=%])[\s\S]*?%>/g, (tag) => tag.replace(/[^\n]/g, ' '));

  it('blanks <% … %> and <%# … %> (newlines kept), keeps <%= … %> and <%% escapes', () => {
    const text = "a: <% x = 1 %>\nb: <%= ENV['B'] %>\n<%# note\nmore %>c: <%% lit %>\n";
    const blank = (tag: string) => tag.replace(/[^\n]/g, ' ');
    assert.equal(blankErbStatements(text), `a: ${blank('<% x = 1 %>')}\nb: <%= ENV['B'] %>\n${blank('<%# note\nmore %>')}c: <%% lit %>\n`);
  });

  it('gives what the regular expression it replaced gives, on random strings of the syntax (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '%', '>', '=', '#', 'a', ' ', '\n'), maxLength: 40 }), (s) => {
        assert.equal(blankErbStatements(s), byRegex(s));
      }),
      { numRuns: 3000 },
    );
  });
});
