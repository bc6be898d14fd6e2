import * as path from 'node:path';
import { URI } from 'vscode-uri';

/** Workspace folders as file-system paths, longest first so the innermost root wins. */
export class WorkspaceRoots {
  private roots: string[] = [];

  set(uris: string[]): void {
    this.roots = uris.map((u) => URI.parse(u).fsPath).sort((a, b) => b.length - a.length);
  }

  rootOf(filePath: string): string | undefined {
    return this.roots.find((r) => filePath === r || filePath.startsWith(r + path.sep));
  }

  all(): readonly string[] {
    return this.roots;
  }
}

export function uriToPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}
