/**
 * Layer boundaries, checked over every import in src and media/src (ESLint's no-restricted-imports
 * encodes the same rules; this test is the insurance that runs with the unit layer).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { boundaryViolations, importsOf } from '../support/boundaries';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name)) out.set(path.relative(ROOT, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

describe('layer boundaries (imports)', () => {
  it('no import in src or media/src crosses a boundary', () => {
    const files = new Map([...sources('src'), ...sources('media/src')]);
    assert.ok(files.size > 100, `only ${files.size} files found`);
    assert.deepEqual(boundaryViolations(files), []);
  });

  it('catches each kind of break (fixtures)', () => {
    const fixtures = new Map([
      [
        'src/server/config/x.ts',
        "import { Connection } from 'vscode-languageserver/node';\nimport type { ConnectionHealth } from '../../shared/protocol';",
      ],
      ['src/server/engine/y.ts', "import { registerMonitoring } from '../lsp/monitoringFeature';\nconst v = require('vscode');"],
      ['src/client/views/z.ts', "import type { RiskLevel } from '../../server/predict/types';"],
      [
        'media/src/w.ts',
        "import * as fs from 'node:fs';\nimport { join } from 'path';\nimport { f } from '../../src/client/webviews/model/m';",
      ],
      ['src/client/webviews/model/m.ts', "import { createHash } from 'node:crypto';"],
      ['src/shared/v.ts', "import { Buffer } from 'node:buffer';\nimport type { X } from './protocol';"],
      // Allowed: the adapter imports protocol and vscode-languageserver; comments do not count.
      [
        'src/server/lsp/ok.ts',
        "import { Connection } from 'vscode-languageserver/node';\nimport { PingRequest } from '../../shared/protocol';",
      ],
      ['src/server/engine/ok.ts', "// never imports 'vscode'\nimport type { BreakerState } from '../../shared/history';"],
    ]);
    const found = boundaryViolations(fixtures);
    assert.equal(found.length, 10, found.join('\n'));
    for (const f of ['config/x.ts', 'engine/y.ts', 'views/z.ts', 'media/src/w.ts', 'shared/v.ts', 'model/m.ts'])
      assert.ok(
        found.some((l) => l.includes(f)),
        f,
      );
    assert.ok(!found.some((l) => l.includes('ok.ts')), found.join('\n'));
  });

  it('reads static, dynamic, require and side-effect imports', () => {
    assert.deepEqual(
      importsOf("import 'a';\nimport b from \"b\";\nconst c = await import('c');\nrequire('d');\nexport { e } from './e';"),
      ['a', 'b', 'c', 'd', './e'],
    );
  });
});
