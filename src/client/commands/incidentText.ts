/** How an open incident reads in the quick pick (pure: no `vscode`). */
import type { IncidentView } from '../../shared/incidents';

const SEVERITY_ICON: Record<IncidentView['severity'], string> = { critical: '$(error)', warning: '$(warning)', info: '$(info)' };

function since(at: number, now = Date.now()): string {
  const min = Math.max(0, Math.round((now - at) / 60_000));
  return min < 60 ? `${min} min` : min < 48 * 60 ? `${Math.round(min / 60)} h` : `${Math.round(min / 1440)} days`;
}

export function describeIncident(i: IncidentView, now = Date.now()): { label: string; description: string; detail: string } {
  const state = i.acknowledgedAt !== undefined ? 'acknowledged' : i.snoozedUntil !== undefined && i.snoozedUntil > now ? 'snoozed' : 'open';
  return {
    label: `${SEVERITY_ICON[i.severity]} ${i.subject}: ${i.text}`,
    description: `${i.severity} · rule ${i.ruleId} · ${state}`,
    detail: `open for ${since(i.openedAt, now)}, ${i.notifications} notification(s)`,
  };
}
