import * as vscode from 'vscode';

/** The status bar health indicator. Until probes report, it shows the server's state. */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dbpulse.health', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'DB Pulse';
    this.item.command = 'dbpulse.showServerStatus';
    this.item.show();
  }

  setStarting(): void {
    this.item.text = '$(sync~spin) DB Pulse';
    this.item.tooltip = 'DB Pulse: starting the server';
  }

  setReady(): void {
    this.item.text = '$(pulse) DB Pulse';
    this.item.tooltip = 'DB Pulse: server running. Click for status.';
  }

  setFailed(reason: string): void {
    this.item.text = '$(error) DB Pulse';
    this.item.tooltip = `DB Pulse: the server did not start: ${reason}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
