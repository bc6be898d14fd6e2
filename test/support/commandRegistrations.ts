/**
 * The command ids client code actually registers, read from its syntax tree (TypeScript's parser), so
 * a comment, a string in a message or an `executeCommand('dbpulse.x')` call never counts. Pure: give
 * it source texts. Two shapes count:
 * - `registerCommand('dbpulse.x', …)` (also `registerTextEditorCommand`) with a literal id;
 * - a command table: object literals such as `{ id: 'dbpulse.x', run: … }`, when some registration
 *   takes its id from a property of that name (`registerCommand(c.id, …)`, or a destructured `id`).
 *   An entry counts when it sits in an array literal or carries a function (its handler).
 */
import * as ts from 'typescript';

const REGISTER = new Set(['registerCommand', 'registerTextEditorCommand']);

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isTypeAssertionExpression(e))
    e = e.expression;
  return e;
}

function literalText(e: ts.Expression): string | undefined {
  const u = unwrap(e);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) ? u.text : undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The property a dynamic id is read from: `c.id` → id, `c['id']` → id, a destructured `id` → id. */
function keyOf(arg: ts.Expression): string | undefined {
  const u = unwrap(arg);
  if (ts.isPropertyAccessExpression(u)) return u.name.text;
  if (ts.isElementAccessExpression(u)) return literalText(u.argumentExpression);
  if (ts.isIdentifier(u)) return u.text;
  return undefined;
}

const isFunctionLike = (e: ts.Expression): boolean => {
  const u = unwrap(e);
  return ts.isArrowFunction(u) || ts.isFunctionExpression(u);
};

function hasHandler(o: ts.ObjectLiteralExpression): boolean {
  return o.properties.some((p) => ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && isFunctionLike(p.initializer)));
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

export function registeredCommandIds(sources: ReadonlyArray<{ file: string; text: string }>): Set<string> {
  const ids = new Set<string>();
  const tableKeys = new Set<string>();
  const objects: Array<{ node: ts.ObjectLiteralExpression; inArray: boolean }> = [];
  for (const { file, text } of sources) {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    walk(sf, (n) => {
      if (ts.isCallExpression(n) && REGISTER.has(calleeName(n) ?? '') && n.arguments.length > 0) {
        const id = literalText(n.arguments[0]);
        if (id !== undefined) ids.add(id);
        else {
          const key = keyOf(n.arguments[0]);
          if (key) tableKeys.add(key);
        }
      } else if (ts.isObjectLiteralExpression(n)) {
        objects.push({ node: n, inArray: ts.isArrayLiteralExpression(unwrapParent(n)) });
      }
    });
  }
  for (const { node, inArray } of objects) {
    if (!inArray && !hasHandler(node)) continue;
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const name = propertyName(p.name);
      const id = name !== undefined && tableKeys.has(name) ? literalText(p.initializer) : undefined;
      if (id !== undefined) ids.add(id);
    }
  }
  return ids;
}

/** The nearest parent that is not an `as`/`satisfies`/parenthesis wrapper. */
function unwrapParent(n: ts.Node): ts.Node {
  let p = n.parent;
  while (p && (ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isParenthesizedExpression(p) || ts.isTypeAssertionExpression(p)))
    p = p.parent;
  return p;
}
