/**
 * The HTML shell of every DB Pulse webview: a strict Content-Security-Policy
 * (no inline script or style, scripts only with this page's nonce, resources
 * only from the extension), the stylesheets and one bundled script. Pure
 * apart from the nonce's randomness.
 */
import { randomBytes } from 'node:crypto';

export interface PageOptions {
  title: string;
  /** Fresh per page load. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of dist/webview/<name>.js, as a string. */
  scriptUri: string;
  styleUris: readonly string[];
  /** `data-page` on <body>: which page the shared CSS styles. */
  page: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function pageHtml(o: PageOptions): string {
  if (!/^[A-Za-z0-9]+$/.test(o.nonce)) throw new Error('a nonce must be alphanumeric');
  const styles = o.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.cspSource, o.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeHtml(o.title)}</title>
</head>
<body data-page="${escapeHtml(o.page)}">
  <main id="app" aria-live="polite"><p class="muted">Loading…</p></main>
  <noscript>This view needs scripts enabled.</noscript>
  <script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
