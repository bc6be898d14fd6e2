/**
 * Creating a DB Pulse webview panel: options (scripts on, no retained
 * context, resources only from dist/webview and media/css), the HTML shell,
 * and posting to a panel that may be gone.
 */
import * as vscode from 'vscode';
import { makeNonce, pageHtml } from './html';

export interface PanelSpec {
  viewType: string;
  title: string;
  /** Bundle name: dist/webview/<script>.js (from media/src/<script>.ts). */
  script: string;
  /** media/css/<name>.css files, in order. */
  styles: readonly string[];
  column?: vscode.ViewColumn;
}

export function createPanel(context: vscode.ExtensionContext, spec: PanelSpec): vscode.WebviewPanel {
  const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  const cssRoot = vscode.Uri.joinPath(context.extensionUri, 'media', 'css');
  const panel = vscode.window.createWebviewPanel(
    spec.viewType,
    spec.title,
    { viewColumn: spec.column ?? vscode.ViewColumn.Active, preserveFocus: false },
    {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      retainContextWhenHidden: false,
      localResourceRoots: [webviewRoot, cssRoot],
    },
  );
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'dbpulse.svg');
  const w = panel.webview;
  panel.webview.html = pageHtml({
    title: spec.title,
    nonce: makeNonce(),
    cspSource: w.cspSource,
    scriptUri: w.asWebviewUri(vscode.Uri.joinPath(webviewRoot, `${spec.script}.js`)).toString(),
    styleUris: ['webview', ...spec.styles].map((s) => w.asWebviewUri(vscode.Uri.joinPath(cssRoot, `${s}.css`)).toString()),
    page: spec.script,
  });
  return panel;
}

/** Posts to a webview that may have been disposed meanwhile (a closed panel is not an error). */
export function post<T>(panel: vscode.WebviewPanel | undefined, message: T): void {
  if (!panel) return;
  try {
    void panel.webview.postMessage(message).then(undefined, () => undefined);
  } catch {
    // disposed
  }
}
