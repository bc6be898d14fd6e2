/**
 * The error analysis panel's host side: runs the analysis, applies fixes
 * (a settings patch only after the user confirms the exact changes; only
 * DB Pulse commands; only http(s) links) and sends feedback.
 */
import * as vscode from 'vscode';
import type { Provider } from '../../../shared/categories';
import type { ConnectionConfig } from '../../../shared/connection';
import { AnalyzeErrorRequest, AuditRequest, FeedbackRequest, ProbeConnectionRequest } from '../../../shared/protocol';
import type { Diagnosis as FullDiagnosis } from '../../../shared/diagnosis';
import { errorMessage } from '../../../shared/errors';
import type { Ctx } from '../../ctx';
import { readConnections, saveConnection } from '../../connections/settings';
import { isAnalysisToHost, type AnalysisToHost, type AnalysisView, type ConnectionSummary, type HostToAnalysis } from '../messages';
import { feedbackParams, isWebUrl, planFix } from '../model/fixActions';
import { categoryLabel } from '../model/format';
import { createPanel, post } from '../panelHost';

export const ANALYSIS_VIEW_TYPE = 'dbpulse.errorAnalysis';

/** What to analyse: a saved connection's last failure, or a message the user selected. */
export type AnalysisSubject = { connection: ConnectionConfig } | { provider: Provider; message: string };

export class ErrorAnalysisPanel {
  private static current: ErrorAnalysisPanel | undefined;

  static async show(deps: Ctx, subject: AnalysisSubject): Promise<ErrorAnalysisPanel> {
    const p = ErrorAnalysisPanel.current ?? new ErrorAnalysisPanel(deps);
    ErrorAnalysisPanel.current = p;
    p.subject = subject;
    p.feedback = {};
    p.view = undefined;
    p.panel.reveal();
    await p.analyze();
    return p;
  }

  private readonly panel: vscode.WebviewPanel;
  private subject: AnalysisSubject | undefined;
  private view: AnalysisView | undefined;
  private failure: string | undefined;
  private feedback: Record<string, boolean> = {};

  private constructor(private readonly deps: Ctx) {
    this.panel = createPanel(deps.extension, {
      viewType: ANALYSIS_VIEW_TYPE,
      title: 'Error Analysis',
      script: 'errorAnalysis',
      styles: ['analysis'],
    });
    this.panel.onDidDispose(() => {
      if (ErrorAnalysisPanel.current === this) ErrorAnalysisPanel.current = undefined;
    });
    this.panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isAnalysisToHost(m)) {
        this.deps.log.warn('error analysis: ignored a malformed message from the webview');
        return;
      }
      this.handle(m).catch((err: unknown) => this.deps.log.error(`error analysis: ${errorMessage(err)}`));
    });
  }

  private send(m: HostToAnalysis): void {
    post(this.panel, m);
  }

  /** The connection as saved now (a fix may have changed it since the analysis). */
  private connection(): ConnectionConfig | undefined {
    if (!this.subject || !('connection' in this.subject)) return undefined;
    const id = this.subject.connection.id;
    return readConnections().find((c) => c.id === id) ?? this.subject.connection;
  }

  private async analyze(): Promise<void> {
    const s = this.subject;
    if (!s) return;
    this.send({ type: 'busy', busy: true });
    try {
      const client = this.deps.requireClient();
      let diagnosis: FullDiagnosis;
      let summary: ConnectionSummary | undefined;
      let source: string;
      if ('connection' in s) {
        diagnosis = await client.sendRequest(AnalyzeErrorRequest.type, { connectionId: s.connection.id });
        summary = { id: s.connection.id, name: s.connection.name, provider: s.connection.provider };
        source = `last failure of ${s.connection.name}`;
      } else {
        diagnosis = await client.sendRequest(AnalyzeErrorRequest.type, { provider: s.provider, message: s.message });
        source = `selected ${s.provider} error message`;
      }
      this.failure = undefined;
      this.view = { type: 'analysis', diagnosis, source, feedback: this.feedback, ...(summary ? { connection: summary } : {}) };
      this.panel.title = `Error Analysis: ${categoryLabel(diagnosis.category)}`;
      this.send(this.view);
    } catch (err) {
      this.failure = errorMessage(err);
      this.send({ type: 'analysisFailed', message: this.failure });
    } finally {
      this.send({ type: 'busy', busy: false });
    }
  }

  private async handle(m: AnalysisToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (this.view) this.send({ ...this.view, feedback: this.feedback });
        else if (this.failure) this.send({ type: 'analysisFailed', message: this.failure });
        return;
      case 'reanalyze':
        return this.analyze();
      case 'openDocs': {
        const url = this.view?.diagnosis.docsUrl;
        if (isWebUrl(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'openReference': {
        const url = this.view?.diagnosis.references?.[m.index]?.url;
        if (isWebUrl(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'feedback':
        return this.sendFeedback(m.helpful, m.fixId, m.comment);
      case 'applyFix':
        return this.applyFix(m.fixId);
    }
  }

  private async sendFeedback(helpful: boolean, fixId: string | undefined, comment: string | undefined): Promise<void> {
    const d = this.view?.diagnosis;
    if (!d) return;
    const key = fixId ?? 'analysis';
    try {
      await this.deps
        .requireClient()
        .sendRequest(FeedbackRequest.type, feedbackParams(d, helpful, { fixId, comment, connectionId: this.view?.connection?.id }));
      this.feedback[key] = helpful;
      this.send({ type: 'feedbackSent', key, helpful });
    } catch (err) {
      void vscode.window.showErrorMessage(`DB Pulse: feedback not sent: ${errorMessage(err)}`);
    }
  }

  private async applyFix(fixId: string): Promise<void> {
    const d = this.view?.diagnosis;
    const fix = d?.fixes.find((f) => f.id === fixId);
    if (!d || !fix) return;
    const connection = this.connection();
    const plan = planFix(fix, connection);
    const done = (ok: boolean, message: string): void => this.send({ type: 'fixResult', fixId, ok, message });
    switch (plan.kind) {
      case 'none':
        return done(false, plan.reason);
      case 'openUrl':
        await vscode.env.openExternal(vscode.Uri.parse(plan.url));
        return done(true, 'Opened in the browser.');
      case 'command':
        try {
          await vscode.commands.executeCommand(plan.command, ...plan.args);
          return done(true, `Ran ${plan.command}.`);
        } catch (err) {
          return done(false, `${plan.command} failed: ${errorMessage(err)}`);
        }
      case 'edit': {
        if (!connection) return;
        const answer = await vscode.window.showWarningMessage(
          `Change the settings of "${connection.name}"?`,
          { modal: true, detail: `${fix.title}\n\n${plan.changes.join('\n')}` },
          'Apply',
        );
        if (answer !== 'Apply') return done(false, 'Not applied.');
        try {
          await saveConnection(plan.next);
        } catch (err) {
          return done(false, `Settings not saved: ${errorMessage(err)}`);
        }
        this.deps.log.info(`Applied fix ${fix.id} to connection ${connection.id}: ${plan.changes.join('; ')}`);
        this.deps.client
          ?.sendRequest(AuditRequest.type, {
            action: 'quick_fix_applied',
            connectionId: connection.id,
            details: { fixId: fix.id, changes: plan.changes.length, source: 'error_analysis' },
          })
          .then(undefined, (err: unknown) => this.deps.log.warn(`audit entry not written: ${errorMessage(err)}`));
        return done(true, `Saved: ${plan.changes.join('; ')}. Use “Probe again” to check it.`);
      }
      case 'retry':
        return this.retry(fixId, plan.afterMs, connection);
    }
  }

  private async retry(fixId: string, afterMs: number, connection: ConnectionConfig | undefined): Promise<void> {
    if (!connection) return;
    this.send({ type: 'busy', fixId, busy: true });
    try {
      const health = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Probing ${connection.name}`, cancellable: true },
        async (progress, token) => {
          if (afterMs > 0) {
            progress.report({ message: `in ${Math.round(afterMs / 1000)} s` });
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, afterMs);
              token.onCancellationRequested(() => {
                clearTimeout(t);
                resolve();
              });
            });
            if (token.isCancellationRequested) return undefined;
          }
          return this.deps.requireClient().sendRequest(ProbeConnectionRequest.type, { connectionId: connection.id });
        },
      );
      if (!health) return this.send({ type: 'fixResult', fixId, ok: false, message: 'Cancelled.' });
      this.deps.view.updateHealth(health);
      if (health.state === 'up' || health.state === 'degraded') {
        this.send({
          type: 'fixResult',
          fixId,
          ok: true,
          message: `${connection.name} is ${health.state} now (${Math.round(health.result?.timings.totalMs ?? 0)} ms).`,
        });
      } else if (health.state === 'skipped') {
        this.send({ type: 'fixResult', fixId, ok: false, message: `Not probed: ${health.skippedReason ?? 'skipped'}.` });
      } else {
        const cat = health.result?.error?.category;
        this.send({
          type: 'fixResult',
          fixId,
          ok: false,
          message: `Still down${cat ? `: ${categoryLabel(cat)}` : ''}${health.diagnosis ? ` (${health.diagnosis.rootCause})` : ''}.`,
        });
      }
    } catch (err) {
      this.send({ type: 'fixResult', fixId, ok: false, message: `Probe failed to run: ${errorMessage(err)}` });
    } finally {
      this.send({ type: 'busy', fixId, busy: false });
    }
  }
}
