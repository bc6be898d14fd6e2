/**
 * The config linter's entry point: one file's text + context → findings. Pure
 * apart from what `ctx` says about the file (ignored, other files). Never throws:
 * a failing rule group is dropped and the others still report.
 */
import * as path from 'node:path';
import { splitLines, type DotenvDocument } from './dotenv';
import { compareFindings, settingOf } from './dotenvLint';
import { DotenvLintState, lintDotenvText, type DotenvLintOutput } from './dotenvState';
import { classifyFile, jsonWorthLinting, jsWorthLinting, yamlWorthLinting, type FileInfo } from './fileKind';
import { parseJsonSettings, topLevelString } from './formats/jsonSettings';
import { parseJsSettings } from './formats/jsSettings';
import { parsePrismaDatasources } from './formats/prismaSettings';
import { parsePropertiesSettings } from './formats/propertiesSettings';
import { parseTomlSettings } from './formats/tomlSettings';
import { kubernetesView, looksLikeKubernetes } from './formats/kubernetes';
import { parseYamlSettings, type ParseProblem } from './formats/yamlSettings';
import { lineRange } from './lineIndex';
import { add, fileRange, ignoreFix, isSecretStore, newEnv, type RuleEnv } from './ruleEnv';
import { checkCompose, checkLongPorts, checkServerFlags, composeFileRefs } from './rules/composeRules';
import { checkConnections, type ConnectionSeen } from './rules/connectionRules';
import { checkCredentialsPath, checkReferencedFile, checkSecrets, checkSupabaseProjects, type SupabaseKeySeen } from './rules/secretRules';
import { checkDatabaseRules, checkRulesFile } from './rules/firebaseRules';
import { checkPoolSizes } from './rules/poolRules';
import { checkStructured } from './rules/structuredRules';
import { checkVariableConnections } from './rules/variableRules';
import { scoreFile, type FileScore } from './score';
import { parentKey, type Setting } from './settings';
import { applyRuleSettings, isSuppressed, suppressionsAt, suppressionsOf } from './suppress';
import type { Finding, LintContext } from './types';
import { errorMessage } from '../../shared/errors';

export { isDotenvName } from './fileKind';

/** Files over this size are skipped with an Information finding. */
export const MAX_LINT_CHARS = 5 * 1024 * 1024;

/** Which files the linter understands (by name). */
export function isDotenvFile(filePath: string): boolean {
  return classifyFile(filePath)?.kind === 'dotenv';
}

export function isLintable(filePath: string): boolean {
  return classifyFile(filePath) !== undefined;
}

export interface LintResult {
  findings: Finding[];
  score: FileScore;
  /** Why the file was not linted (too large, binary), when it was not. */
  skipped?: string;
  /** Rule groups that threw (a bug: tests assert this stays empty). */
  internalErrors: string[];
}

/** Lint one file's text. */
export function lintText(text: string, ctx: LintContext): Finding[] {
  return lintDocument(text, ctx).findings;
}

export function lintDocument(text: string, ctx: LintContext): LintResult {
  const info = classifyFile(ctx.filePath);
  if (!info) return { findings: [], score: scoreFile([], ctx.ignored), internalErrors: [] };
  const skip = skipReason(text);
  if (skip) return skippedResult(skip, ctx);
  const body = withoutBom(text);
  if (info.kind === 'dotenv') return lintDotenvOnce(body, ctx, info);
  const env = newEnv(ctx, info);
  let lines: string[] = [];
  const internalErrors: string[] = [];
  // Set by runRules; the file's lines are split once.
  try {
    lines = runRules(env, info, body, (e) => internalErrors.push(e));
  } catch (err) {
    internalErrors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
    // A bug in a rule must not lose the file: report it as a finding.
    env.findings.push(crashFinding(err));
  }
  return finish(env.findings, lines.length ? lines : splitLines(body), undefined, ctx, internalErrors, false);
}

/**
 * Linting one open document again and again (the language server): dotenv
 * files keep an incremental model, so a new version costs the changed lines
 * plus the cross-entry checks; other kinds are linted afresh.
 */
export class LintSession {
  private state: DotenvLintState | undefined;

  lint(text: string, ctx: LintContext): LintResult {
    const info = classifyFile(ctx.filePath);
    const skip = info ? skipReason(text) : undefined;
    if (!info || info.kind !== 'dotenv' || skip) {
      this.state = undefined;
      return lintDocument(text, ctx);
    }
    const body = withoutBom(text);
    if (!this.state) {
      this.state = new DotenvLintState(body, ctx, info, isSecretStore(ctx, info));
      return lintDotenvState(this.state, ctx);
    }
    try {
      this.state.update(body, ctx);
    } catch (err) {
      // The incremental path must never cost a result: start over from the text.
      this.state = new DotenvLintState(body, ctx, info, isSecretStore(ctx, info));
      const r = lintDotenvState(this.state, ctx);
      r.internalErrors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
      return r;
    }
    return lintDotenvState(this.state, ctx);
  }

  /** Blocks (entries or lines) whose rules ran in the last dotenv lint; undefined for other kinds. */
  get relinted(): number | undefined {
    return this.state?.relinted;
  }
}

/** A dotenv text linted once (no model kept: `LintSession` keeps one for the editor). */
function lintDotenvOnce(body: string, ctx: LintContext, info: FileInfo): LintResult {
  let out: DotenvLintOutput;
  try {
    out = lintDotenvText(body, ctx, info, isSecretStore(ctx, info));
  } catch (err) {
    return finish(
      [crashFinding(err)],
      splitLines(body),
      undefined,
      ctx,
      [err instanceof Error ? (err.stack ?? err.message) : String(err)],
      false,
    );
  }
  return finish(out.findings, out.lines, out.directiveLines, ctx, [], out.sorted);
}

function lintDotenvState(state: DotenvLintState, ctx: LintContext): LintResult {
  const internalErrors: string[] = [];
  let findings: Finding[];
  try {
    findings = state.findings();
  } catch (err) {
    internalErrors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
    findings = [crashFinding(err)];
  }
  return finish(findings, state.lineTexts, state.directiveLines(), ctx, internalErrors, state.sorted);
}

function withoutBom(text: string): string {
  // A BOM is not part of the content; keep offsets by blanking it.
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

function crashFinding(err: unknown): Finding {
  return {
    ruleId: 'file-skipped',
    category: 'dotenv_syntax',
    severity: 'information',
    message: `DB Pulse could not finish linting this file (${errorMessage(err)})`,
    range: lineRange(0, 0, 0),
  };
}

function skippedResult(skip: string, ctx: LintContext): LintResult {
  const findings: Finding[] = [
    {
      ruleId: 'file-skipped',
      category: 'dotenv_syntax',
      severity: 'information',
      message: `DB Pulse did not lint this file: ${skip}`,
      range: lineRange(0, 0, 0),
    },
  ];
  return { findings: applyRuleSettings(findings, ctx.rules), score: scoreFile([], ctx.ignored), skipped: skip, internalErrors: [] };
}

/**
 * Suppression comments, `dbpulse.rules`, document order and the score.
 * `directiveLines`: the lines that mention dbpulse-ignore when the caller
 * knows them (undefined: scan every line); `sorted`: already in document order.
 */
function finish(
  all: Finding[],
  lines: readonly string[],
  directiveLines: readonly number[] | undefined,
  ctx: LintContext,
  internalErrors: string[],
  sorted: boolean,
): LintResult {
  const sup = directiveLines ? suppressionsAt(lines, directiveLines) : suppressionsOf(lines);
  const kept = applyRuleSettings(sup.size ? all.filter((f) => !isSuppressed(f, sup)) : all, ctx.rules);
  if (!sorted && !isSorted(kept)) kept.sort(compareFindings);
  return { findings: kept, score: scoreFile(kept, ctx.ignored), internalErrors };
}

function isSorted(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if (compareFindings(findings[i - 1], findings[i]) > 0) return false;
  return true;
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 3, warning: 2, information: 1, hint: 0 };

/**
 * One finding per rule and range: a value inherited by several maps (a Rails
 * `default` merged into each environment, a compose extension field) is
 * judged once per map, and is reported once, with the most severe verdict.
 */
export function onePerText(findings: Finding[]): Finding[] {
  const byKey = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of findings) {
    const r = f.range;
    const key = `${f.ruleId}\0${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, out.length);
      out.push(f);
    } else if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[out[at].severity]) out[at] = f;
  }
  return out;
}

export function skipReason(text: string): string | undefined {
  if (text.length > MAX_LINT_CHARS) return `it is larger than ${MAX_LINT_CHARS / 1024 / 1024} MB`;
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  if (head.indexOf('\u0000') >= 0) return 'it looks binary (contains NUL bytes)';
  return undefined;
}

function parseProblems(env: RuleEnv, errors: ParseProblem[]): void {
  for (const e of errors.slice(0, 20)) add(env, 'config-parse-error', e.range, `${path.basename(env.ctx.filePath)}: ${e.message}`);
}

export function dotenvSettings(doc: DotenvDocument): Setting[] {
  const out: Setting[] = [];
  for (const e of doc.entries) if (e.hasAssignment) out.push(settingOf(e));
  return out;
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Runs the reader and rules for the file's kind; returns the file's lines (for suppression comments). */
function runRules(env: RuleEnv, info: FileInfo, text: string, onError: (e: string) => void): string[] {
  const guard = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      // One rule group failing must not hide the others' findings.
      onError(errorText(err));
    }
  };
  let settings: Setting[] = [];
  let handled = new Set<Setting>();
  let serviceAccount = false;
  /** Some settings repeat others (YAML merge keys, aliases): findings on the same text are reported once. */
  let repeats = false;
  const lines = splitLines(text);
  switch (info.kind) {
    case 'dotenv':
      break; // linted by DotenvLintState
    case 'compose':
    case 'yaml': {
      if (info.kind === 'yaml' && !yamlWorthLinting(env.ctx.filePath, text, info)) return lines;
      const model = parseYamlSettings(text);
      parseProblems(env, model.errors);
      settings = model.settings;
      repeats = model.inherited > 0;
      if (info.kind === 'yaml' && looksLikeKubernetes(text)) {
        const k8s = kubernetesView(settings, model.docStarts);
        settings = k8s.settings;
        for (const f of k8s.referencedFiles) guard(() => checkReferencedFile(env, f, 'kustomize generator input'));
      }
      if (info.kind === 'compose') {
        for (const f of composeFileRefs(settings)) guard(() => checkReferencedFile(env, f.setting, f.what));
        guard(() => (handled = checkCompose(env, settings)));
        guard(() => checkLongPorts(env, settings));
        guard(() => checkServerFlags(env, settings));
      }
      break;
    }
    case 'json': {
      if (!jsonWorthLinting(env.ctx.filePath, text)) return lines;
      const model = parseJsonSettings(text);
      parseProblems(env, model.errors);
      settings = model.settings;
      if (/^database\.rules\.json$/i.test(path.basename(env.ctx.filePath))) guard(() => checkDatabaseRules(env, settings));
      serviceAccount = topLevelString(model.root, 'type') === 'service_account' && topLevelString(model.root, 'private_key') !== undefined;
      break;
    }
    case 'toml': {
      const model = parseTomlSettings(text);
      parseProblems(env, model.errors);
      settings = model.settings;
      break;
    }
    case 'prisma':
      settings = parsePrismaDatasources(text).settings;
      break;
    case 'firebase-rules':
      guard(() => checkRulesFile(env, text));
      return lines;
    case 'js':
      if (!jsWorthLinting(env.ctx.filePath, text)) return lines;
      settings = parseJsSettings(text, /\.[cm]?ts$/i.test(env.ctx.filePath)).settings;
      break;
    case 'properties':
      settings = parsePropertiesSettings(text);
      break;
  }
  // Sibling keys per parent path (the parent's key is computed once per setting).
  const siblings = new Map<string, Set<string>>();
  const parentOf = new Array<Set<string>>(settings.length);
  for (let i = 0; i < settings.length; i++) {
    const s = settings[i];
    const k = parentKey(s.path);
    let set = siblings.get(k);
    if (!set) siblings.set(k, (set = new Set()));
    set.add(s.key);
    parentOf[i] = set;
  }
  guard(() => checkStructured(env, settings));
  guard(() => checkVariableConnections(env, settings));
  guard(() => checkPoolSizes(env, settings));
  const conns: ConnectionSeen[] = [];
  const keys: SupabaseKeySeen[] = [];
  const literal = { skipLiteral: false };
  // Per setting, each rule group is guarded on its own (inline: no closures per setting).
  for (let i = 0; i < settings.length; i++) {
    const s = settings[i];
    // An inherited copy repeats a value checked where it is written; only the sibling rules read it.
    if (s.inherited) continue;
    try {
      checkConnections(env, s, conns);
    } catch (err) {
      onError(errorText(err));
    }
    literal.skipLiteral = handled.has(s) || (serviceAccount && s.path.length === 1);
    try {
      checkSecrets(env, s, parentOf[i], keys, literal);
    } catch (err) {
      onError(errorText(err));
    }
    try {
      checkCredentialsPath(env, s);
    } catch (err) {
      onError(errorText(err));
    }
  }
  guard(() => checkSupabaseProjects(env, settings, keys, conns));
  if (repeats) env.findings = onePerText(env.findings);
  if (serviceAccount) {
    env.secretSeen.value = true;
    env.secretStore = true;
  }
  if (env.secretSeen.value && env.secretStore && !env.ctx.ignored) {
    const what = serviceAccount ? 'is a Google service-account key' : 'holds secrets';
    add(
      env,
      'secret-file-not-ignored',
      fileRange(lines[0] ?? ''),
      `${path.basename(env.ctx.filePath)} ${what} but .gitignore does not cover it: git would commit it`,
      {
        fixes: () => {
          const fix = ignoreFix(env);
          return fix ? [fix] : [];
        },
      },
    );
  }
  return lines;
}
