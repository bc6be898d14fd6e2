/**
 * "DB Pulse: Show Open Incidents": the rule-based alerting's open incidents in a quick pick
 * (severity, rule, connection, what was measured, since when); picking one offers to acknowledge it
 * (no more repeats) or snooze it. Keyboard-only, like every quick pick.
 */
import * as vscode from 'vscode';
import { IncidentActionRequest, IncidentsRequest } from '../../shared/protocol';
import type { CtxInit } from '../ctx';
import type { Cmd } from './dispatch';
import { describeIncident } from './incidentText';

export function showIncidents(ctx: CtxInit): Cmd {
  return async () => {
    const client = ctx.client;
    const open = await client.sendRequest(IncidentsRequest.type);
    if (!open.length) {
      void vscode.window.showInformationMessage('DB Pulse: no open incidents.');
      return open;
    }
    const pick = await vscode.window.showQuickPick(
      open.map((i) => ({ ...describeIncident(i), incident: i })),
      { placeHolder: 'Open incidents: pick one to acknowledge or snooze', matchOnDescription: true },
    );
    if (!pick) return open;
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Acknowledge', description: 'no more repeats; it still resolves', action: 'acknowledge' as const },
        { label: 'Snooze 1 hour', action: 'snooze' as const, minutes: 60 },
        { label: 'Snooze 24 hours', action: 'snooze' as const, minutes: 24 * 60 },
      ],
      { placeHolder: `${pick.incident.subject}: ${pick.incident.text}` },
    );
    if (!choice) return open;
    const done = await client.sendRequest(
      IncidentActionRequest.type,
      choice.action === 'acknowledge'
        ? { incidentId: pick.incident.id, action: 'acknowledge' }
        : { incidentId: pick.incident.id, action: 'snooze', minutes: choice.minutes ?? 60 },
    );
    void vscode.window.showInformationMessage(
      done
        ? `DB Pulse: ${choice.label.toLowerCase()}: ${pick.incident.subject} (${pick.incident.ruleId}).`
        : 'DB Pulse: that incident is no longer open.',
    );
    return done;
  };
}
