// The folder boundaries are ESLint rules (eslint.config.mjs). This runs the very rule objects
// the config exports on small sources placed, by file name, in each folder, and checks that
// each import across a boundary is reported and each allowed import is not.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = path.resolve(__dirname, '../../..');

let eslint: ESLint;

before(async () => {
  const mod = (await import(path.join(ROOT, 'eslint.config.mjs'))) as { boundaries: Linter.Config[] };
  assert.ok(Array.isArray(mod.boundaries) && mod.boundaries.length >= 4, 'eslint.config.mjs exports its boundary rules');
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } }, ...mod.boundaries],
  });
});

async function violations(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; source: string; broken: boolean }[] = [
  { file: 'src/server/config/x.ts', source: "import { createConnection } from 'vscode-languageserver/node';", broken: true },
  { file: 'src/server/config/x.ts', source: "import * as vscode from 'vscode';", broken: true },
  { file: 'src/server/engine/x.ts', source: "import { ProbeAllRequest } from '../../shared/protocol';", broken: true },
  { file: 'src/server/store/x.ts', source: "import type { FeatureContext } from '../lsp/context';", broken: true },
  { file: 'src/server/engine/x.ts', source: "import type { ProbeResult } from '../../shared/probe';", broken: false },
  { file: 'src/server/lsp/x.ts', source: "import { ProbeAllRequest } from '../../shared/protocol';", broken: false },
  { file: 'src/server/server.ts', source: "import { createConnection } from 'vscode-languageserver/node';", broken: false },
  { file: 'src/client/views/x.ts', source: "import type { HourBucket } from '../../server/store/types';", broken: true },
  { file: 'src/client/views/x.ts', source: "import * as vscode from 'vscode';", broken: false },
  { file: 'src/shared/x.ts', source: "import { createConnection } from 'vscode-languageserver/node';", broken: true },
  { file: 'src/shared/x.ts', source: "import { x } from '../server/config/lint';", broken: true },
  { file: 'media/src/x.ts', source: "import * as fs from 'node:fs';", broken: true },
  { file: 'media/src/x.ts', source: "import * as path from 'path';", broken: true },
  { file: 'src/client/webviews/model/x.ts', source: "import * as fs from 'node:fs';", broken: true },
  { file: 'src/client/webviews/model/x.ts', source: "import type { RiskLevel } from '../../../server/predict/types';", broken: true },
  { file: 'media/src/x.ts', source: "import { h } from './lib/dom';", broken: false },
];

describe('ESLint folder boundaries', () => {
  for (const c of cases) {
    it(`${c.broken ? 'reports' : 'allows'} ${c.source.replace(/^import (type )?/, '')} in ${c.file}`, async () => {
      const found = await violations(c.file, c.source);
      if (c.broken) assert.equal(found.length, 1, `expected one boundary violation, got ${JSON.stringify(found)}`);
      else assert.deepEqual(found, []);
    });
  }
});
