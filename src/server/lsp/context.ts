import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { InitializationOptions } from '../../shared/protocol';
import type { WorkspaceRoots } from './workspace';

/** What every LSP feature module gets from server.ts when it registers itself. */
export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  roots: WorkspaceRoots;
  /** Current initialization options (trust can change at run time). */
  options(): InitializationOptions;
}
