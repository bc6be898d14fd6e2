/**
 * Every DB Pulse command, registered in this one table (as rust-analyzer's `ctx.ts` does).
 * `enabled` runs while the server can take requests; `disabled` while it cannot (`anyState`:
 * the command works either way). A command without `disabled` says the server is not running.
 * The dispatcher (`dispatch.ts`) turns anything a command throws into one error toast.
 */
import type { DbPulseCommand } from '../ctx';
import { addConnection, analyzeError, editConnection, openAlerts, openDashboard } from '../webviews';
import { sendTestAlert, setAlertSecret } from './alertCommands';
import { showIncidents } from './incidentCommands';
import { copyConnectionString, pickConnection, probeNow, removeConnection } from './connectionCommands';
import { anyState } from './dispatch';
import { setLlmApiKey } from './llmCommands';
import { restartServer, showDetails, showOutput, showSecurityReport, showServerStatus } from './serverCommands';
import {
  addFromConnectionString,
  disableMonitoring,
  enableMonitoring,
  predictFailure,
  probeAll,
  scanWorkspace,
  securityReport,
  setSecret,
} from './workspaceCommands';

export const COMMANDS: readonly DbPulseCommand[] = [
  // Connections
  { id: 'dbpulse.addConnection', ...anyState(addConnection) },
  { id: 'dbpulse.addFromConnectionString', ...anyState(addFromConnectionString) },
  { id: 'dbpulse.scanWorkspace', enabled: scanWorkspace },
  { id: 'dbpulse.editConnection', ...anyState(editConnection) },
  { id: 'dbpulse.removeConnection', ...anyState(removeConnection) },
  { id: 'dbpulse.setSecret', ...anyState(setSecret) },
  { id: 'dbpulse.copyConnectionString', ...anyState(copyConnectionString) },
  { id: 'dbpulse.pickConnection', ...anyState(pickConnection) },
  { id: 'dbpulse.showDetails', ...anyState(showDetails) },
  // Probing and monitoring
  { id: 'dbpulse.probeNow', enabled: probeNow },
  { id: 'dbpulse.probeAll', enabled: probeAll },
  { id: 'dbpulse.enableMonitoring', enabled: enableMonitoring },
  { id: 'dbpulse.disableMonitoring', enabled: disableMonitoring },
  { id: 'dbpulse.predictFailure', enabled: predictFailure },
  // Pages (each shows the server's absence inside itself)
  { id: 'dbpulse.openDashboard', ...anyState(openDashboard) },
  { id: 'dbpulse.analyzeError', ...anyState(analyzeError) },
  { id: 'dbpulse.openAlerts', ...anyState(openAlerts) },
  // Security
  { id: 'dbpulse.securityReport', enabled: securityReport },
  { id: 'dbpulse.showSecurityReport', enabled: showSecurityReport, disabled: showSecurityReport },
  // Secrets kept by the editor
  { id: 'dbpulse.setLlmApiKey', ...anyState(setLlmApiKey) },
  { id: 'dbpulse.setAlertSecret', ...anyState(setAlertSecret) },
  { id: 'dbpulse.sendTestAlert', enabled: sendTestAlert },
  { id: 'dbpulse.showIncidents', enabled: showIncidents },
  // The server
  { id: 'dbpulse.restartServer', ...anyState(restartServer) },
  { id: 'dbpulse.showServerStatus', enabled: showServerStatus },
  { id: 'dbpulse.showOutput', ...anyState(showOutput) },
];
