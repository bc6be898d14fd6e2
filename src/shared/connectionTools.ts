/** Results of the connection tools: the Add Connection form's live check and workspace discovery. */
import type { FindingCategory } from './categories';
import type { ConnectionConfig, ConnectionSecret } from './connection';
import type { ConnectionProblem } from './providerSchemas';
import type { Severity } from './severity';

/** Live validation of the Add Connection form: settings problems plus the config rules' findings and score. */
export interface ConnectionCheck {
  problems: ConnectionProblem[];
  findings: Array<{ ruleId: string; category: FindingCategory; severity: Severity; message: string }>;
  score: number;
}

/** A connection found in the workspace's files. */
export interface DiscoveredConnection {
  config: ConnectionConfig;
  /** Present only so the client can move it into SecretStorage; never shown or logged. */
  secret: ConnectionSecret;
  source: { file: string; line: number; key: string };
  description: string;
}
