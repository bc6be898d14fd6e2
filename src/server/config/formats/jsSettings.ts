/**
 * ORM and framework configs written in JavaScript or TypeScript (Drizzle
 * `defineConfig`, knexfile, TypeORM `DataSource`, Sequelize, mysql2/pg pools)
 * read with a real parser (@babel/parser, never executed): every object
 * literal's properties become settings with their key path, as a JSON config
 * would. Values the program reads from the environment are references:
 * `process.env.X` / `import.meta.env.X` → `${X}`, and `process.env.X || 'd'`
 * / `?? 'd'` / Strapi's `env('X', 'd')` → `${X:-d}`, so the rules judge the
 * default as the value used when X is not set. Other expressions are not
 * values.
 */
import { parse } from '@babel/parser';
import { LineIndex } from '../lineIndex';
import { offsetSetting, type Setting } from '../settings';
import type { ParseProblem } from './yamlSettings';

/** The parts of a Babel node this reader uses (the AST is walked generically). */
interface BNode {
  type: string;
  start?: number | null;
  end?: number | null;
  [k: string]: unknown;
}

export interface JsModel {
  settings: Setting[];
  errors: ParseProblem[];
}

const MAX_DEPTH = 200;

export function parseJsSettings(text: string, typescript: boolean): JsModel {
  const index = new LineIndex(text);
  const toRange = (s: number, e: number) => index.range(s, e);
  const settings: Setting[] = [];
  let ast: BNode;
  try {
    ast = parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      plugins: typescript ? ['typescript'] : ['jsx'],
    }) as unknown as BNode;
  } catch (err) {
    // A file the parser cannot read at all is not a config problem this linter reports (the build does).
    void err;
    return { settings, errors: [] };
  }
  const seen = new Set<BNode>();
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const n = node as BNode;
    if (typeof n.type !== 'string') return;
    if (n.type === 'ObjectExpression' && !seen.has(n)) {
      objectSettings(n, [], text, toRange, settings, seen, depth);
      return;
    }
    for (const k in n) {
      if (k === 'loc' || k === 'leadingComments' || k === 'trailingComments' || k === 'innerComments' || k === 'extra') continue;
      const v = n[k];
      if (v && typeof v === 'object') visit(v, depth + 1);
    }
  };
  visit(ast, 0);
  return { settings, errors: [] };
}

function propName(p: BNode): string | undefined {
  if (p.computed) return undefined;
  const k = p.key as BNode;
  if (k.type === 'Identifier') return k.name as string;
  if (k.type === 'StringLiteral') return k.value as string;
  if (k.type === 'NumericLiteral') return String(k.value);
  return undefined;
}

/** TS wrappers and conversions around a value: `x as string`, `x!`, `(x)`, `String(x)`, `Number(x)`, `parseInt(x, 10)`. */
function unwrap(n: BNode): BNode {
  for (let i = 0; i < 10; i++) {
    if (
      n.type === 'TSAsExpression' ||
      n.type === 'TSNonNullExpression' ||
      n.type === 'TSSatisfiesExpression' ||
      n.type === 'ParenthesizedExpression'
    )
      n = n.expression as BNode;
    else if (
      n.type === 'CallExpression' &&
      isCallee(n, /^(String|Number|parseInt|Boolean)$/) &&
      Array.isArray(n.arguments) &&
      n.arguments.length >= 1
    )
      n = n.arguments[0] as BNode;
    else break;
  }
  return n;
}

function isCallee(call: BNode, name: RegExp): boolean {
  const c = call.callee as BNode;
  return c.type === 'Identifier' && name.test(c.name as string);
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `env.X` (an object named env): the variable name. */
function envName(n: BNode): string | undefined {
  if (n.type !== 'MemberExpression' && n.type !== 'OptionalMemberExpression') return undefined;
  const prop = n.property as BNode;
  const name = n.computed ? (prop.type === 'StringLiteral' ? (prop.value as string) : undefined) : (prop.name as string | undefined);
  if (!name) return undefined;
  const obj = n.object as BNode;
  if (obj.type === 'Identifier' && /^(env|ENV)$/.test(obj.name as string)) return name;
  if (obj.type !== 'MemberExpression') return undefined;
  const o = obj.object as BNode;
  const p = obj.property as BNode;
  if (p.type !== 'Identifier' || p.name !== 'env') return undefined;
  if (o.type === 'Identifier' && (o.name === 'process' || o.name === 'Deno')) return name;
  if (o.type === 'MetaProperty') return name;
  return undefined;
}

interface Literal {
  value: string;
  /** Offsets of the value inside the source when it maps 1:1 (inside the quotes), else undefined. */
  textStart?: number;
  start: number;
  end: number;
  quote: Setting['quote'];
}

function literalOf(n: BNode, text: string): Literal | undefined {
  const start = n.start ?? 0;
  const end = n.end ?? start;
  if (n.type === 'StringLiteral') {
    const value = n.value as string;
    const q = text[start];
    const exact = end - start - 2 === value.length && text.startsWith(value, start + 1);
    return { value, start, end, quote: q === "'" ? "'" : '"', ...(exact ? { textStart: start + 1 } : {}) };
  }
  if (n.type === 'TemplateLiteral' && Array.isArray(n.expressions) && n.expressions.length === 0) {
    const q = (n.quasis as BNode[])[0];
    const value = ((q.value as { cooked?: string }).cooked ?? '') as string;
    const exact = end - start - 2 === value.length && text.startsWith(value, start + 1);
    return { value, start, end, quote: '`', ...(exact ? { textStart: start + 1 } : {}) };
  }
  if (n.type === 'NumericLiteral' || n.type === 'BooleanLiteral')
    return { value: String(n.value), start, end, quote: '', textStart: start };
  if (n.type === 'NullLiteral') return { value: '', start, end, quote: '' };
  return undefined;
}

/** A value the program reads: a literal, an environment variable, or a variable with a literal default. */
function valueOf(raw: BNode, text: string): Literal | undefined {
  const n = unwrap(raw);
  const lit = literalOf(n, text);
  if (lit) return lit;
  const start = n.start ?? 0;
  const end = n.end ?? start;
  const env = envName(n);
  if (env) return { value: '${' + env + '}', start, end, quote: '' };
  if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) {
    const left = envName(unwrap(n.left as BNode));
    const right = literalOf(unwrap(n.right as BNode), text);
    if (left && right) return { value: '${' + left + ':-' + right.value + '}', start: right.start, end: right.end, quote: right.quote };
    if (left) return { value: '${' + left + '}', start, end, quote: '' };
  }
  // Strapi / envalid style: env('X'), env('X', 'default'), env.int('X', 5432)
  if (n.type === 'CallExpression' && Array.isArray(n.arguments)) {
    const c = n.callee as BNode;
    const isEnv =
      (c.type === 'Identifier' && c.name === 'env') ||
      (c.type === 'MemberExpression' && (c.object as BNode).type === 'Identifier' && (c.object as BNode).name === 'env');
    const args = n.arguments as BNode[];
    if (isEnv && args[0]?.type === 'StringLiteral') {
      const d = args[1] ? literalOf(unwrap(args[1]), text) : undefined;
      const name = args[0].value as string;
      if (d) return { value: '${' + name + ':-' + d.value + '}', start: d.start, end: d.end, quote: d.quote };
      return { value: '${' + name + '}', start, end, quote: '' };
    }
  }
  return undefined;
}

function objectSettings(
  obj: BNode,
  path: string[],
  text: string,
  toRange: (s: number, e: number) => ReturnType<LineIndex['range']>,
  out: Setting[],
  seen: Set<BNode>,
  depth: number,
): void {
  seen.add(obj);
  if (depth > MAX_DEPTH) return;
  for (const p of obj.properties as BNode[]) {
    if (p.type !== 'ObjectProperty') continue;
    const name = propName(p);
    if (name === undefined) continue;
    const valueNode = unwrap(p.value as BNode);
    if (valueNode.type === 'ObjectExpression') {
      objectSettings(valueNode, [...path, name], text, toRange, out, seen, depth + 1);
      continue;
    }
    const v = valueOf(p.value as BNode, text);
    if (!v) continue;
    const key = p.key as BNode;
    out.push(
      offsetSetting(
        {
          key: name,
          path: [...path, name],
          value: v.value,
          valueRange: toRange(v.start, v.end),
          keyRange: toRange(key.start ?? 0, key.end ?? 0),
          quote: v.quote,
        },
        toRange,
        v.textStart !== undefined ? v.value : undefined,
        v.textStart ?? 0,
      ),
    );
  }
}
