// One build script, several contexts (as vscode-eslint does):
//   client   dist/client.js       cjs, node, `vscode` external
//   server   dist/server.js       the language server, no database driver inside
//   probes   dist/probes/*.js     one bundle per provider, loaded on demand by the server and CLI
//   libs     dist/lib/*.js        libraries some paths need (nodemailer for email alerts, the provider error
//                                 references and their search), loaded on first use
//   cli      dist/cli.js          the `dbpulse` command
//   webviews dist/webview/*.js    browser iife scripts for the dashboards
// Flags: --watch, --production (minify, no source maps), --metafile (writes dist/meta-*.json for the bench).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const metafile = args.has('--metafile');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));

// Oldest supported editor: VS Code 1.100 (Electron 34, Node 20.18). The server runs on the editor's Node.
const NODE_TARGET = 'node20.18';

/** Optional native or peer modules the drivers probe for at run time; absent is fine. */
const OPTIONAL_EXTERNALS = [
  'pg-native',
  'kerberos',
  '@mongodb-js/zstd',
  '@aws-sdk/credential-providers',
  'snappy',
  'socks',
  'aws4',
  'mongodb-client-encryption',
  'bufferutil',
  'utf-8-validate',
  'cardinal',
];

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { DBPULSE_VERSION: JSON.stringify(pkg.version) },
  metafile,
};

const providers = fs.existsSync('src/server/probes/providers')
  ? fs
      .readdirSync('src/server/probes/providers')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.basename(f, '.ts'))
  : [];

const webviews = fs.existsSync('media/src')
  ? fs
      .readdirSync('media/src')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join('media/src', f))
  : [];

const configs = {
  client: {
    ...common,
    entryPoints: { client: 'src/client/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: ['vscode'],
  },
  server: {
    ...common,
    entryPoints: { server: 'src/server/server.ts' },
    mainFields: ['module', 'main'],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: OPTIONAL_EXTERNALS,
  },
  probes: providers.length && {
    ...common,
    entryPoints: Object.fromEntries(providers.map((p) => [p, `src/server/probes/providers/${p}.ts`])),
    outdir: 'dist/probes',
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: OPTIONAL_EXTERNALS,
  },
  // The monitoring service and everything it runs (engine, diagnoser, predictor, store, alerts): loaded by the
  // server after the first diagnostics, so its start compiles none of it. Next to server.js (probes/ and lib/ resolve alike).
  monitoring: {
    ...common,
    entryPoints: { monitoring: 'src/server/monitoring/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: OPTIONAL_EXTERNALS,
  },
  // Libraries the server needs only on some paths, each in a bundle of its own loaded on first use.
  libs: {
    ...common,
    entryPoints: { nodemailer: 'src/server/alerts/nodemailerBundle.ts', docsearch: 'src/server/diagnosis/docsearch/bundle.ts' },
    outdir: 'dist/lib',
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
  },
  cli: {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    banner: { js: '#!/usr/bin/env node' },
    // jsonc-parser's UMD main uses dynamic requires that break when bundled; prefer ESM builds.
    mainFields: ['module', 'main'],
    external: OPTIONAL_EXTERNALS,
  },
  webviews: webviews.length && {
    ...common,
    entryPoints: webviews,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
};

async function main() {
  fs.rmSync('dist', { recursive: true, force: true });
  const entries = Object.entries(configs).filter(([, c]) => c);
  if (watch) {
    for (const [name, config] of entries) {
      const ctx = await esbuild.context(config);
      await ctx.watch();
      console.log(`[watch] ${name}`);
    }
    return;
  }
  await Promise.all(
    entries.map(async ([name, config]) => {
      const result = await esbuild.build(config);
      if (metafile) fs.writeFileSync(`dist/meta-${name}.json`, JSON.stringify(result.metafile));
    }),
  );
  fs.chmodSync('dist/cli.js', 0o755);
  console.log(`built ${entries.map(([n]) => n).join(', ')}${production ? ' (production)' : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
