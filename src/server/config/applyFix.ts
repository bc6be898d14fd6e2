/** Applies a QuickFix to file texts (pure): tests, and a future `dbpulse lint --fix`. */
import { LineIndex } from './lineIndex';
import type { QuickFix } from './types';

/** `files`: absolute path → text (missing = file does not exist). Returns the changed texts. */
export function applyQuickFix(fix: QuickFix, filePath: string, files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const byFile = new Map<string, Array<{ start: number; end: number; text: string; order: number }>>();
  fix.edits.forEach((e, order) => {
    const file = e.file ?? filePath;
    const text = out.get(file) ?? files.get(file) ?? '';
    out.set(file, text);
    const list = byFile.get(file) ?? [];
    byFile.set(file, list);
    if (e.append) {
      list.push({ start: Infinity, end: Infinity, text: e.newText, order });
    } else {
      const idx = new LineIndex(text);
      list.push({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), text: e.newText, order });
    }
  });
  for (const [file, edits] of byFile) {
    let text = out.get(file) ?? '';
    const appends = edits.filter((e) => e.start === Infinity).sort((a, b) => a.order - b.order);
    const replaces = edits.filter((e) => e.start !== Infinity).sort((a, b) => b.start - a.start || b.order - a.order);
    for (const e of replaces) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    for (const e of appends) text = (text.length > 0 && !text.endsWith('\n') ? text + '\n' : text) + e.text;
    out.set(file, text);
  }
  return out;
}
