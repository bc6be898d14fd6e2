/**
 * Minimal dotenv reader that keeps positions. (Extended by the config-lint work:
 * quotes, multiline values, `export`, comments, `${VAR}` expansion.)
 */
export interface DotenvEntry {
  key: string;
  value: string;
  line: number;
  /** Character where the raw value starts on `line`. */
  valueStart: number;
}

export function parseDotenv(text: string): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(line);
    if (!m) continue;
    let valueStart = m[0].length;
    let value = line.slice(valueStart);
    const q = value[0];
    if (q === '"' || q === "'") {
      const close = value.indexOf(q, 1);
      value = close > 0 ? value.slice(1, close) : value.slice(1);
      valueStart += 1;
    } else {
      const hash = value.search(/\s#/);
      if (hash >= 0) value = value.slice(0, hash);
      value = value.trimEnd();
    }
    entries.push({ key: m[2], value, line: i, valueStart });
  }
  return entries;
}
