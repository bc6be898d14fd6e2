/** The durable history store: open it with `HistoryStore.open({ dir })`. */
export { HistoryStore, StoreNotWriterError, AUTO_RAW_MAX_RANGE_MS } from './historyStore';
export type * from './types';
export { LatencySketch } from './latencySketch';
export { DEFAULT_RETENTION } from './retention';
export { describeStoreReport, isDataLossReport } from './reportText';
