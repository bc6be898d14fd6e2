/**
 * LSP adapter for the Add Connection form and workspace discovery:
 * live validation (settings problems + the config rules, with a score) and
 * "Scan Workspace for Connections".
 */
import { DiscoverConnectionsRequest, ValidateConnectionRequest } from '../../shared/protocol';
import { checkConnectionForm } from '../connections/formCheck';
import { discover } from '../connections/discovery';
import { collectFiles } from '../config/workspaceLint';
import { readConfigFile } from '../config/readFile';
import type { FeatureContext } from './context';
import { uriToPath } from './workspace';
import { readRegularText } from '../config/regularFile';

const MAX_SCAN_FILES = 20_000;

export function registerConnectionToolsFeature(ctx: FeatureContext): void {
  const { connection, roots, documents } = ctx;

  connection.onRequest(ValidateConnectionRequest.type, ({ config, secret }) => checkConnectionForm(config, secret ?? {}));

  connection.onRequest(DiscoverConnectionsRequest.type, () => {
    const out = [];
    // Open documents win over disk: the user may not have saved yet.
    const open = new Map<string, string>();
    for (const d of documents.all()) {
      const p = uriToPath(d.uri);
      if (p) open.set(p, d.getText());
    }
    for (const root of roots.all()) {
      const files = collectFiles([root], MAX_SCAN_FILES);
      const inputs = [];
      for (const file of files) {
        const unsaved = open.get(file);
        if (unsaved !== undefined) {
          inputs.push({ file, text: unsaved });
          continue;
        }
        const read = readConfigFile(file);
        if ('text' in read) inputs.push({ file, text: read.text });
      }
      out.push(
        ...discover(
          inputs,
          (p) => {
            return readRegularText(p, 1_000_000);
          },
          root,
        ),
      );
    }
    return out;
  });
}
