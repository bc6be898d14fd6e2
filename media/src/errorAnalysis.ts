/**
 * The error analysis panel (webview side): category, confidence, root cause,
 * evidence, ordered fixes with one-click actions, the docs link, and thumbs
 * up / down with an optional comment on the analysis and on each fix.
 */
import type { Fix as DiagnosisFix } from '../../src/shared/diagnosis';
import type { AnalysisToHost, AnalysisView, HostToAnalysis } from '../../src/client/webviews/messages';
import { actionLabel } from '../../src/client/webviews/model/fixActions';
import { categoryLabel, formatConfidence } from '../../src/client/webviews/model/format';
import { bridge } from './lib/vscodeApi';
import { add, clear, h } from './lib/dom';

/** Comment drafts survive the view being hidden; they hold what the user typed about the analysis, nothing else. */
interface PanelState {
  comments: Record<string, string>;
}

const vscode = bridge<AnalysisToHost, HostToAnalysis, PanelState>();
const app = document.getElementById('app') as HTMLElement;

const state: PanelState = vscode.state() ?? { comments: {} };
let view: AnalysisView | undefined;
let failed: string | undefined;
let busy = false;
const busyFixes = new Set<string>();
const fixResults = new Map<string, { ok: boolean; message: string }>();

const SOURCE_LABELS: Record<string, string> = {
  'knowledge-base': 'knowledge base',
  learned: 'learned from feedback',
  llm: 'language model (check before applying)',
  fallback: 'generic fallback',
};

function feedbackBox(key: string, fixId: string | undefined, question: string): HTMLElement {
  const given = view?.feedback[key];
  const box = h('div', { class: 'feedback', 'data-feedback': key });
  if (given !== undefined) {
    add(box, h('span', { class: 'muted small', role: 'status' }, `Thanks: recorded as ${given ? 'helpful' : 'not helpful'}.`));
    return box;
  }
  const commentId = `comment-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const comment = h('textarea', {
    id: commentId,
    rows: 2,
    maxlength: 1000,
    placeholder: 'Optional comment (do not paste passwords)',
    onInput: (e: Event) => {
      state.comments[key] = (e.target as HTMLTextAreaElement).value;
      vscode.save(state);
    },
  });
  comment.value = state.comments[key] ?? '';
  const send = (helpful: boolean): void => {
    const text = (state.comments[key] ?? '').trim();
    vscode.post({ type: 'feedback', helpful, ...(fixId ? { fixId } : {}), ...(text ? { comment: text } : {}) });
  };
  add(
    box,
    h('span', { class: 'small' }, question),
    h('button', { type: 'button', class: 'thumb', 'aria-label': `${question} Yes`, title: 'Helpful', onClick: () => send(true) }, '👍 Yes'),
    h(
      'button',
      { type: 'button', class: 'thumb', 'aria-label': `${question} No`, title: 'Not helpful', onClick: () => send(false) },
      '👎 No',
    ),
    h(
      'details',
      { class: 'comment', open: !!state.comments[key] },
      h('summary', { class: 'small' }, 'Add a comment'),
      h('label', { for: commentId, class: 'visually-hidden' }, 'Comment'),
      comment,
    ),
  );
  return box;
}

function fixItem(fix: DiagnosisFix, index: number): HTMLElement {
  const label = actionLabel(fix);
  const result = fixResults.get(fix.id);
  const running = busyFixes.has(fix.id);
  return h(
    'li',
    { class: 'fix', 'data-fix': fix.id },
    h(
      'div',
      { class: 'fix-head' },
      h('span', { class: 'fix-title' }, fix.title),
      label
        ? h(
            'button',
            {
              type: 'button',
              class: index === 0 ? 'primary' : 'secondary',
              disabled: running,
              onClick: () => vscode.post({ type: 'applyFix', fixId: fix.id }),
            },
            running ? 'Working…' : label,
          )
        : null,
    ),
    fix.detail ? h('p', { class: 'fix-detail' }, fix.detail) : null,
    fix.action?.kind === 'command' ? h('p', { class: 'muted small' }, h('code', {}, fix.action.command)) : null,
    fix.action?.kind === 'openUrl' ? h('p', { class: 'muted small' }, fix.action.url) : null,
    result ? h('div', { class: `banner ${result.ok ? 'ok' : 'bad'}`, role: 'status' }, result.message) : null,
    feedbackBox(fix.id, fix.id, 'Did this fix help?'),
  );
}

function render(): void {
  clear(app);
  if (failed && !view) {
    add(
      app,
      h('h1', {}, 'Error Analysis'),
      h('div', { class: 'banner bad', role: 'alert' }, failed),
      h('button', { type: 'button', onClick: () => vscode.post({ type: 'reanalyze' }) }, 'Try again'),
    );
    return;
  }
  if (!view) {
    add(app, h('h1', {}, 'Error Analysis'), h('p', { class: 'muted' }, busy ? 'Analysing…' : 'Nothing analysed yet.'));
    return;
  }
  const d = view.diagnosis;
  const confidence = Math.max(0, Math.min(1, d.confidence));
  add(
    app,
    h(
      'header',
      { class: 'head' },
      h('h1', {}, categoryLabel(d.category), ' ', h('code', { class: 'cat' }, d.category)),
      h(
        'p',
        { class: 'muted' },
        `Analysis of the ${view.source}`,
        d.source ? ` · from the ${SOURCE_LABELS[d.source] ?? d.source}` : '',
        d.patternId ? ` · pattern ${d.patternId}` : '',
      ),
      h(
        'div',
        { class: 'confidence' },
        h('span', {}, `Confidence ${formatConfidence(confidence)}`),
        h('meter', {
          min: 0,
          max: 1,
          low: 0.5,
          high: 0.8,
          optimum: 1,
          value: confidence,
          'aria-label': `Confidence ${formatConfidence(confidence)}`,
        }),
      ),
      d.transient ? h('p', { class: 'banner info' }, 'This looks transient (a restart or failover): retrying is likely to work.') : null,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Root cause'),
      h('p', { class: 'root-cause' }, d.rootCause),
      d.message ? h('pre', { class: 'message' }, d.message) : null,
    ),
    d.evidence?.length
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Evidence'),
          h(
            'ul',
            { class: 'evidence' },
            ...d.evidence.map((e) => h('li', {}, h('code', {}, e.matched), h('span', { class: 'muted' }, ` in ${e.path}`))),
          ),
        )
      : null,
    d.references?.length
      ? h(
          'section',
          { class: 'card references' },
          h('h2', {}, 'In the provider’s error reference'),
          h(
            'ul',
            { class: 'references' },
            ...d.references.map((r, index) =>
              h(
                'li',
                {},
                h('code', {}, r.code),
                r.name && r.name !== r.code ? h('span', { class: 'muted' }, ` ${r.name}`) : null,
                h('span', { class: 'badge' }, r.exact ? 'this error’s code' : 'similar wording'),
                h('p', {}, r.text),
                h(
                  'button',
                  { type: 'button', class: 'link', onClick: () => vscode.post({ type: 'openReference', index }) },
                  `Open the reference (${hostOf(r.url)})`,
                ),
              ),
            ),
          ),
        )
      : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Fixes'),
      d.fixes.length ? h('ol', { class: 'fixes' }, ...d.fixes.map(fixItem)) : h('p', { class: 'muted' }, 'No fix suggested.'),
    ),
    h(
      'footer',
      { class: 'foot' },
      d.docsUrl
        ? h('button', { type: 'button', class: 'secondary', onClick: () => vscode.post({ type: 'openDocs' }) }, 'Open documentation')
        : null,
      h(
        'button',
        { type: 'button', class: 'secondary', disabled: busy, onClick: () => vscode.post({ type: 'reanalyze' }) },
        busy ? 'Analysing…' : 'Analyse again',
      ),
      feedbackBox('analysis', undefined, 'Was this analysis helpful?'),
    ),
  );
}

/** The host of a reference's page, for its button; the page itself opens in the host (validated there). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'link';
  }
}

vscode.onMessage((m) => {
  switch (m.type) {
    case 'analysis':
      if (view && JSON.stringify(view.diagnosis) !== JSON.stringify(m.diagnosis)) fixResults.clear();
      view = m;
      failed = undefined;
      render();
      return;
    case 'analysisFailed':
      failed = m.message;
      view = undefined;
      render();
      return;
    case 'fixResult':
      fixResults.set(m.fixId, { ok: m.ok, message: m.message });
      render();
      return;
    case 'feedbackSent':
      if (view) view.feedback = { ...view.feedback, [m.key]: m.helpful };
      delete state.comments[m.key];
      vscode.save(state);
      render();
      return;
    case 'busy':
      if (m.fixId) {
        if (m.busy) busyFixes.add(m.fixId);
        else busyFixes.delete(m.fixId);
      } else busy = m.busy;
      render();
      return;
  }
});

render();
vscode.post({ type: 'ready' });
