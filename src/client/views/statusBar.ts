import * as vscode from 'vscode';
import type { ConnectionHealth } from '../../shared/health';
import { iconId, worst } from './healthPresentation';

/** The status bar health indicator: the worst health across connections, with a count. Click: quick pick of connections. */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dbpulse.health', vscode.StatusBarAlignment.Left, 50);
  private serverState: 'starting' | 'ready' | 'failed' = 'starting';
  private failure = '';
  private health: ConnectionHealth[] = [];
  private extraTooltip: string[] = [];

  constructor() {
    this.item.name = 'DB Pulse';
    this.item.command = 'dbpulse.pickConnection';
    this.render();
    this.item.show();
  }

  setStarting(): void {
    this.serverState = 'starting';
    this.render();
  }

  setReady(): void {
    this.serverState = 'ready';
    this.render();
  }

  setFailed(reason: string): void {
    this.serverState = 'failed';
    this.failure = reason;
    this.render();
  }

  setHealth(health: ConnectionHealth[]): void {
    this.health = health;
    this.render();
  }

  /** Extra tooltip lines (e.g. the workspace security score). */
  setTooltipLines(lines: string[]): void {
    this.extraTooltip = lines;
    this.render();
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.serverState === 'starting') {
      item.text = '$(sync~spin) DB Pulse';
      item.tooltip = 'DB Pulse: starting the server';
      return;
    }
    if (this.serverState === 'failed') {
      item.text = '$(error) DB Pulse';
      item.tooltip = `DB Pulse: the server did not start: ${this.failure}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return;
    }
    const counts = { up: 0, degraded: 0, down: 0, unknown: 0, skipped: 0 };
    for (const h of this.health) counts[h.state]++;
    const w = worst(this.health.map((h) => h.state));
    if (!w) {
      item.text = '$(pulse) DB Pulse';
    } else {
      const bad = counts.down + counts.degraded;
      item.text = `$(${iconId(w)}) DB ${bad ? `${bad}/${this.health.length}` : `${counts.up}/${this.health.length}`}`;
      if (w === 'down') item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      else if (w === 'degraded') item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    const lines = [
      'DB Pulse',
      this.health.length
        ? `${counts.up} up · ${counts.degraded} degraded · ${counts.down} down · ${counts.unknown + counts.skipped} not probed`
        : 'No connections configured',
      ...this.extraTooltip,
      'Click to pick a connection',
    ];
    item.tooltip = lines.join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}
