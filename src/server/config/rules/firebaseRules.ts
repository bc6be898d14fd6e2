/**
 * Firebase security rules: `firestore.rules` / `storage.rules` (the rules
 * language: `match /path { allow read, write: if <condition>; }`) and the
 * Realtime Database's `database.rules.json` (`".read"` / `".write"`
 * expressions). Reported: access granted to anyone (`allow write;`,
 * `if true`, `".write": true`), and the console's test-mode rule
 * (`if request.time < timestamp.date(Y, M, D)`, `"now < <ms>"`): open to
 * anyone until that date, or, once it has passed, denying every request.
 * Reads of a named collection (`match /products/{id} { allow read: if true; }`)
 * are public by design (a catalogue), and so is `create` alone in one (a
 * form): only noted; update, delete and write never are.
 */
import { LineIndex } from '../lineIndex';
import { add, type RuleEnv } from '../ruleEnv';
import type { Range } from '../types';

interface Grant {
  methods: string[];
  /** The condition as written, undefined for `allow read;`. */
  condition: string | undefined;
  /** The enclosing match paths, outermost first. */
  paths: string[];
  range: Range;
}

/** Comments and string contents blanked (offsets kept), so braces and semicolons in them do not count. */
function blankCommentsAndStrings(text: string): string {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) =>
    m[0] === '"' || m[0] === "'" ? m[0] + ' '.repeat(Math.max(0, m.length - 2)) + m[m.length - 1] : m.replace(/[^\n]/g, ' '),
  );
}

/** The `allow` statements of a rules file with their match paths. */
export function parseRulesGrants(text: string): Grant[] {
  const src = blankCommentsAndStrings(text);
  const index = new LineIndex(text);
  const out: Grant[] = [];
  const stack: Array<string | undefined> = [];
  const re = /\bmatch\s+(\S+)\s*\{|\{|\}|\ballow\s+([a-z,\s]+?)\s*(?::\s*if\b([^;]*))?;/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const t = m[0];
    if (t.startsWith('match')) stack.push(m[1]);
    else if (t === '{') stack.push(undefined);
    else if (t === '}') stack.pop();
    else {
      const methods = m[2]
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const condition =
        m[3] === undefined ? undefined : text.slice(m.index + t.indexOf(m[3]), m.index + t.indexOf(m[3]) + m[3].length).trim();
      out.push({
        methods,
        condition,
        paths: stack.filter((p): p is string => p !== undefined),
        range: index.range(m.index, m.index + t.length),
      });
    }
  }
  return out;
}

const WRITE = /^(write|create|update|delete)$/;
const TEST_MODE = /^request\.time\s*<\s*timestamp\.date\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/;

/** A path that matches every document or object (`{document=**}`, `{allPaths=**}`) rather than one collection. */
function wildcardPath(paths: readonly string[]): boolean {
  const last = paths[paths.length - 1] ?? '';
  return /=\*\*\}$/.test(last) && paths.filter((p) => !/^\/databases\/|^\/b\//.test(p)).length <= 1;
}

function dateText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function checkRulesFile(env: RuleEnv, text: string): void {
  for (const g of parseRulesGrants(text)) {
    const cond = g.condition;
    const writes = g.methods.filter((x) => WRITE.test(x));
    const reads = g.methods.filter((x) => !WRITE.test(x));
    const where = g.paths.join(' ') || 'the root';
    if (cond === undefined || /^true$/.test(cond)) {
      // Creating documents in one named collection (a contact form, an order) is a public form by design; changing or deleting is not.
      const formOnly = writes.every((x) => x === 'create') && !wildcardPath(g.paths);
      if (writes.length > 0 && formOnly)
        add(
          env,
          'open-security-rules',
          g.range,
          `allow create on ${where} for anyone: a public form by design? Validate the fields in the rule`,
          {
            severity: 'information',
          },
        );
      else if (writes.length > 0)
        add(
          env,
          'open-security-rules',
          g.range,
          `allow ${writes.join(', ')} on ${where} for anyone, signed in or not: anyone can change or delete the data`,
        );
      else if (reads.length > 0)
        add(
          env,
          'open-security-rules',
          g.range,
          wildcardPath(g.paths)
            ? `allow ${reads.join(', ')} on every document for anyone: the whole database can be downloaded`
            : `allow ${reads.join(', ')} on ${where} for anyone (public data by design?)`,
          { severity: wildcardPath(g.paths) ? 'warning' : 'information' },
        );
      continue;
    }
    const t = TEST_MODE.exec(cond);
    if (t) timeRule(env, g.range, Date.UTC(Number(t[1]), Number(t[2]) - 1, Number(t[3])), g.methods.join(', '), where);
  }
}

function timeRule(env: RuleEnv, range: Range, until: number, what: string, where: string): void {
  if (until <= env.now())
    add(
      env,
      'open-security-rules',
      range,
      `the test-mode rule for ${where} ended on ${dateText(until)}: every ${what} request is now denied ("Missing or insufficient permissions")`,
      { severity: 'information' },
    );
  else
    add(
      env,
      'open-security-rules',
      range,
      `${what} on ${where} is open to anyone until ${dateText(until)} (test-mode rule): write real rules before real data`,
      {
        severity: 'warning',
      },
    );
}

/** `database.rules.json`: `".read"` / `".write"` set to true, or to a `now < <ms>` test-mode expression. */
export function checkDatabaseRules(
  env: RuleEnv,
  settings: ReadonlyArray<{ key: string; path: string[]; value: string; valueRange: Range }>,
): void {
  for (const s of settings) {
    if (s.key !== '.read' && s.key !== '.write') continue;
    const v = s.value.trim();
    const where = '/' + s.path.slice(1, -1).join('/');
    const what = s.key.slice(1);
    if (v === 'true') {
      const root = s.path.length <= 2 || s.path.slice(1, -1).every((p) => p.startsWith('$'));
      add(
        env,
        'open-security-rules',
        s.valueRange,
        what === 'write'
          ? `"${s.key}": true on ${where}: anyone can change or delete the data`
          : `"${s.key}": true on ${where}: anyone can read it`,
        { severity: what === 'write' ? 'error' : root ? 'warning' : 'information' },
      );
      continue;
    }
    const m = /^now\s*<\s*(\d{12,14})$/.exec(v);
    if (m) timeRule(env, s.valueRange, Number(m[1]), what, where);
  }
}
