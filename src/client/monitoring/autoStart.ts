/** Applies `dbpulse.monitoring.autoStart` once the server runs (see autoStartPlan.ts for the rules). */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { errorMessage } from '../../shared/errors';
import { MonitoringStatusRequest, SetMonitoringRequest } from '../../shared/protocol';
import { planAutoStart } from './autoStartPlan';

export async function applyMonitoringAutoStart(
  client: LanguageClient,
  raw: unknown,
  state: vscode.Memento,
  log: vscode.LogOutputChannel,
): Promise<void> {
  try {
    const status = await client.sendRequest(MonitoringStatusRequest.type);
    const plan = planAutoStart(raw, (key) => state.get<boolean>(key) === true, status.enabled);
    if (plan.action === 'refuse') return log.warn(plan.message);
    if (plan.action === 'none') return;
    const after = await client.sendRequest(SetMonitoringRequest.type, { enabled: true, interval: plan.interval });
    await state.update(plan.key, true);
    log.info(`Automated monitoring switched on by dbpulse.monitoring.autoStart (${String(after.interval)})`);
  } catch (err) {
    // A refused interval (below the minimum, a bad cron) comes back from the server: say so, change nothing.
    log.warn(`dbpulse.monitoring.autoStart not applied: ${errorMessage(err)}`);
  }
}
