// Bundles the in-editor suite (test/e2e/suite) into one CommonJS file the extension host can load as
// extensionTestsPath, plus a minimal "harness" extension folder to pass as extensionDevelopmentPath
// (VS Code runs extension tests only when a development extension is given; the harness has no code,
// so the DB Pulse under test is the one installed from the .vsix).
// Used by test/e2e/run.mjs (code-server) and test/e2e/electron/run.mjs (desktop VS Code).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SUITE_DIR = path.join(here, 'suite');

/** Every `*.test.ts` under the suite folder, relative to it, sorted (the order tests run in). */
export function suiteTestFiles() {
  return fs
    .readdirSync(SUITE_DIR, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** esbuild plugin: the virtual module `dbpulse-e2e:tests` that requires each test file lazily. */
const testsModule = {
  name: 'dbpulse-e2e-tests',
  setup(build) {
    build.onResolve({ filter: /^dbpulse-e2e:tests$/ }, () => ({ path: 'tests', namespace: 'dbpulse-e2e' }));
    build.onLoad({ filter: /.*/, namespace: 'dbpulse-e2e' }, () => {
      const files = suiteTestFiles();
      // require() (not import) so each file runs when loadTests() is called, after mocha set up its globals.
      const body = files.map((f) => `  require(${JSON.stringify(`./${f}`)});`).join('\n');
      return {
        contents: `exports.loadTests = function () {\n${body}\n  return ${JSON.stringify(files)};\n};\n`,
        resolveDir: SUITE_DIR,
        loader: 'js',
      };
    });
  },
};

/**
 * Builds the suite into `outDir`: `outDir/suite.js` (the extensionTestsPath) and `outDir/package.json`
 * (the harness extension, for extensionDevelopmentPath). Returns the paths.
 */
export async function bundleSuite(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const suiteJs = path.join(outDir, 'suite.js');
  await esbuild.build({
    entryPoints: [path.join(SUITE_DIR, 'index.ts')],
    outfile: suiteJs,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
    plugins: [testsModule],
  });
  fs.writeFileSync(
    path.join(outDir, 'package.json'),
    JSON.stringify(
      {
        name: 'dbpulse-e2e-harness',
        displayName: 'DB Pulse e2e harness (tests only)',
        publisher: 'dbpulse-test',
        version: '0.0.0',
        private: true,
        engines: { vscode: '*' },
      },
      null,
      2,
    ),
  );
  return { harnessDir: outDir, suiteJs, files: suiteTestFiles() };
}
