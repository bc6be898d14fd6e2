/**
 * The layer boundaries (CONTRIBUTING.md "Layout and boundaries"), as a check over import
 * specifiers. Pure: give it file paths (relative to the repository root, `/`-separated) and their
 * text; it returns one line per import that crosses a boundary.
 */
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;

/** Every module specifier a file names (static, dynamic and `require`, type-only imports too). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  // Comments may mention modules ("never imports vscode"): drop them first.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(IMPORT_RE)) out.push(m[2]);
  return out;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

type Layer = 'core' | 'adapter' | 'client' | 'shared' | 'protocol' | 'webview' | 'cli' | 'other';

export function layerOf(file: string): Layer {
  if (file === 'src/shared/protocol.ts') return 'protocol';
  if (file.startsWith('src/shared/')) return 'shared';
  if (file === 'src/server/server.ts' || file.startsWith('src/server/lsp/')) return 'adapter';
  if (file.startsWith('src/server/')) return 'core';
  if (file.startsWith('src/client/')) return 'client';
  if (file.startsWith('src/cli/')) return 'cli';
  if (file.startsWith('media/src/')) return 'webview';
  return 'other';
}

/** The repository path an import resolves to (without extension), or the bare package name. */
function target(file: string, spec: string): { local?: string; pkg?: string } {
  if (!spec.startsWith('.')) return { pkg: spec };
  return { local: path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(ts|js)$/, '') };
}

const isVscode = (pkg: string): boolean =>
  pkg === 'vscode' || pkg.startsWith('vscode-languageserver') || pkg.startsWith('vscode-languageclient');

/** Why `spec` imported from `file` breaks a boundary, or undefined. */
export function violation(file: string, spec: string): string | undefined {
  const layer = layerOf(file);
  const { local, pkg } = target(file, spec);
  const to = local !== undefined ? layerOf(`${local}.ts`) : undefined;
  const toLsp = local !== undefined && (local === 'src/server/server' || local.startsWith('src/server/lsp/'));
  switch (layer) {
    case 'core':
      if (pkg && isVscode(pkg)) return 'the core never imports vscode or vscode-languageserver*';
      if (to === 'protocol') return 'the core never imports shared/protocol (domain types live in their own src/shared files)';
      if (toLsp) return 'the core never imports the language-server adapter (server.ts, lsp/)';
      if (to === 'client') return 'the core never imports the client';
      return undefined;
    case 'shared':
      if (pkg && (isVscode(pkg) || BUILTINS.has(pkg))) return 'src/shared is imported by webviews and core: no vscode*, no node built-ins';
      if (to === 'protocol') return 'domain types in src/shared never import shared/protocol';
      if (to && to !== 'shared') return 'src/shared imports only src/shared';
      return undefined;
    case 'client':
      if (local?.startsWith('src/server/')) return 'the client never imports src/server (move what both need to src/shared)';
      if (local?.startsWith('src/cli/')) return 'the client never imports the CLI';
      return undefined;
    case 'webview':
      if (pkg && BUILTINS.has(pkg)) return 'webview scripts run in a browser: no node built-ins';
      if (pkg && isVscode(pkg)) return 'webview scripts cannot import vscode';
      return undefined;
    case 'cli':
      if (pkg && isVscode(pkg)) return 'the CLI runs without an editor: no vscode*';
      if (to === 'protocol' || toLsp || to === 'client') return 'the CLI uses the core, not the editor adapter or client';
      return undefined;
    default:
      return undefined;
  }
}

export function boundaryViolations(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    for (const spec of importsOf(text)) {
      const why = violation(file, spec);
      if (why) out.push(`${file}: import '${spec}': ${why}`);
    }
  }
  // A webview bundle holds everything its scripts reach (pure models from src/client/webviews/model,
  // src/shared): none of it may need node or vscode.
  for (const entry of files.keys()) {
    if (layerOf(entry) !== 'webview') continue;
    const seen = new Set<string>([entry]);
    const queue = [entry];
    while (queue.length) {
      const file = queue.shift()!;
      for (const spec of importsOf(files.get(file) ?? '')) {
        const { local, pkg } = target(file, spec);
        if (pkg && (BUILTINS.has(pkg) || isVscode(pkg)) && file !== entry && layerOf(file) !== 'webview')
          out.push(`${file}: import '${spec}': reached from the webview script ${entry}, which runs in a browser`);
        const next = local !== undefined ? [`${local}.ts`, `${local}/index.ts`].find((f) => files.has(f)) : undefined;
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return [...new Set(out)];
}
