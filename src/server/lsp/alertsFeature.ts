/**
 * LSP adapter for the monitoring service's alert stage: the client's `dbpulse.alerts.*` settings
 * the test send and the open incidents (list, acknowledge, snooze), each one call into the service. Sending, the policy, Restricted Mode and the
 * two-window rule live in the service (src/server/monitoring).
 */
import { IncidentActionRequest, IncidentsRequest, SendTestAlertRequest, SetAlertSettingsRequest } from '../../shared/protocol';
import type { FeatureContext } from './context';
import type { MonitoringFeature } from './monitoringFeature';

export function registerAlertsFeature(ctx: FeatureContext, monitoring: MonitoringFeature): void {
  const { connection } = ctx;
  connection.onRequest(SetAlertSettingsRequest.type, ({ settings, changed }) => monitoring.setAlertSettings(settings, changed));
  connection.onRequest(SendTestAlertRequest.type, async () => {
    const s = await monitoring.service();
    await s.ready();
    return s.sendTestAlert();
  });
  connection.onRequest(IncidentsRequest.type, async () => (await monitoring.service()).incidents());
  connection.onRequest(IncidentActionRequest.type, async (a) => (await monitoring.service()).incidentAction(a));
}
