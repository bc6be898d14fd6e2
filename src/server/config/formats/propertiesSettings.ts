/** Java `.properties` (Spring `application.properties`): `key=value`, `key: value`, `key value`, `#`/`!` comments. */
import { LineIndex } from '../lineIndex';
import { offsetSetting, type Setting } from '../settings';

export function parsePropertiesSettings(text: string): Setting[] {
  const index = new LineIndex(text);
  const toRange = (s: number, e: number) => index.range(s, e);
  const out: Setting[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const lt = index.lineText(line);
    const m = /^([ \t\f]*)((?:\\.|[^\s=:\\])+)[ \t\f]*[=: \t\f][ \t\f]*/.exec(lt);
    if (!m || /^[ \t\f]*[#!]/.test(lt)) continue;
    let raw = lt.slice(m[0].length);
    const continued = raw.endsWith('\\');
    let next = line;
    if (continued) {
      // Continuation lines: join (positions inside the value are then not exact).
      while (raw.endsWith('\\') && next + 1 < index.lineCount) {
        next++;
        raw = raw.slice(0, -1) + index.lineText(next).trimStart();
      }
    }
    const key = m[2].replace(/\\(.)/g, '$1');
    const value = raw.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    const lineStart = index.offsetAt({ line, character: 0 });
    const vStart = lineStart + m[0].length;
    const base = {
      key,
      path: key.split('.'),
      value,
      valueRange: { start: index.positionAt(vStart), end: { line: next, character: index.lineText(next).length } },
      keyRange: toRange(lineStart + m[1].length, lineStart + m[1].length + m[2].length),
      quote: '' as const,
    };
    out.push(offsetSetting(base, toRange, !continued && value === raw ? value : undefined, vStart));
    line = next;
  }
  return out;
}
