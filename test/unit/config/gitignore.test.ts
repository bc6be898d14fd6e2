import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { GitIgnore, type IgnoreReader } from '../../../src/server/config/gitignore';

/** An in-memory repository: path (relative to /repo) → file text; directories implied. */
function repo(files: Record<string, string>, withGit = true): { gi: GitIgnore; abs: (p: string) => string } {
  const root = '/repo';
  const all = new Map(Object.entries(files).map(([k, v]) => [path.join(root, k), v]));
  const reader: IgnoreReader = {
    readFile: (p) => all.get(p),
    exists: (p) => all.has(p) || (withGit && p === path.join(root, '.git')) || [...all.keys()].some((k) => k.startsWith(p + '/')),
  };
  return { gi: new GitIgnore(reader, { ignoreCase: false }), abs: (p) => path.join(root, p) };
}

describe('git ignore semantics', () => {
  it('basename patterns match at any depth; anchored ones only at their level', () => {
    const { gi, abs } = repo({ '.gitignore': '.env\n/secret.json\n' });
    assert.equal(gi.isIgnored(abs('.env')), true);
    assert.equal(gi.isIgnored(abs('apps/web/.env')), true);
    assert.equal(gi.isIgnored(abs('secret.json')), true);
    assert.equal(gi.isIgnored(abs('sub/secret.json')), false);
  });
  it('negation re-includes, last match wins', () => {
    const { gi, abs } = repo({ '.gitignore': '.env*\n!.env.example\n' });
    assert.equal(gi.isIgnored(abs('.env.local')), true);
    assert.equal(gi.isIgnored(abs('.env.example')), false);
  });
  it('a file inside an excluded directory cannot be re-included', () => {
    const { gi, abs } = repo({ '.gitignore': 'config/\n!config/.env.example\n' });
    assert.equal(gi.isIgnored(abs('config/.env.example')), true);
  });
  it('dir/* with negation does re-include (the directory itself is not excluded)', () => {
    const { gi, abs } = repo({ '.gitignore': 'config/*\n!config/.env.example\n' });
    assert.equal(gi.isIgnored(abs('config/.env.example')), false);
    assert.equal(gi.isIgnored(abs('config/.env')), true);
  });
  it('directory-only patterns do not match files of that name', () => {
    const { gi, abs } = repo({ '.gitignore': 'secrets/\n' });
    assert.equal(gi.isIgnored(abs('secrets')), false);
    assert.equal(gi.isIgnored(abs('secrets/a.json')), true);
    assert.equal(gi.isIgnored(abs('x/secrets/a.json')), true);
  });
  it('** matches across directories', () => {
    const { gi, abs } = repo({ '.gitignore': '**/keys/*.json\nlogs/**/debug.env\n' });
    assert.equal(gi.isIgnored(abs('a/b/keys/sa.json')), true);
    assert.equal(gi.isIgnored(abs('keys/sa.json')), true);
    assert.equal(gi.isIgnored(abs('logs/a/b/debug.env')), true);
    assert.equal(gi.isIgnored(abs('logs/debug.env')), true);
  });
  it('escaped characters and comments', () => {
    const { gi, abs } = repo({ '.gitignore': '# .env\n\\#notes.env\n\\!bang.env\n' });
    assert.equal(gi.isIgnored(abs('.env')), false);
    assert.equal(gi.isIgnored(abs('#notes.env')), true);
    assert.equal(gi.isIgnored(abs('!bang.env')), true);
  });
  it('nested .gitignore files: deeper ones win, paths are relative to their directory', () => {
    const { gi, abs } = repo({ '.gitignore': '.env\n', 'apps/web/.gitignore': '!.env\n/local.env\n' });
    assert.equal(gi.isIgnored(abs('.env')), true);
    assert.equal(gi.isIgnored(abs('apps/web/.env')), false);
    assert.equal(gi.isIgnored(abs('apps/api/.env')), true);
    assert.equal(gi.isIgnored(abs('apps/web/local.env')), true);
    assert.equal(gi.isIgnored(abs('apps/web/sub/local.env')), false);
  });
  it('.git/info/exclude applies below every .gitignore', () => {
    const { gi, abs } = repo({ '.git/info/exclude': '*.secret\n', '.gitignore': '!keep.secret\n' });
    assert.equal(gi.isIgnored(abs('a.secret')), true);
    assert.equal(gi.isIgnored(abs('keep.secret')), false);
  });
  it('finds the repository root above the workspace and ignores nothing outside it', () => {
    const { gi, abs } = repo({ '.gitignore': 'ws/.env\n' });
    assert.equal(gi.isIgnored(abs('ws/.env'), abs('ws')), true);
    assert.equal(gi.isIgnored('/elsewhere/.env', abs('ws')), false);
  });
  it('suggests a line that makes the file ignored, in the deepest .gitignore', () => {
    const { gi, abs } = repo({ '.gitignore': 'node_modules/\n', 'apps/web/.gitignore': '!.env\n' });
    const s = gi.suggestIgnoreLine(abs('apps/web/.env'));
    assert.deepEqual(s, { gitignorePath: abs('apps/web/.gitignore'), line: '/.env' });
    const after = repo({ '.gitignore': 'node_modules/\n', 'apps/web/.gitignore': '!.env\n' + s!.line + '\n' });
    assert.equal(after.gi.isIgnored(after.abs('apps/web/.env')), true);
  });
  it('escapes special characters in suggested lines', () => {
    const { gi, abs } = repo({ '.gitignore': '' });
    const s = gi.suggestIgnoreLine(abs('keys/[prod]*.json'))!;
    const after = repo({ '.gitignore': s.line + '\n' });
    assert.equal(after.gi.isIgnored(after.abs('keys/[prod]*.json')), true);
    assert.equal(after.gi.isIgnored(after.abs('keys/p.json')), false);
  });
  it('trailing spaces are stripped unless escaped', () => {
    const { gi, abs } = repo({ '.gitignore': '.env   \n' });
    assert.equal(gi.isIgnored(abs('.env')), true);
  });
});
