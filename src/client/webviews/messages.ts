/**
 * Messages between the extension host and the three webviews. Both sides
 * import these types; the host checks every incoming message with the guards
 * below before acting on it (a webview is untrusted input). Secrets travel
 * only webview → host (typed into the form); the host never sends one back.
 */
import type { Provider } from '../../shared/categories';
import type { ConnectionCheck } from '../../shared/connectionTools';
import type { Diagnosis as FullDiagnosis } from '../../shared/diagnosis';
import type { ConnectionHealth } from '../../shared/health';
import type { Series, Uptime } from '../../shared/history';
import type { Prediction } from '../../shared/prediction';
import type { ConnectionProblem } from '../../shared/providerSchemas';
import type { ErrorCategory } from '../../shared/categories';
import type { RangeId } from './model/dashboardModel';
import type { FormValues, SecretKey } from './model/formModel';
import type { AlertsEdit, AlertsView } from './model/alertsModel';

/**
 * Secret fields as typed. A key left out: nothing typed (keep what the host
 * holds); '' : the field was emptied (drop the unsaved draft); text: the value.
 */
export type SecretInput = Partial<Record<SecretKey, string>>;

export type KeptSecrets = Partial<Record<SecretKey, 'stored' | 'draft'>>;

// ------------------------------------------------------------------ form

export type FormToHost =
  | { type: 'ready' }
  | { type: 'validate'; seq: number; provider: Provider; values: FormValues; secrets: SecretInput }
  | { type: 'probe'; seq: number; provider: Provider; values: FormValues; secrets: SecretInput }
  | { type: 'save'; provider: Provider; values: FormValues; secrets: SecretInput; scope: 'user' | 'workspace' }
  | { type: 'forgetSecret'; key: SecretKey }
  | { type: 'pickFile'; key: string }
  | { type: 'cancel' };

export interface FormInit {
  type: 'init';
  mode: 'add' | 'edit';
  provider: Provider;
  /** Present when editing (settings only) or when the host has a draft. */
  values?: FormValues;
  /**
   * Secret fields with a value the host holds, never the values: 'stored' in
   * Secret Storage (editing), 'draft' typed in this form before the view was
   * hidden and not saved yet.
   */
  secretsKept: KeptSecrets;
  existingIds: string[];
  scope: 'user' | 'workspace';
  hasWorkspace: boolean;
  serverRunning: boolean;
}

export type HostToForm =
  | FormInit
  | { type: 'validation'; seq: number; result: ConnectionCheck }
  | { type: 'validationFailed'; seq: number; message: string }
  | { type: 'probeResult'; seq: number; health: ConnectionHealth }
  | { type: 'probeFailed'; seq: number; message: string }
  | { type: 'saved'; id: string; name: string }
  | { type: 'saveFailed'; problems: ConnectionProblem[]; message: string }
  | { type: 'secretsKept'; kept: KeptSecrets }
  | { type: 'filePicked'; key: string; path: string };

// ------------------------------------------------------------- dashboard

export interface ConnectionSummary {
  id: string;
  name: string;
  provider: Provider;
}

export type DashboardToHost =
  | { type: 'ready' }
  | { type: 'select'; connectionId: string; range: RangeId }
  | { type: 'probeNow'; connectionId: string }
  | { type: 'analyze'; connectionId: string }
  | { type: 'edit'; connectionId: string };

/** One section's answer: the value, or why it is not there. */
export type Section<T> = { ok: true; value: T } | { ok: false; message: string };

export interface DashboardData {
  type: 'data';
  connectionId: string;
  range: RangeId;
  from: number;
  to: number;
  /** Minutes east of UTC × 60000, for axis labels in the user's time. */
  offsetMs: number;
  series: Section<Series>;
  uptime: Section<Uptime>;
  errors: Section<Partial<Record<ErrorCategory, number>>>;
  prediction: Section<Prediction | null>;
}

export type HostToDashboard =
  | { type: 'connections'; list: ConnectionSummary[]; selected: string | null; range?: RangeId }
  | DashboardData
  | { type: 'health'; health: ConnectionHealth }
  | { type: 'busy'; busy: boolean }
  | { type: 'notice'; message: string };

// -------------------------------------------------------- error analysis

export type AnalysisToHost =
  | { type: 'ready' }
  | { type: 'applyFix'; fixId: string }
  | { type: 'feedback'; fixId?: string; helpful: boolean; comment?: string }
  | { type: 'openDocs' }
  /** Opens the page of one of the diagnosis's provider references (by its position). */
  | { type: 'openReference'; index: number }
  | { type: 'reanalyze' };

export interface AnalysisView {
  type: 'analysis';
  diagnosis: FullDiagnosis;
  /** The connection analysed, when there is one. */
  connection?: ConnectionSummary;
  /** Where the error came from, in words ("last probe of Orders DB", "selected text"). */
  source: string;
  /** Feedback already sent in this panel: 'analysis' or a fix id → helpful. */
  feedback: Record<string, boolean>;
}

export type HostToAnalysis =
  | AnalysisView
  | { type: 'analysisFailed'; message: string }
  | { type: 'fixResult'; fixId: string; ok: boolean; message: string }
  | { type: 'feedbackSent'; key: string; helpful: boolean }
  | { type: 'busy'; fixId?: string; busy: boolean };

// ---------------------------------------------------------------- guards

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PROVIDERS: readonly string[] = ['postgres', 'mysql', 'mongodb', 'firebase', 'supabase'];
const SECRET_KEYS: readonly string[] = ['password', 'apiKey', 'serviceAccountJson'];

function isValues(v: unknown): v is FormValues {
  return isObj(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'boolean');
}

function isSecrets(v: unknown): v is SecretInput {
  return isObj(v) && Object.entries(v).every(([k, x]) => SECRET_KEYS.includes(k) && (typeof x === 'string' || x === undefined));
}

export function isFormToHost(m: unknown): m is FormToHost {
  if (!isObj(m) || typeof m.type !== 'string') return false;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return true;
    case 'validate':
    case 'probe':
      return typeof m.seq === 'number' && PROVIDERS.includes(String(m.provider)) && isValues(m.values) && isSecrets(m.secrets);
    case 'save':
      return (
        PROVIDERS.includes(String(m.provider)) &&
        isValues(m.values) &&
        isSecrets(m.secrets) &&
        (m.scope === 'user' || m.scope === 'workspace')
      );
    case 'forgetSecret':
      return SECRET_KEYS.includes(String(m.key));
    case 'pickFile':
      return typeof m.key === 'string';
    default:
      return false;
  }
}

const RANGE_IDS: readonly string[] = ['1h', '24h', '7d', '30d'];

export function isDashboardToHost(m: unknown): m is DashboardToHost {
  if (!isObj(m) || typeof m.type !== 'string') return false;
  switch (m.type) {
    case 'ready':
      return true;
    case 'select':
      return typeof m.connectionId === 'string' && RANGE_IDS.includes(String(m.range));
    case 'probeNow':
    case 'analyze':
    case 'edit':
      return typeof m.connectionId === 'string';
    default:
      return false;
  }
}

export function isAnalysisToHost(m: unknown): m is AnalysisToHost {
  if (!isObj(m) || typeof m.type !== 'string') return false;
  switch (m.type) {
    case 'ready':
    case 'openDocs':
    case 'reanalyze':
      return true;
    case 'applyFix':
      return typeof m.fixId === 'string';
    case 'openReference':
      return typeof m.index === 'number' && Number.isInteger(m.index) && m.index >= 0 && m.index < 20;
    case 'feedback':
      return (
        typeof m.helpful === 'boolean' &&
        (m.fixId === undefined || typeof m.fixId === 'string') &&
        (m.comment === undefined || typeof m.comment === 'string')
      );
    default:
      return false;
  }
}

// ------------------------------------------------------------------ alerts page

export type AlertsScope = 'user' | 'workspace';

export type AlertsToHost =
  | { type: 'ready' }
  | { type: 'setScope'; scope: AlertsScope }
  | { type: 'edit'; edit: AlertsEdit }
  | { type: 'testSend' }
  | { type: 'setSecret'; channel: string }
  | { type: 'openSettingsJson' };

export type HostToAlerts =
  | { type: 'view'; view: AlertsView; scope: AlertsScope; hasWorkspace: boolean; trusted: boolean }
  | { type: 'busy'; busy: boolean }
  | { type: 'refused'; problems: string[] }
  | { type: 'saved'; what: string };

const EDIT_KINDS: readonly string[] = [
  'saveRule',
  'deleteRule',
  'setRuleEnabled',
  'setDefaultRules',
  'saveMaintenance',
  'deleteMaintenance',
];

/** The shape only; the model checks a rule or window with the server's checker before anything is written. */
function isEdit(e: unknown): e is AlertsEdit {
  if (!isObj(e) || !EDIT_KINDS.includes(String(e.kind))) return false;
  switch (e.kind) {
    case 'saveRule':
      return isObj(e.rule) && typeof e.rule.id === 'string' && (e.replacing === undefined || typeof e.replacing === 'string');
    case 'saveMaintenance':
      return isObj(e.window) && typeof e.window.id === 'string' && (e.replacing === undefined || typeof e.replacing === 'string');
    case 'deleteRule':
    case 'deleteMaintenance':
      return typeof e.id === 'string';
    case 'setRuleEnabled':
      return typeof e.id === 'string' && typeof e.enabled === 'boolean';
    case 'setDefaultRules':
      return typeof e.enabled === 'boolean';
    default:
      return false;
  }
}

export function isAlertsToHost(m: unknown): m is AlertsToHost {
  if (!isObj(m) || typeof m.type !== 'string') return false;
  switch (m.type) {
    case 'ready':
    case 'testSend':
    case 'openSettingsJson':
      return true;
    case 'setScope':
      return m.scope === 'user' || m.scope === 'workspace';
    case 'edit':
      return isEdit(m.edit);
    case 'setSecret':
      return typeof m.channel === 'string' && /^(webhook|resend|alertmanager|sms):[A-Za-z0-9_.-]+$|^email$/.test(m.channel);
    default:
      return false;
  }
}
