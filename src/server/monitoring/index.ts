/** The monitoring service: the pipeline both front doors (language server, `dbpulse monitor`) run. */
export {
  MonitoringService,
  PREDICTOR_REPLAY,
  PRUNE_EVERY_MS,
  type AnalyseTarget,
  type MonitoringEvents,
  type MonitoringServiceOptions,
  type MonitoringStorage,
  type MonitoringSwitch,
} from './service';
export { NOT_USABLE, type AlertStage, type AlertStageDeps } from './alertStage';
export type { Disposable } from './emitter';
// Which drivers the probes have loaded (the server's status), from this bundle's copy of the registry.
export { loadedDrivers } from '../probes/registry';
