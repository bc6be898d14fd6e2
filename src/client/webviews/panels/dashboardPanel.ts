/**
 * The dashboard's host side: answers the webview's selection with the four
 * history queries (each section fails on its own: no store means no chart,
 * not no dashboard) and forwards health changes of the shown connection.
 */
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../../shared/connection';
import { ErrorCountsRequest, HistorySeriesRequest, PredictRequest, ProbeConnectionRequest, UptimeRequest } from '../../../shared/protocol';
import type { ConnectionHealth } from '../../../shared/health';
import { errorMessage } from '../../../shared/errors';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from '../../ctx';
import { readConnections } from '../../connections/settings';
import {
  isDashboardToHost,
  type ConnectionSummary,
  type DashboardData,
  type DashboardToHost,
  type HostToDashboard,
  type Section,
} from '../messages';
import { seriesParams, type RangeId } from '../model/dashboardModel';
import { createPanel, post } from '../panelHost';

export const DASHBOARD_VIEW_TYPE = 'dbpulse.dashboard';

/** A burst of probe results refreshes the history at most this often. */
const REFRESH_MIN_INTERVAL_MS = 10_000;

async function section<T>(run: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

export class DashboardPanel {
  private static current: DashboardPanel | undefined;

  static show(deps: Ctx, connectionId?: string): DashboardPanel {
    const p = DashboardPanel.current ?? new DashboardPanel(deps);
    DashboardPanel.current = p;
    if (connectionId) p.selected = connectionId;
    p.panel.reveal();
    if (p.ready) p.sendConnections();
    return p;
  }

  /** Health from the server's notifications, forwarded by the integrator's handler. */
  static notifyHealth(health: ConnectionHealth): void {
    DashboardPanel.current?.onHealth(health);
  }

  private readonly panel: vscode.WebviewPanel;
  private selected: string | undefined;
  private range: RangeId = '24h';
  private ready = false;
  private lastRefresh = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private loadSeq = 0;

  private constructor(private readonly deps: Ctx) {
    this.panel = createPanel(deps.extension, {
      viewType: DASHBOARD_VIEW_TYPE,
      title: 'DB Pulse Dashboard',
      script: 'dashboard',
      styles: ['dashboard'],
    });
    this.panel.onDidDispose(() => {
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      for (const s of this.subscriptions) s.dispose();
      if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    });
    // A hidden webview is gone (no retained context): it says 'ready' again when shown.
    this.panel.onDidChangeViewState(() => {
      if (!this.panel.visible) this.ready = false;
    });
    this.subscriptions.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => {
        if (!isDashboardToHost(m)) {
          this.deps.log.warn('dashboard: ignored a malformed message from the webview');
          return;
        }
        this.handle(m).catch((err: unknown) => this.deps.log.error(`dashboard: ${errorMessage(err)}`));
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dbpulse.connections') && this.ready) this.sendConnections();
      }),
    );
  }

  private send(m: HostToDashboard): void {
    post(this.panel, m);
  }

  private connections(): ConnectionConfig[] {
    const fromView = this.deps.view.getConnections();
    return fromView.length ? fromView : readConnections();
  }

  private sendConnections(): void {
    const list: ConnectionSummary[] = this.connections().map((c) => ({ id: c.id, name: c.name, provider: c.provider }));
    if (!this.selected || !list.some((c) => c.id === this.selected)) this.selected = list[0]?.id;
    this.send({ type: 'connections', list, selected: this.selected ?? null, range: this.range });
  }

  private async handle(m: DashboardToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sendConnections();
        return;
      case 'select':
        this.selected = m.connectionId;
        this.range = m.range;
        this.panel.title = `Dashboard: ${this.connections().find((c) => c.id === m.connectionId)?.name ?? m.connectionId}`;
        return this.load();
      case 'probeNow':
        return this.probeNow(m.connectionId);
      case 'analyze':
        await vscode.commands.executeCommand('dbpulse.analyzeError', m.connectionId);
        return;
      case 'edit':
        await vscode.commands.executeCommand('dbpulse.editConnection', m.connectionId);
        return;
    }
  }

  private async load(): Promise<void> {
    const id = this.selected;
    if (!id) return;
    const seq = ++this.loadSeq;
    this.lastRefresh = Date.now();
    const health = this.deps.view.getHealth(id);
    if (health) this.send({ type: 'health', health });
    this.send({ type: 'busy', busy: true });
    const now = Date.now();
    const params = seriesParams(id, this.range, now);
    let client: LanguageClient;
    try {
      client = this.deps.requireClient();
    } catch (err) {
      const failed = { ok: false as const, message: errorMessage(err) };
      this.send({
        type: 'data',
        connectionId: id,
        range: this.range,
        from: params.from,
        to: params.to,
        offsetMs: -new Date(now).getTimezoneOffset() * 60_000,
        series: failed,
        uptime: failed,
        errors: failed,
        prediction: failed,
      });
      this.send({ type: 'busy', busy: false });
      return;
    }
    const [series, uptime, errors, prediction] = await Promise.all([
      section(() => client.sendRequest(HistorySeriesRequest.type, params)),
      section(() => client.sendRequest(UptimeRequest.type, { connectionId: id })),
      section(() => client.sendRequest(ErrorCountsRequest.type, { connectionId: id, from: params.from, to: params.to })),
      section(() => client.sendRequest(PredictRequest.type, { connectionId: id })),
    ]);
    if (seq !== this.loadSeq) return; // a newer selection is on its way
    const data: DashboardData = {
      type: 'data',
      connectionId: id,
      range: this.range,
      from: params.from,
      to: params.to,
      offsetMs: -new Date(now).getTimezoneOffset() * 60_000,
      series,
      uptime,
      errors,
      prediction,
    };
    this.send(data);
    this.send({ type: 'busy', busy: false });
  }

  private async probeNow(id: string): Promise<void> {
    this.send({ type: 'busy', busy: true });
    try {
      const health = await this.deps.requireClient().sendRequest(ProbeConnectionRequest.type, { connectionId: id });
      this.deps.view.updateHealth(health);
      this.send({ type: 'health', health });
      await this.load();
    } catch (err) {
      this.send({ type: 'notice', message: `Probe failed to run: ${errorMessage(err)}` });
    } finally {
      this.send({ type: 'busy', busy: false });
    }
  }

  private onHealth(health: ConnectionHealth): void {
    if (!this.ready || health.connectionId !== this.selected) return;
    this.send({ type: 'health', health });
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastRefresh + REFRESH_MIN_INTERVAL_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.ready) this.load().catch((err: unknown) => this.deps.log.error(`dashboard: ${errorMessage(err)}`));
    }, wait);
  }
}
