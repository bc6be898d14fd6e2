/**
 * The Add / Edit Connection form's host side. It keeps the secrets: what the
 * user types reaches only the server's validate and probe requests and, on
 * save, Secret Storage; the webview is told which secret fields hold a value,
 * never the value.
 */
import * as vscode from 'vscode';
import type { Provider } from '../../../shared/categories';
import type { ConnectionConfig, ConnectionSecret } from '../../../shared/connection';
import { AuditRequest, ProbeConnectionRequest, ValidateConnectionRequest } from '../../../shared/protocol';
import { validateConnection, type ConnectionProblem } from '../../../shared/providerSchemas';
import { errorMessage } from '../../../shared/errors';
import type { Ctx } from '../../ctx';
import { newConnectionId, readConnections, saveConnection } from '../../connections/settings';
import { isFormToHost, type FormInit, type FormToHost, type HostToForm, type KeptSecrets, type SecretInput } from '../messages';
import {
  buildConnection,
  changedFields,
  mergeSecret,
  requiredProblems,
  SECRET_KEYS,
  secretPresence,
  valuesFromConfig,
  type FormValues,
  type SecretKey,
} from '../model/formModel';
import { createPanel, post } from '../panelHost';

export const FORM_VIEW_TYPE = 'dbpulse.connectionForm';

const open = new Map<string, ConnectionFormPanel>();

export class ConnectionFormPanel {
  /** Opens (or reveals) the form for a new connection, or for editing `existing`. */
  static show(deps: Ctx, existing?: ConnectionConfig, provider?: Provider): ConnectionFormPanel {
    const key = existing ? `edit:${existing.id}` : 'add';
    const current = open.get(key);
    if (current) {
      current.panel.reveal();
      return current;
    }
    const p = new ConnectionFormPanel(deps, existing, provider);
    open.set(key, p);
    return p;
  }

  private readonly panel: vscode.WebviewPanel;
  private key: string;
  /** Typed in this form and not saved yet. */
  private draft: ConnectionSecret = {};
  /** Stored secret keys the user chose to remove on save. */
  private readonly clearStored = new Set<SecretKey>();
  private disposed = false;

  private constructor(
    private readonly deps: Ctx,
    private existing: ConnectionConfig | undefined,
    private readonly initialProvider: Provider | undefined,
  ) {
    this.key = existing ? `edit:${existing.id}` : 'add';
    this.panel = createPanel(deps.extension, {
      viewType: FORM_VIEW_TYPE,
      title: existing ? `Edit ${existing.name}` : 'Add Connection',
      script: 'connectionForm',
      styles: ['form'],
    });
    this.panel.onDidDispose(() => {
      this.disposed = true;
      this.draft = {};
      if (open.get(this.key) === this) open.delete(this.key);
    });
    this.panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isFormToHost(m)) {
        this.deps.log.warn('connection form: ignored a malformed message from the webview');
        return;
      }
      this.handle(m).catch((err: unknown) => this.deps.log.error(`connection form: ${errorMessage(err)}`));
    });
  }

  private send(m: HostToForm): void {
    if (!this.disposed) post(this.panel, m);
  }

  private async stored(): Promise<ConnectionSecret | null> {
    if (!this.existing) return null;
    const s = await this.deps.secrets.get(this.existing.id);
    if (!s) return null;
    const out: ConnectionSecret = { ...s };
    for (const k of this.clearStored) delete out[k];
    return out;
  }

  private async kept(): Promise<KeptSecrets> {
    const out: KeptSecrets = {};
    for (const k of secretPresence(await this.stored())) out[k] = 'stored';
    for (const k of secretPresence(this.draft)) out[k] = 'draft';
    return out;
  }

  /** Takes what the webview typed into the draft: a value replaces, '' drops the draft, absent keeps it. */
  private absorb(input: SecretInput): void {
    for (const k of SECRET_KEYS) {
      const v = input[k];
      if (v === undefined) continue;
      if (v === '') delete this.draft[k];
      else this.draft[k] = v;
    }
  }

  private async secretForServer(): Promise<ConnectionSecret> {
    return mergeSecret(await this.stored(), this.draft);
  }

  private async handle(m: FormToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.sendInit();
      case 'validate':
        return this.validate(m.seq, m.provider, m.values, m.secrets);
      case 'probe':
        return this.probe(m.seq, m.provider, m.values, m.secrets);
      case 'save':
        return this.save(m.provider, m.values, m.secrets, m.scope);
      case 'forgetSecret':
        delete this.draft[m.key];
        if (this.existing) this.clearStored.add(m.key);
        this.send({ type: 'secretsKept', kept: await this.kept() });
        return;
      case 'pickFile': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          openLabel: 'Use this file',
          filters: { 'PEM certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] },
        });
        if (picked?.[0]) this.send({ type: 'filePicked', key: m.key, path: picked[0].fsPath });
        return;
      }
      case 'cancel':
        this.panel.dispose();
        return;
    }
  }

  private async sendInit(): Promise<void> {
    const init: FormInit = {
      type: 'init',
      mode: this.existing ? 'edit' : 'add',
      provider: this.existing?.provider ?? this.initialProvider ?? 'postgres',
      secretsKept: await this.kept(),
      existingIds: readConnections().map((c) => c.id),
      scope: this.existing?.scope ?? (vscode.workspace.workspaceFolders?.length ? 'workspace' : 'user'),
      hasWorkspace: !!vscode.workspace.workspaceFolders?.length,
      serverRunning: !!this.deps.client,
    };
    if (this.existing) init.values = valuesFromConfig(this.existing);
    this.send(init);
  }

  private async validate(seq: number, provider: Provider, values: FormValues, input: SecretInput): Promise<void> {
    this.absorb(input);
    try {
      const { config } = buildConnection(provider, values, {}, { id: this.existing?.id });
      const result = await this.deps.requireClient().sendRequest(ValidateConnectionRequest.type, {
        config,
        secret: await this.secretForServer(),
      });
      this.send({ type: 'validation', seq, result });
    } catch (err) {
      this.send({ type: 'validationFailed', seq, message: errorMessage(err) });
    }
  }

  private async probe(seq: number, provider: Provider, values: FormValues, input: SecretInput): Promise<void> {
    this.absorb(input);
    try {
      const { config, inputProblems } = buildConnection(provider, values, {}, { id: this.existing?.id });
      if (inputProblems.length) throw new Error(inputProblems.map((p) => p.message).join('; '));
      if (!config.id) config.id = 'unsaved';
      const health = await this.deps
        .requireClient()
        .sendRequest(ProbeConnectionRequest.type, { config, secret: await this.secretForServer() });
      this.send({ type: 'probeResult', seq, health });
    } catch (err) {
      this.send({ type: 'probeFailed', seq, message: errorMessage(err) });
    }
  }

  private async save(provider: Provider, values: FormValues, input: SecretInput, scope: 'user' | 'workspace'): Promise<void> {
    this.absorb(input);
    const existingList = readConnections();
    const { config, inputProblems } = buildConnection(
      provider,
      values,
      {},
      { id: this.existing?.id, scope: this.existing?.scope ?? scope },
    );
    if (!this.existing && !config.id) config.id = newConnectionId(config.name || provider, existingList);
    const problems: ConnectionProblem[] = [
      ...inputProblems,
      ...requiredProblems(provider, values, new Set(secretPresence(mergeSecret(await this.stored(), this.draft)))).filter(
        (p) => !schemaSecretOptionalForSave(p),
      ),
      ...validateConnection(config).filter((p) => p.severity === 'error'),
    ];
    if (!this.existing && existingList.some((c) => c.id === config.id))
      problems.push({ field: 'id', message: `a connection with the id '${config.id}' exists already`, severity: 'error' });
    if (this.existing && this.existing.provider !== provider)
      problems.push({
        field: 'provider',
        message: 'the provider of a saved connection cannot change: add a new connection instead',
        severity: 'error',
      });
    if (problems.length) {
      this.send({
        type: 'saveFailed',
        problems,
        message: `Not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix.`,
      });
      return;
    }
    const before = this.existing;
    try {
      const secret = mergeSecret(await this.stored(), this.draft);
      await saveConnection(config);
      await this.deps.secrets.set(config.id, secret);
    } catch (err) {
      this.send({ type: 'saveFailed', problems: [], message: `Not saved: ${errorMessage(err)}` });
      return;
    }
    this.draft = {};
    this.clearStored.clear();
    this.deps.log.info(`${before ? 'Changed' : 'Added'} connection ${config.id} (${provider})`);
    this.audit(before, config);
    this.existing = config;
    const newKey = `edit:${config.id}`;
    if (open.get(this.key) === this) open.delete(this.key);
    this.key = newKey;
    open.set(newKey, this);
    this.panel.title = `Edit ${config.name}`;
    this.send({ type: 'saved', id: config.id, name: config.name });
    this.send({ type: 'secretsKept', kept: await this.kept() });
    void vscode.window.setStatusBarMessage(`DB Pulse: saved ${config.name}`, 3000);
  }

  private audit(before: ConnectionConfig | undefined, after: ConnectionConfig): void {
    const client = this.deps.client;
    if (!client) return;
    const details: Record<string, string | number | boolean | null> = { provider: after.provider, scope: after.scope ?? null };
    if (before) details.fields = changedFields(before, after).join(',');
    client
      .sendRequest(AuditRequest.type, { action: before ? 'connection_changed' : 'connection_added', connectionId: after.id, details })
      .then(undefined, (err: unknown) => this.deps.log.warn(`audit entry not written: ${errorMessage(err)}`));
  }
}

/** Secrets may be set later ("Set Secret"): a missing one does not stop a save. */
function schemaSecretOptionalForSave(p: ConnectionProblem): boolean {
  return (SECRET_KEYS as readonly string[]).includes(p.field);
}

/** For tests and the integrator: the number of open forms. */
export function openFormCount(): number {
  return open.size;
}
