/**
 * Supabase's own checks, on top of the PostgreSQL advisor (the same database
 * connection): after Supabase's splinter lints (rls_disabled_in_public,
 * auth_rls_initplan, multiple_permissive_policies, security_definer_view,
 * function_search_path_mutable, auth_users_exposed). Queries and pure analysis;
 * the exposed schemas default to `public` (PostgREST's default).
 */
import type { Finding } from '../../../shared/advisors';
import { type Analysis, type Section, finding, quoteIdent, withSection } from '../types';
import type { PgQuery } from './queries';

export interface SbTableRow {
  schema: string;
  table: string;
  rls: boolean;
}
export interface SbPolicyRow {
  schema: string;
  table: string;
  policy: string;
  permissive: string;
  roles: string[];
  cmd: string;
  qual: string | null;
  with_check: string | null;
}
export interface SbViewRow {
  schema: string;
  view: string;
  security_invoker: boolean;
  uses_auth_users: boolean;
  exposed_to: string[];
}
export interface SbFunctionRow {
  schema: string;
  name: string;
  args: string;
  security_definer: boolean;
}

export interface SbSnapshot {
  sbTables?: Section<SbTableRow>;
  sbPolicies?: Section<SbPolicyRow>;
  sbViews?: Section<SbViewRow>;
  sbFunctions?: Section<SbFunctionRow>;
}

const literalList = (schemas: string[]) => schemas.map((s) => `'${s.split("'").join("''")}'`).join(', ');

export function supabaseQueries(schemas: string[] = ['public']): Record<string, PgQuery> {
  const list = literalList(schemas);
  return {
    sbTables: {
      checks: ['rls_disabled'],
      needs: 'SELECT on pg_class (granted to PUBLIC)',
      sql: `SELECT n.nspname AS schema, c.relname AS "table", c.relrowsecurity AS rls
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname IN (${list})
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`,
    },
    sbPolicies: {
      checks: ['rls_initplan', 'multiple_permissive_policies'],
      needs: 'SELECT on pg_policies (granted to PUBLIC)',
      sql: `SELECT schemaname AS schema, tablename AS "table", policyname AS policy, permissive, roles::text[] AS roles, cmd, qual, with_check
FROM pg_catalog.pg_policies WHERE schemaname IN (${list})`,
    },
    sbViews: {
      checks: ['security_definer_view', 'auth_users_exposed'],
      needs: 'SELECT on pg_class / pg_depend (granted to PUBLIC)',
      sql: `SELECT n.nspname AS schema, c.relname AS view,
  COALESCE(c.reloptions::text[] && ARRAY['security_invoker=true', 'security_invoker=on', 'security_invoker=1'], false) AS security_invoker,
  EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
          WHERE r.ev_class = c.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
            AND d.refobjid = to_regclass('auth.users')) AS uses_auth_users,
  ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.rolname IN ('anon', 'authenticated')
        AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT')) AS exposed_to
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname IN (${list})
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`,
    },
    sbFunctions: {
      checks: ['function_search_path_mutable'],
      needs: 'SELECT on pg_proc (granted to PUBLIC)',
      sql: `SELECT n.nspname AS schema, p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args, p.prosecdef AS security_definer
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname IN (${list}) AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM unnest(COALESCE(p.proconfig, '{}')) cfg WHERE cfg LIKE 'search\\_path=%')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
    },
  };
}

const DOCS = 'https://supabase.com/docs/guides/database/database-linter?lint=';
const q = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** auth.uid(), auth.jwt(), auth.role(), auth.email() and current_setting() called bare (not as `(select …)`): evaluated per row. */
const AUTH_CALL = /\b(auth\.(uid|jwt|role|email)|current_setting)\s*\(/gi;

export function reevaluatedPerRow(expr: string | null): string[] {
  if (!expr) return [];
  const found = new Set<string>();
  for (const m of expr.matchAll(AUTH_CALL)) {
    const before = expr.slice(0, m.index).replace(/\s+/g, ' ').toLowerCase();
    if (!/\(\s?select\s?$/.test(before)) found.add(`${m[1].toLowerCase()}()`);
  }
  return [...found];
}

export function analyzeSupabase(s: SbSnapshot): Analysis {
  const out: Analysis = { findings: [], skipped: [] };
  withSection(out, 'rls_disabled', s.sbTables, (rows) =>
    rows
      .filter((r) => !r.rls)
      .map((r) =>
        finding(
          'rls_disabled',
          'critical',
          `Table ${q(r.schema, r.table)} is exposed through the API without row-level security`,
          { rls_enabled: false },
          {
            object: q(r.schema, r.table),
            fix: {
              text: 'Enable RLS and add the policies the app needs',
              sql: `ALTER TABLE ${q(r.schema, r.table)} ENABLE ROW LEVEL SECURITY;`,
            },
            docs: `${DOCS}0013_rls_disabled_in_public`,
          },
        ),
      ),
  );
  withSection(out, ['rls_initplan', 'multiple_permissive_policies'], s.sbPolicies, (rows) => policies(rows));
  withSection(out, ['security_definer_view', 'auth_users_exposed'], s.sbViews, (rows) => views(rows));
  withSection(out, 'function_search_path_mutable', s.sbFunctions, (rows) =>
    rows.map((r) =>
      finding(
        'function_search_path_mutable',
        'warning',
        `Function ${q(r.schema, r.name)}(${r.args}) has a role-mutable search_path`,
        { security_definer: r.security_definer },
        {
          object: `${q(r.schema, r.name)}(${r.args})`,
          fix: { text: 'Pin its search_path', sql: `ALTER FUNCTION ${q(r.schema, r.name)}(${r.args}) SET search_path = '';` },
          docs: `${DOCS}0011_function_search_path_mutable`,
        },
      ),
    ),
  );
  return out;
}

const ACTIONS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

function policies(rows: SbPolicyRow[]): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    const calls = [...new Set([...reevaluatedPerRow(r.qual), ...reevaluatedPerRow(r.with_check)])];
    if (calls.length)
      out.push(
        finding(
          'rls_initplan',
          'warning',
          `Policy ${r.policy} on ${q(r.schema, r.table)} re-evaluates ${calls.join(', ')} for each row`,
          { calls: calls.join(', '), cmd: r.cmd },
          {
            object: `${q(r.schema, r.table)} policy ${r.policy}`,
            fix: { text: `Wrap each call in a sub-select, e.g. (select ${calls[0]}), so it runs once per statement` },
            docs: `${DOCS}0003_auth_rls_initplan`,
          },
        ),
      );
  }
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    if (r.permissive !== 'PERMISSIVE') continue;
    for (const role of r.roles)
      for (const action of r.cmd === 'ALL' ? ACTIONS : [r.cmd]) {
        const key = `${r.schema}\u0000${r.table}\u0000${role}\u0000${action}`;
        groups.set(key, [...(groups.get(key) ?? []), r.policy]);
      }
  }
  for (const [key, names] of groups) {
    if (names.length < 2) continue;
    const [schema, table, role, action] = key.split('\u0000');
    out.push(
      finding(
        'multiple_permissive_policies',
        'warning',
        `${q(schema, table)} has ${names.length} permissive ${action} policies for role ${role} (${names.join(', ')}): each is evaluated for every row`,
        { role, action, policies: names.join(', ') },
        {
          object: q(schema, table),
          fix: { text: 'Merge them into one policy with OR-ed conditions' },
          docs: `${DOCS}0006_multiple_permissive_policies`,
        },
      ),
    );
  }
  return out;
}

function views(rows: SbViewRow[]): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    const name = q(r.schema, r.view);
    if (!r.security_invoker)
      out.push(
        finding(
          'security_definer_view',
          'critical',
          `View ${name} runs with its owner’s rights, bypassing the querying user’s RLS`,
          { security_invoker: false },
          {
            object: name,
            fix: { text: 'Make it run with the caller’s rights (PostgreSQL 15+)', sql: `ALTER VIEW ${name} SET (security_invoker = on);` },
            docs: `${DOCS}0010_security_definer_view`,
          },
        ),
      );
    if (r.uses_auth_users && r.exposed_to.length)
      out.push(
        finding(
          'auth_users_exposed',
          'critical',
          `View ${name} exposes auth.users to ${r.exposed_to.join(' and ')}`,
          { exposed_to: r.exposed_to.join(', '), security_invoker: r.security_invoker },
          {
            object: name,
            fix: {
              text: 'Revoke it from the API roles, or move it out of the exposed schema',
              sql: `REVOKE SELECT ON ${name} FROM ${r.exposed_to.join(', ')};`,
            },
            docs: `${DOCS}0002_auth_users_exposed`,
          },
        ),
      );
  }
  return out;
}
