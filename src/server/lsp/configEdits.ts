/** Quick fixes (core `QuickFix`) → LSP WorkspaceEdits, resolving "append" edits against the target file's text. */
import { pathToFileURL } from 'node:url';
import {
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  type OptionalVersionedTextDocumentIdentifier,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { splitLines } from '../config/dotenv';
import type { QuickFix } from '../config/types';
import { readRegularText } from '../config/regularFile';

export interface EditTarget {
  /** Current text of a file (open document first, then disk); undefined when it does not exist. */
  textOf(absPath: string): string | undefined;
  /** Version of an open document (null when not open). */
  versionOf(absPath: string): number | null;
}

export function diskTarget(open: (p: string) => { text: string; version: number } | undefined): EditTarget {
  return {
    textOf(p) {
      const doc = open(p);
      if (doc) return doc.text;
      return readRegularText(p);
    },
    versionOf: (p) => open(p)?.version ?? null,
  };
}

export function toWorkspaceEdit(fix: QuickFix, filePath: string, target: EditTarget): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  const creates: string[] = [];
  for (const e of fix.edits) {
    const file = e.file ?? filePath;
    let edits = byFile.get(file);
    if (!edits) byFile.set(file, (edits = []));
    if (e.append) {
      const text = target.textOf(file);
      if (text === undefined) {
        if (!creates.includes(file)) creates.push(file);
        edits.push(TextEdit.insert({ line: 0, character: 0 }, e.newText));
      } else {
        const lines = splitLines(text);
        const last = lines.length - 1;
        const end = { line: last, character: lines[last].length };
        // Earlier appends to the same file in this fix go after each other at the same position.
        edits.push(TextEdit.insert(end, (text.length > 0 && !/\n$/.test(text) ? '\n' : '') + e.newText));
      }
    } else edits.push(TextEdit.replace(e.range, e.newText));
  }
  const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
  for (const file of creates) documentChanges.push(CreateFile.create(uriOf(file), { ignoreIfExists: true }));
  for (const [file, edits] of byFile) {
    const id: OptionalVersionedTextDocumentIdentifier = {
      uri: uriOf(file),
      version: creates.includes(file) ? null : target.versionOf(file),
    };
    documentChanges.push(TextDocumentEdit.create(id, mergeSamePosition(edits)));
  }
  return { documentChanges };
}

/** LSP forbids overlapping edits; inserts at the same position are merged in order. */
function mergeSamePosition(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out.find(
      (o) =>
        o.range.start.line === e.range.start.line &&
        o.range.start.character === e.range.start.character &&
        o.range.end.line === o.range.start.line &&
        o.range.end.character === o.range.start.character &&
        e.range.end.line === e.range.start.line &&
        e.range.end.character === e.range.start.character,
    );
    if (prev) prev.newText += e.newText.replace(/^\n/, prev.newText.endsWith('\n') ? '' : '\n');
    else out.push({ ...e });
  }
  return out;
}

export function uriOf(p: string): string {
  return pathToFileURL(p).href;
}
