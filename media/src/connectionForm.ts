/**
 * The Add / Edit Connection form (webview side). Fields come from the
 * provider's schema; problems show per field while typing (locally at once,
 * the server's validation and security score after 250 ms). Secrets live in
 * the inputs and in memory only: never in `setState`, never sent back here.
 */
import { PROVIDERS, type Provider } from '../../src/shared/categories';
import type { ConnectionCheck } from '../../src/shared/connectionTools';
import type { ConnectionHealth } from '../../src/shared/health';
import {
  ConnectionStringError,
  parseConnectionString,
  schemaFor,
  validateConnection,
  type ConnectionProblem,
  type SchemaField,
} from '../../src/shared/providerSchemas';
import type { FormToHost, HostToForm, KeptSecrets, SecretInput } from '../../src/client/webviews/messages';
import {
  asProvider,
  buildConnection,
  defaultValues,
  isSecretKey,
  isVisible,
  problemAnchor,
  problemsByField,
  requiredProblems,
  SECRET_KEYS,
  switchProvider,
  valuesFromParsed,
  visibleGroups,
  type FormValues,
  type SecretKey,
} from '../../src/client/webviews/model/formModel';
import { categoryLabel, formatConfidence, formatMs, scoreTone } from '../../src/client/webviews/model/format';
import { bridge } from './lib/vscodeApi';
import { add, byId, clear, debounce, h, stateBadge } from './lib/dom';
import { errorMessage } from '../../src/shared/errors';

/** What survives the view being hidden: no secret, ever. */
interface FormState {
  mode: 'add' | 'edit';
  provider: Provider;
  values: FormValues;
  idTouched: boolean;
  scope: 'user' | 'workspace';
}

const vscode = bridge<FormToHost, HostToForm, FormState>();
const app = document.getElementById('app') as HTMLElement;

let state: FormState = vscode.state() ?? {
  mode: 'add',
  provider: 'postgres',
  values: defaultValues('postgres'),
  idTouched: false,
  scope: 'workspace',
};
/** Secret inputs' text: memory only. */
let secrets: Partial<Record<SecretKey, string>> = {};
let kept: KeptSecrets = {};
let existingIds: string[] = [];
let hasWorkspace = true;
let initialised = false;
let seq = 0;
let lastValidation: { seq: number; result?: ConnectionCheck; failed?: string } = { seq: 0 };
let probeSeq = 0;
let probe: { running: boolean; health?: ConnectionHealth; failed?: string } = { running: false };
let saveProblems: ConnectionProblem[] = [];
let banner: { tone: 'ok' | 'bad' | 'info'; text: string } | undefined;
let pasteError: string | undefined;
let pasteOpen = false;

function save(): void {
  vscode.save(state);
}

function slugId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** What to tell the host about the secret inputs (see `SecretInput`). */
function secretInput(): SecretInput {
  const out: SecretInput = {};
  for (const f of schemaFor(state.provider).fields) {
    if (!f.secret || !isSecretKey(f.key)) continue;
    const v = secrets[f.key] ?? '';
    if (v) out[f.key] = v;
    else if (!kept[f.key]) out[f.key] = '';
  }
  return out;
}

function secretsPresent(): Set<string> {
  const out = new Set<string>();
  for (const k of SECRET_KEYS) if (secrets[k] || kept[k]) out.add(k);
  return out;
}

/** Problems known without the server: typed values, required fields, ids, the shared validator. */
function localProblems(): ConnectionProblem[] {
  const { config, inputProblems } = buildConnection(state.provider, state.values, {});
  const out = [
    ...inputProblems,
    ...requiredProblems(state.provider, state.values, secretsPresent()).filter((p) => !isSecretKey(p.field)),
    ...validateConnection(config, { forProbe: true }),
  ];
  const id = String(state.values.id ?? '').trim();
  if (id && !/^[A-Za-z0-9_.-]+$/.test(id)) out.push({ field: 'id', message: 'letters, digits, _ . - only', severity: 'error' });
  if (state.mode === 'add' && id && existingIds.includes(id))
    out.push({ field: 'id', message: `a connection with the id '${id}' exists already`, severity: 'error' });
  return out;
}

function allProblems(): ConnectionProblem[] {
  const server = lastValidation.seq === seq && lastValidation.result ? lastValidation.result.problems : [];
  return [...localProblems(), ...server, ...saveProblems];
}

const requestValidation = debounce(() => {
  seq++;
  vscode.post({ type: 'validate', seq, provider: state.provider, values: state.values, secrets: secretInput() });
}, 250);

/** Something changed: remember it, show local problems now, ask the server in 250 ms. */
function changed(opts: { rerender?: boolean } = {}): void {
  saveProblems = [];
  banner = undefined;
  save();
  if (opts.rerender) render();
  else renderProblems();
  requestValidation();
}

// ------------------------------------------------------------------ render

function fieldId(key: string): string {
  return `f-${key.replace(/[^A-Za-z0-9]/g, '-')}`;
}

function secretPlaceholder(key: SecretKey): string {
  const k = kept[key];
  if (k === 'stored') return 'Stored in Secret Storage: leave empty to keep it';
  if (k === 'draft') return 'Entered earlier (not saved yet): leave empty to keep it';
  return '';
}

function input(f: SchemaField): HTMLElement {
  const id = fieldId(f.key);
  const describedBy = `${id}-desc ${id}-err`;
  const common = { id, name: f.key, 'aria-describedby': describedBy, 'data-key': f.key };
  if (f.secret && isSecretKey(f.key)) {
    const key = f.key;
    const onInput = (e: Event): void => {
      secrets[key] = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
      changed();
    };
    const el =
      f.type === 'multiline'
        ? h('textarea', {
            ...common,
            class: 'masked',
            rows: 4,
            spellcheck: 'false',
            autocomplete: 'off',
            placeholder: secretPlaceholder(key) || f.placeholder || '',
            onInput,
          })
        : h('input', {
            ...common,
            type: 'password',
            autocomplete: 'new-password',
            spellcheck: 'false',
            placeholder: secretPlaceholder(key) || f.placeholder || '',
            onInput,
          });
    el.value = secrets[key] ?? '';
    const clearBtn = kept[key]
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            onClick: () => {
              secrets[key] = '';
              vscode.post({ type: 'forgetSecret', key });
            },
          },
          kept[key] === 'stored' ? 'Remove stored value on save' : 'Discard entered value',
        )
      : null;
    return h('div', { class: 'secret' }, el, clearBtn);
  }
  const value = state.values[f.key];
  const onText = (e: Event): void => {
    state.values[f.key] = (e.target as HTMLInputElement).value;
    if (f.key === 'id') state.idTouched = (e.target as HTMLInputElement).value.trim() !== '';
    if (f.key === 'name' && state.mode === 'add' && !state.idTouched) {
      state.values.id = slugId(String(state.values.name));
      const idEl = byId<HTMLInputElement>(fieldId('id'));
      if (idEl) idEl.value = String(state.values.id);
    }
    changed({ rerender: dependsOnIt(f.key) });
  };
  switch (f.type) {
    case 'boolean': {
      const el = h('input', {
        ...common,
        type: 'checkbox',
        onChange: (e: Event) => ((state.values[f.key] = (e.target as HTMLInputElement).checked), changed({ rerender: dependsOnIt(f.key) })),
      });
      el.checked = value === true;
      return el;
    }
    case 'enum': {
      const el = h('select', { ...common, onChange: onText }, ...(f.enum ?? []).map((o) => h('option', { value: o }, o)));
      el.value = String(value ?? f.default ?? '');
      return el;
    }
    case 'multiline': {
      const el = h('textarea', { ...common, rows: 4, spellcheck: 'false', placeholder: f.placeholder ?? '', onInput: onText });
      el.value = String(value ?? '');
      return el;
    }
    case 'file': {
      const el = h('input', {
        ...common,
        type: 'text',
        spellcheck: 'false',
        placeholder: f.placeholder ?? '/path/to/ca.pem',
        onInput: onText,
      });
      el.value = String(value ?? '');
      return h(
        'div',
        { class: 'with-button' },
        el,
        h('button', { type: 'button', class: 'secondary', onClick: () => vscode.post({ type: 'pickFile', key: f.key }) }, 'Browse…'),
      );
    }
    default: {
      const el = h('input', {
        ...common,
        type: 'text',
        spellcheck: 'false',
        autocomplete: 'off',
        inputmode: f.type === 'integer' ? 'numeric' : f.type === 'url' ? 'url' : undefined,
        placeholder:
          f.key === 'id' && state.mode === 'add' ? 'from the name' : (f.placeholder ?? (f.default !== undefined ? String(f.default) : '')),
        readonly: f.key === 'id' && state.mode === 'edit',
        onInput: onText,
      });
      el.value = String(value ?? '');
      return el;
    }
  }
}

/** Whether other fields' visibility depends on this one (then the form is rebuilt). */
function dependsOnIt(key: string): boolean {
  return schemaFor(state.provider).fields.some((f) => f.showWhen?.key === key);
}

function fieldRow(f: SchemaField): HTMLElement {
  const id = fieldId(f.key);
  const label = h(
    'label',
    { for: id },
    f.label,
    f.required && !(f.key === 'id' && state.mode === 'add') ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
  );
  const desc = h('div', { id: `${id}-desc`, class: 'desc' }, f.description ?? '');
  const err = h('div', { id: `${id}-err`, class: 'problems', 'data-problems-for': f.key });
  return h(
    'div',
    { class: `field type-${f.type}`, 'data-field': f.key },
    f.type === 'boolean' ? h('div', { class: 'check' }, input(f), label) : label,
    f.type === 'boolean' ? null : input(f),
    desc,
    err,
  );
}

function providerPicker(): HTMLElement {
  const disabled = state.mode === 'edit';
  return h(
    'fieldset',
    { class: 'providers' },
    h('legend', {}, 'Provider'),
    ...PROVIDERS.map((p) => {
      const radio = h('input', {
        type: 'radio',
        name: 'provider',
        id: `provider-${p}`,
        value: p,
        disabled,
        onChange: () => {
          const from = state.provider;
          state.values = switchProvider(from, p, state.values);
          state.provider = p;
          secrets = {};
          changed({ rerender: true });
        },
      });
      radio.checked = p === state.provider;
      return h('label', { class: 'provider', for: `provider-${p}` }, radio, schemaFor(p).title);
    }),
  );
}

function pasteBox(): HTMLElement {
  const text = h('input', {
    id: 'paste',
    type: 'text',
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'postgres://user:password@host:5432/db?sslmode=require',
    'aria-describedby': 'paste-err',
  });
  const apply = (): void => {
    try {
      const parsed = parseConnectionString(text.value, state.mode === 'edit' ? { provider: state.provider } : {});
      if (state.mode === 'edit' && parsed.config.provider !== state.provider)
        throw new ConnectionStringError(`this is a ${parsed.config.provider} connection string; the connection is ${state.provider}`);
      const next = valuesFromParsed(parsed, state.values, state.mode === 'edit');
      state.provider = next.provider;
      state.values = next.values;
      if (state.mode === 'add' && !state.idTouched) state.values.id = next.values.id;
      secrets = { ...next.secrets };
      pasteError = undefined;
      pasteOpen = false;
      text.value = '';
      banner = {
        tone: 'info',
        text: `Filled from the connection string${Object.keys(next.secrets).length ? '; its secret went to the secret field, not to the settings' : ''}.`,
      };
    } catch (err) {
      pasteError = errorMessage(err);
    }
    changed({ rerender: true });
  };
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      apply();
    }
  });
  const details = h(
    'details',
    { class: 'paste', open: pasteOpen || !!pasteError },
    h('summary', {}, 'Paste connection string'),
    h('div', { class: 'with-button' }, text, h('button', { type: 'button', class: 'secondary', onClick: apply }, 'Fill fields')),
    h('div', { id: 'paste-err', class: 'problems' }, pasteError ? h('div', { class: 'problem error' }, pasteError) : null),
    h('div', { class: 'desc' }, 'The password or key is split out into the secret fields and stored only in Secret Storage.'),
  );
  details.addEventListener('toggle', () => {
    pasteOpen = details.open;
  });
  return details;
}

function scopePicker(): HTMLElement | null {
  if (state.mode === 'edit' || !hasWorkspace) return null;
  const sel = h(
    'select',
    {
      id: 'scope',
      onChange: (e: Event) => {
        state.scope = (e.target as HTMLSelectElement).value === 'user' ? 'user' : 'workspace';
        save();
      },
    },
    h('option', { value: 'workspace' }, 'Workspace settings'),
    h('option', { value: 'user' }, 'User settings (all workspaces)'),
  );
  sel.value = state.scope;
  return h('div', { class: 'field' }, h('label', { for: 'scope' }, 'Save to'), sel);
}

function render(): void {
  if (!initialised) return;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
  clear(app);
  const title = state.mode === 'edit' ? `Edit ${String(state.values.name || state.values.id)}` : 'Add Connection';
  const groups = visibleGroups(state.provider, state.values);
  const form = h(
    'form',
    { id: 'form', novalidate: true, onSubmit: (e: Event) => (e.preventDefault(), doSave()) },
    providerPicker(),
    pasteBox(),
    h('div', { id: 'form-problems', class: 'problems', 'data-problems-for': '' }),
    ...groups.map((g) => h('fieldset', { class: `group group-${g.group}` }, h('legend', {}, g.label), ...g.fields.map(fieldRow))),
    scopePicker(),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', id: 'test', class: 'secondary', onClick: doProbe, disabled: probe.running },
        probe.running ? 'Testing…' : 'Test Connection',
      ),
      h('button', { type: 'submit', id: 'save' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onClick: () => vscode.post({ type: 'cancel' }) }, 'Close'),
    ),
    h('div', { id: 'banner', role: 'status' }),
  );
  add(
    app,
    h(
      'div',
      { class: 'layout' },
      h('div', { class: 'main' }, h('h1', {}, title), form),
      h(
        'aside',
        { class: 'side' },
        h('section', { id: 'score', 'aria-live': 'polite' }),
        h('section', { id: 'probe', 'aria-live': 'polite' }),
      ),
    ),
  );
  renderProblems();
  renderProbe();
  if (focused) byId(focused)?.focus();
}

function renderProblems(): void {
  const by = problemsByField(allProblems().map((p) => ({ ...p, field: problemAnchor(state.provider, state.values, p.field) })));
  for (const box of Array.from(document.querySelectorAll<HTMLElement>('[data-problems-for]'))) {
    const key = box.dataset.problemsFor ?? '';
    const list = by.get(key) ?? [];
    clear(box);
    for (const p of list) add(box, h('div', { class: `problem ${p.severity}` }, p.message));
    const inputEl = document.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
    if (inputEl) {
      if (list.some((p) => p.severity === 'error')) inputEl.setAttribute('aria-invalid', 'true');
      else inputEl.removeAttribute('aria-invalid');
    }
  }
  const b = byId('banner');
  if (b) {
    clear(b);
    if (banner) b.append(h('div', { class: `banner ${banner.tone}` }, banner.text));
  }
  renderScore();
}

function renderScore(): void {
  const box = byId('score');
  if (!box) return;
  clear(box);
  add(box, h('h2', {}, 'Security'));
  const v = lastValidation.result;
  if (lastValidation.failed && !v) {
    add(box, h('p', { class: 'muted' }, `Server checks unavailable: ${lastValidation.failed}`));
    return;
  }
  if (!v) {
    add(box, h('p', { class: 'muted' }, 'Checking…'));
    return;
  }
  const tone = scoreTone(v.score);
  add(
    box,
    h(
      'div',
      { class: `score ${tone}` },
      h('span', { class: 'score-value', id: 'score-value' }, String(v.score)),
      h('span', { class: 'score-max' }, '/100'),
    ),
    h('meter', { min: 0, max: 100, low: 50, high: 80, optimum: 100, value: v.score, 'aria-label': `Security score ${v.score} of 100` }),
  );
  if (lastValidation.seq !== seq) add(box, h('p', { class: 'muted small' }, 'Updating…'));
  if (v.findings.length === 0) add(box, h('p', { class: 'ok small' }, 'No security findings.'));
  else
    add(
      box,
      h(
        'ul',
        { class: 'findings' },
        ...v.findings.map((f) => h('li', { class: `finding ${f.severity}` }, h('span', { class: 'rule' }, f.ruleId), ' ', f.message)),
      ),
    );
}

function renderProbe(): void {
  const box = byId('probe');
  if (!box) return;
  clear(box);
  if (!probe.running && !probe.health && !probe.failed) return;
  add(box, h('h2', {}, 'Test result'));
  if (probe.running) {
    add(box, h('p', { class: 'muted' }, 'Connecting…'));
    return;
  }
  if (probe.failed) {
    add(box, h('div', { class: 'banner bad' }, probe.failed));
    return;
  }
  const hl = probe.health;
  if (!hl) return;
  add(box, h('p', {}, stateBadge(hl.state), hl.skippedReason ? ` ${hl.skippedReason}` : ''));
  const r = hl.result;
  if (r) {
    const t = r.timings;
    const rows: Array<[string, string]> = [
      ['Total', formatMs(t.totalMs)],
      ['DNS', formatMs(t.dnsMs)],
      ['Connect', formatMs(t.connectMs)],
      ['TLS handshake', formatMs(t.tlsMs)],
      ['Authentication', formatMs(t.authMs)],
      ['First query', formatMs(t.firstQueryMs)],
    ];
    add(
      box,
      h(
        'table',
        { class: 'kv' },
        h(
          'tbody',
          {},
          ...rows.filter(([, v], i) => i === 0 || v !== '—').map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))),
        ),
      ),
    );
    const facts: Array<[string, string]> = [];
    if (r.serverVersion) facts.push(['Server', r.serverVersion]);
    if (r.tls)
      facts.push([
        'TLS',
        [
          r.tls.protocol,
          r.tls.cipher,
          r.tls.authorized === true ? 'certificate verified' : r.tls.authorized === false ? 'certificate NOT verified' : '',
        ]
          .filter(Boolean)
          .join(' · ') || 'on',
      ]);
    else if (r.tls === null) facts.push(['TLS', 'not used']);
    if (facts.length)
      add(
        box,
        h('table', { class: 'kv' }, h('tbody', {}, ...facts.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))))),
      );
    for (const w of r.warnings ?? []) add(box, h('div', { class: 'problem warning' }, w));
    if (r.error) {
      add(
        box,
        h(
          'div',
          { class: 'failure' },
          h('div', {}, h('strong', {}, categoryLabel(r.error.category)), ' ', h('code', {}, r.error.category)),
          hl.diagnosis
            ? h(
                'p',
                { class: 'root-cause' },
                hl.diagnosis.rootCause,
                ' ',
                h('span', { class: 'muted' }, `(confidence ${formatConfidence(hl.diagnosis.confidence)})`),
              )
            : null,
          h('pre', { class: 'message' }, r.error.message),
          hl.diagnosis?.fixes.length ? h('ol', { class: 'fixes' }, ...hl.diagnosis.fixes.map((f) => h('li', {}, f))) : null,
        ),
      );
    }
  }
}

// ----------------------------------------------------------------- actions

function doProbe(): void {
  requestValidation.cancel();
  probeSeq++;
  probe = { running: true };
  vscode.post({ type: 'probe', seq: probeSeq, provider: state.provider, values: state.values, secrets: secretInput() });
  render();
}

function doSave(): void {
  const errors = localProblems().filter(
    (p) => p.severity === 'error' && !(p.field === 'id' && state.mode === 'add' && String(state.values.id ?? '') === ''),
  );
  const nameMissing = String(state.values.name ?? '').trim() === '';
  if (nameMissing) errors.push({ field: 'name', message: 'Name is required', severity: 'error' });
  if (errors.length) {
    saveProblems = nameMissing ? [{ field: 'name', message: 'Name is required', severity: 'error' }] : [];
    banner = { tone: 'bad', text: `Not saved: ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix.` };
    renderProblems();
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    return;
  }
  vscode.post({ type: 'save', provider: state.provider, values: state.values, secrets: secretInput(), scope: state.scope });
}

vscode.onMessage((m) => {
  switch (m.type) {
    case 'init': {
      kept = m.secretsKept;
      existingIds = m.existingIds;
      hasWorkspace = m.hasWorkspace;
      const restored = vscode.state();
      if (!restored || restored.mode !== m.mode || (m.mode === 'edit' && restored.values.id !== m.values?.id)) {
        state = {
          mode: m.mode,
          provider: asProvider(m.provider),
          values: m.values ?? defaultValues(asProvider(m.provider)),
          idTouched: m.mode === 'edit',
          scope: m.scope,
        };
      }
      initialised = true;
      save();
      render();
      if (!m.serverRunning) lastValidation = { seq: 0, failed: 'the DB Pulse server is not running' };
      requestValidation();
      return;
    }
    case 'validation':
      if (m.seq >= lastValidation.seq) lastValidation = { seq: m.seq, result: m.result };
      renderProblems();
      return;
    case 'validationFailed':
      if (m.seq >= lastValidation.seq) lastValidation = { seq: m.seq, failed: m.message, result: lastValidation.result };
      renderProblems();
      return;
    case 'probeResult':
      if (m.seq === probeSeq) probe = { running: false, health: m.health };
      render();
      return;
    case 'probeFailed':
      if (m.seq === probeSeq) probe = { running: false, failed: m.message };
      render();
      return;
    case 'saved':
      secrets = {};
      state.mode = 'edit';
      state.idTouched = true;
      state.values.id = m.id;
      if (!existingIds.includes(m.id)) existingIds.push(m.id);
      banner = { tone: 'ok', text: `Saved “${m.name}”. Secrets are in Secret Storage.` };
      save();
      render();
      return;
    case 'saveFailed':
      saveProblems = m.problems;
      banner = { tone: 'bad', text: m.message };
      renderProblems();
      return;
    case 'secretsKept':
      kept = m.kept;
      for (const k of SECRET_KEYS) if (!secrets[k]) delete secrets[k];
      render();
      return;
    case 'filePicked':
      if (
        isVisible(
          schemaFor(state.provider).fields.find((f) => f.key === m.key) ??
            ({ key: '', label: '', type: 'string', group: 'general' } as SchemaField),
          state.values,
        )
      ) {
        state.values[m.key] = m.path;
        changed({ rerender: true });
      }
      return;
  }
});

vscode.post({ type: 'ready' });
