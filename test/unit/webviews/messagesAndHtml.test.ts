import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { contentSecurityPolicy, escapeHtml, makeNonce, pageHtml } from '../../../src/client/webviews/html';
import { isAnalysisToHost, isDashboardToHost, isFormToHost } from '../../../src/client/webviews/messages';

describe('webviews: message guards', () => {
  it('accepts well-formed messages from the webviews', () => {
    assert.ok(isFormToHost({ type: 'ready' }));
    assert.ok(
      isFormToHost({
        type: 'validate',
        seq: 1,
        provider: 'mysql',
        values: { host: 'h', 'tls.allowSelfSigned': true },
        secrets: { password: 'x' },
      }),
    );
    assert.ok(isFormToHost({ type: 'save', provider: 'supabase', values: {}, secrets: {}, scope: 'user' }));
    assert.ok(isFormToHost({ type: 'forgetSecret', key: 'apiKey' }));
    assert.ok(isDashboardToHost({ type: 'select', connectionId: 'c', range: '7d' }));
    assert.ok(isAnalysisToHost({ type: 'feedback', helpful: false, fixId: 'f', comment: 'c' }));
    assert.ok(isAnalysisToHost({ type: 'applyFix', fixId: 'f' }));
    assert.ok(isAnalysisToHost({ type: 'openReference', index: 2 }));
  });

  it('rejects malformed ones', () => {
    for (const index of [-1, 1.5, '0', 99, undefined]) assert.ok(!isAnalysisToHost({ type: 'openReference', index }), String(index));
    assert.ok(!isFormToHost({ type: 'validate', seq: 1, provider: 'oracle', values: {}, secrets: {} }));
    assert.ok(
      !isFormToHost({ type: 'validate', seq: 1, provider: 'mysql', values: { port: 5 }, secrets: {} }),
      'values are strings or booleans',
    );
    assert.ok(
      !isFormToHost({ type: 'validate', seq: 1, provider: 'mysql', values: {}, secrets: { token: 'x' } }),
      'only known secret keys',
    );
    assert.ok(!isFormToHost({ type: 'save', provider: 'mysql', values: {}, secrets: {}, scope: 'global' }));
    assert.ok(!isFormToHost({ type: 'forgetSecret', key: 'host' }));
    assert.ok(!isDashboardToHost({ type: 'select', connectionId: 'c', range: '1y' }));
    assert.ok(!isAnalysisToHost({ type: 'feedback', helpful: 'yes' }));
    assert.ok(!isAnalysisToHost({ type: 'runCommand', command: 'x' }));
    for (const g of [isFormToHost, isDashboardToHost, isAnalysisToHost]) {
      fc.assert(
        fc.property(fc.anything(), (v) => {
          g(v); // never throws
        }),
      );
      assert.ok(!g(null) && !g('ready') && !g([]) && !g({}));
    }
  });
});

describe('webviews: page shell', () => {
  const opts = {
    title: 'Edit <Orders & "Co">',
    nonce: 'abc123XYZ',
    cspSource: 'https://x.vscode-cdn.net',
    scriptUri: 'https://x.vscode-cdn.net/dist/webview/dashboard.js',
    styleUris: ['https://x.vscode-cdn.net/media/css/webview.css'],
    page: 'dashboard',
  };

  it('has a strict CSP: nonce scripts, extension resources only, nothing inline', () => {
    const csp = contentSecurityPolicy(opts.cspSource, opts.nonce);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123XYZ'(;|$)/);
    assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http:/);
  });

  it('loads one script, with the nonce, and escapes the title', () => {
    const html = pageHtml(opts);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="abc123XYZ"/);
    assert.ok(html.includes('<title>Edit &lt;Orders &amp; &quot;Co&quot;&gt;</title>'));
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /style="/, 'no inline styles');
    assert.throws(() => pageHtml({ ...opts, nonce: 'a"b' }));
  });

  it('makes a fresh alphanumeric nonce each time', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(a, makeNonce());
    assert.equal(escapeHtml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;');
  });
});
