/**
 * The alerts configuration page (webview side): rules (defaults marked) with enable/disable, edit,
 * delete and add; the channels with their routing, last delivery outcome, "set secret" and a test
 * send; maintenance windows with add and delete; the scope the edits go to. Every edit goes to the
 * host, which checks it with the server's checker and writes the settings; a refused edit shows the
 * checker's message next to the form. Native controls only (keyboard reachable), theme colours.
 */
import {
  ALERT_SEVERITIES,
  CONDITION_KINDS,
  LATENCY_PHASES,
  LATENCY_STATS,
  type AlertRule,
  type ConditionKind,
  type MaintenanceWindow,
  type RuleCondition,
} from '../../src/shared/alertRules';
import type { AlertsScope, AlertsToHost, HostToAlerts } from '../../src/client/webviews/messages';
import type { AlertsView, RuleRow } from '../../src/client/webviews/model/alertsModel';
import { bridge } from './lib/vscodeApi';
import { add, clear, h } from './lib/dom';

const vscode = bridge<AlertsToHost, HostToAlerts, Record<string, never>>();
const app = document.getElementById('app') as HTMLElement;

let view: AlertsView | undefined;
let scope: AlertsScope = 'user';
let hasWorkspace = false;
let trusted = true;
let busy = false;
let refused: string[] = [];
let notice = '';
/** The rule being edited (its id), or 'new'. */
let editing: string | undefined;

/** Numeric fields each condition kind takes, with their labels. */
const NUMBER_FIELDS: Record<ConditionKind, Array<[string, string]>> = {
  down: [
    ['probes', 'consecutive probes'],
    ['minutes', 'or minutes down'],
  ],
  latency: [
    ['aboveMs', 'above (ms)'],
    ['windowMinutes', 'window (min)'],
    ['minProbes', 'at least probes'],
  ],
  error_rate: [
    ['abovePercent', 'above (%)'],
    ['windowMinutes', 'window (min)'],
    ['minProbes', 'at least probes'],
  ],
  prediction: [['minConfidence', 'min confidence']],
  capacity: [['belowPercent', 'headroom below (%)']],
  replication_lag: [['aboveSeconds', 'above (s)']],
  tls_expiry: [['withinDays', 'within (days)']],
  advisor_critical: [],
  config_error: [],
  security_score: [['below', 'score below']],
};

function select(id: string, label: string, options: readonly string[], value: string | undefined): HTMLElement {
  const el = h('select', { id, name: id });
  for (const o of options) add(el, h('option', { value: o, selected: o === value }, o));
  return h('label', { for: id }, label, ' ', el);
}

function input(id: string, label: string, value: string | number | undefined, type = 'text'): HTMLElement {
  return h(
    'label',
    { for: id },
    label,
    ' ',
    h('input', { id, name: id, type, value: value ?? '', ...(type === 'number' ? { step: 'any', min: 0 } : {}) }),
  );
}

function val(id: string): string {
  return ((document.getElementById(id) as HTMLInputElement | null)?.value ?? '').trim();
}

function list(id: string): string[] | undefined {
  const v = val(id)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return v.length ? v : undefined;
}

function severityBadge(s: string): HTMLElement {
  return h('span', { class: `sev sev-${s}` }, s);
}

function ruleForm(rule: Partial<AlertRule> | undefined): HTMLElement {
  const c = (rule?.condition ?? { kind: 'down', probes: 1 }) as RuleCondition & Record<string, unknown>;
  const kind = c.kind;
  const form = h('form', { class: 'card rule-form', 'aria-label': rule?.id ? `Edit rule ${rule.id}` : 'New rule' });
  const kindSelect = select('r-kind', 'Condition', CONDITION_KINDS, kind);
  (kindSelect.querySelector('select') as HTMLSelectElement).addEventListener('change', (e) => {
    const k = (e.target as HTMLSelectElement).value as ConditionKind;
    const next = { ...collectRule(), condition: { kind: k } as RuleCondition };
    form.replaceWith(ruleForm(next));
    (document.getElementById('r-kind') as HTMLSelectElement | null)?.focus();
  });
  const fields = h('div', { class: 'row' });
  if (kind === 'latency')
    add(
      fields,
      select('r-stat', 'Statistic', LATENCY_STATS, String(c.stat ?? 'p95')),
      select('r-phase', 'Phase', LATENCY_PHASES, String(c.phase ?? 'totalMs')),
    );
  if (kind === 'prediction')
    add(
      fields,
      select('r-atLeast', 'At least', ['MONITOR_CLOSELY', 'IMMEDIATE_ACTION_REQUIRED'], String(c.atLeast ?? 'IMMEDIATE_ACTION_REQUIRED')),
    );
  for (const [k, label] of NUMBER_FIELDS[kind]) add(fields, input(`r-${k}`, label, c[k] as number | undefined, 'number'));
  add(
    form,
    h('h3', {}, rule?.id ? `Edit rule ${rule.id}` : 'New rule'),
    h(
      'div',
      { class: 'row' },
      input('r-id', 'Id', rule?.id),
      input('r-name', 'Name', rule?.name),
      select('r-severity', 'Severity', ALERT_SEVERITIES, rule?.severity ?? 'warning'),
      kindSelect,
    ),
    fields,
    h(
      'div',
      { class: 'row' },
      input('r-channels', 'Channels (comma-separated, empty = all)', rule?.channels?.join(', ')),
      input('r-tags', 'Only tags', rule?.tags?.join(', ')),
      input('r-repeat', 'Repeat every (min)', rule?.repeatMinutes, 'number'),
    ),
    refused.length ? h('ul', { class: 'problems', role: 'alert' }, ...refused.map((p) => h('li', {}, p))) : null,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Save rule'),
      h('button', { type: 'button', class: 'secondary', onClick: () => ((editing = undefined), (refused = []), render()) }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const r = collectRule();
    vscode.post({ type: 'edit', edit: { kind: 'saveRule', rule: r, ...(editing && editing !== 'new' ? { replacing: editing } : {}) } });
  });
  return form;
}

function collectRule(): AlertRule {
  const kind = (val('r-kind') || 'down') as ConditionKind;
  const cond: Record<string, unknown> = { kind };
  if (kind === 'latency') {
    cond.stat = val('r-stat') || 'p95';
    cond.phase = val('r-phase') || 'totalMs';
  }
  if (kind === 'prediction') cond.atLeast = val('r-atLeast') || 'IMMEDIATE_ACTION_REQUIRED';
  for (const [k] of NUMBER_FIELDS[kind]) {
    const v = val(`r-${k}`);
    if (v !== '') cond[k] = Number(v);
  }
  const rule: AlertRule = {
    id: val('r-id'),
    severity: (val('r-severity') || 'warning') as AlertRule['severity'],
    condition: cond as RuleCondition,
  };
  const name = val('r-name');
  if (name) rule.name = name;
  const channels = list('r-channels');
  if (channels) rule.channels = channels;
  const tags = list('r-tags');
  if (tags) rule.tags = tags;
  const repeat = val('r-repeat');
  if (repeat !== '') rule.repeatMinutes = Number(repeat);
  return rule;
}

function ruleRow(r: RuleRow): HTMLElement {
  const toggle = h('input', {
    type: 'checkbox',
    checked: r.enabled,
    'aria-label': `Rule ${r.name} enabled`,
    onChange: (e: Event) =>
      vscode.post({ type: 'edit', edit: { kind: 'setRuleEnabled', id: r.id, enabled: (e.target as HTMLInputElement).checked } }),
  });
  return h(
    'tr',
    { 'data-rule': r.id },
    h('td', {}, toggle),
    h('td', {}, r.name, ' ', r.isDefault ? h('span', { class: 'tag' }, r.configured ? 'default, changed' : 'default') : null),
    h('td', {}, r.condition),
    h('td', {}, severityBadge(r.severity)),
    h('td', {}, r.channels),
    h(
      'td',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onClick: () => {
            editing = r.id;
            refused = [];
            render(r.rule);
          },
        },
        'Edit',
      ),
      r.configured
        ? h(
            'button',
            { type: 'button', class: 'secondary', onClick: () => vscode.post({ type: 'edit', edit: { kind: 'deleteRule', id: r.id } }) },
            'Delete',
          )
        : null,
    ),
  );
}

function maintenanceForm(): HTMLElement {
  const form = h(
    'form',
    { class: 'card', 'aria-label': 'New maintenance window' },
    h('h3', {}, 'New maintenance window'),
    h(
      'div',
      { class: 'row' },
      input('m-id', 'Id', ''),
      input('m-name', 'Name', ''),
      input('m-start', 'Start (ISO)', ''),
      input('m-end', 'End (ISO)', ''),
    ),
    h(
      'div',
      { class: 'row' },
      input('m-cron', 'or cron', ''),
      input('m-duration', 'for (min)', '', 'number'),
      input('m-connections', 'Connections', ''),
      input('m-tags', 'Tags', ''),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add window')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const w: MaintenanceWindow = { id: val('m-id') };
    const set = (k: keyof MaintenanceWindow, v: string | undefined): void => {
      if (v) (w as unknown as Record<string, unknown>)[k] = v;
    };
    set('name', val('m-name'));
    set('start', val('m-start'));
    set('end', val('m-end'));
    set('cron', val('m-cron'));
    if (val('m-duration')) w.durationMinutes = Number(val('m-duration'));
    const c = list('m-connections');
    if (c) w.connections = c;
    const t = list('m-tags');
    if (t) w.tags = t;
    vscode.post({ type: 'edit', edit: { kind: 'saveMaintenance', window: w } });
  });
  return form;
}

function render(editRule?: AlertRule): void {
  clear(app);
  if (!view) {
    add(app, h('p', { class: 'muted' }, 'Loading…'));
    return;
  }
  const v = view;
  const scopeRadio = (s: AlertsScope, label: string, disabled: boolean): HTMLElement =>
    h(
      'label',
      {},
      h('input', {
        type: 'radio',
        name: 'scope',
        value: s,
        checked: scope === s,
        disabled,
        onChange: () => vscode.post({ type: 'setScope', scope: s }),
      }),
      ' ',
      label,
    );
  add(
    app,
    h('h1', {}, 'Alerts'),
    h(
      'fieldset',
      { class: 'scope' },
      h('legend', {}, 'Edits go to'),
      scopeRadio('user', 'User settings', false),
      scopeRadio('workspace', 'Workspace settings', !hasWorkspace),
    ),
    !trusted ? h('p', { class: 'warn', role: 'status' }, 'Restricted Mode: channels defined by this workspace do not send.') : null,
    notice ? h('p', { class: 'ok', role: 'status' }, notice) : null,
    v.problems.length
      ? h(
          'section',
          { class: 'card problems', 'aria-label': 'Problems' },
          h('h2', {}, 'Problems in the alert settings'),
          h('ul', {}, ...v.problems.map((p) => h('li', {}, p))),
        )
      : null,
  );
  const rules = h(
    'table',
    { class: 'rules' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'On'),
        h('th', {}, 'Rule'),
        h('th', {}, 'Condition'),
        h('th', {}, 'Severity'),
        h('th', {}, 'Goes to'),
        h('th', {}, ''),
      ),
    ),
    h('tbody', {}, ...v.rules.map((r) => ruleRow(r))),
  );
  add(
    app,
    h(
      'section',
      { 'aria-label': 'Rules' },
      h('h2', {}, 'Rules'),
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          checked: v.defaultRules,
          onChange: (e: Event) =>
            vscode.post({ type: 'edit', edit: { kind: 'setDefaultRules', enabled: (e.target as HTMLInputElement).checked } }),
        }),
        ' Use the default rules',
      ),
      rules,
      editing
        ? ruleForm(editRule)
        : h('button', { type: 'button', onClick: () => ((editing = 'new'), (refused = []), render()) }, 'Add rule'),
    ),
  );
  const channels = h(
    'table',
    { class: 'channels' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Channel'),
        h('th', {}, 'Sends to'),
        h('th', {}, 'Takes'),
        h('th', {}, 'Scope'),
        h('th', {}, 'Last delivery'),
        h('th', {}, ''),
      ),
    ),
    h(
      'tbody',
      {},
      ...v.channels.map((c) =>
        h(
          'tr',
          { 'data-channel': c.name },
          h('td', {}, c.name),
          h('td', {}, c.target),
          h('td', {}, c.routing),
          h('td', {}, c.scope),
          h(
            'td',
            { class: c.lastOutcome ? (c.lastOutcome.ok ? 'ok' : 'bad') : 'muted' },
            c.lastOutcome ? `${c.lastOutcome.ok ? 'delivered' : 'failed'}: ${c.lastOutcome.detail}` : 'not sent yet',
          ),
          h(
            'td',
            {},
            h(
              'button',
              { type: 'button', class: 'secondary', onClick: () => vscode.post({ type: 'setSecret', channel: c.name }) },
              'Set secret',
            ),
          ),
        ),
      ),
    ),
  );
  add(
    app,
    h(
      'section',
      { 'aria-label': 'Channels' },
      h('h2', {}, 'Channels'),
      v.channels.length ? channels : h('p', { class: 'muted' }, 'No channel yet.'),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', disabled: busy || !v.channels.length, onClick: () => vscode.post({ type: 'testSend' }) },
          busy ? 'Sending…' : 'Send test alert',
        ),
        h(
          'button',
          { type: 'button', class: 'secondary', onClick: () => vscode.post({ type: 'openSettingsJson' }) },
          'Edit channels in settings JSON',
        ),
      ),
    ),
  );
  add(
    app,
    h(
      'section',
      { 'aria-label': 'Maintenance windows' },
      h('h2', {}, 'Maintenance windows'),
      v.maintenance.length
        ? h(
            'ul',
            { class: 'windows' },
            ...v.maintenance.map((w) =>
              h(
                'li',
                { 'data-window': w.id },
                `${w.name}: ${w.when} (${w.applies}) `,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    onClick: () => vscode.post({ type: 'edit', edit: { kind: 'deleteMaintenance', id: w.id } }),
                  },
                  'Delete',
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'None.'),
      maintenanceForm(),
      !editing && refused.length ? h('ul', { class: 'problems', role: 'alert' }, ...refused.map((p) => h('li', {}, p))) : null,
    ),
  );
}

vscode.onMessage((m) => {
  switch (m.type) {
    case 'view':
      view = m.view;
      scope = m.scope;
      hasWorkspace = m.hasWorkspace;
      trusted = m.trusted;
      // A re-render while a form is open would drop what was typed: only re-render when none is.
      if (!editing) render();
      break;
    case 'busy':
      busy = m.busy;
      render();
      break;
    case 'refused':
      refused = m.problems;
      notice = '';
      if (editing) {
        // Keep what the user typed: re-render only the problem list inside the form.
        const form = document.querySelector('form.rule-form');
        form?.querySelector('ul.problems')?.remove();
        form?.querySelector('.actions')?.before(h('ul', { class: 'problems', role: 'alert' }, ...m.problems.map((p) => h('li', {}, p))));
      } else render();
      break;
    case 'saved':
      notice = `Saved ${m.what}.`;
      refused = [];
      editing = undefined;
      render();
      break;
  }
});

vscode.post({ type: 'ready' });
