// The real PostgreSQL 15 of one editor run: test/e2e/lib/pgForEditor.ts run through tsx as a child
// process (it prints its facts as one JSON line and stops the server when its stdin closes).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const HELPER = path.join(here, 'pgForEditor.ts');
const REPO_ROOT = path.resolve(here, '..', '..', '..');

/**
 * Starts the helper and resolves once it printed its line:
 * `{ facts: {host, port, pid, user, password, database} | undefined, skip: string | undefined, stop() }`.
 * Rejects (after stopping the helper) when it fails or says nothing within `timeoutMs`, and, when
 * DBPULSE_E2E_REQUIRE_PG=1 (CI, where PostgreSQL 15 is installed), when PostgreSQL cannot run: the
 * live-database tests must not quietly skip there.
 */
export function startLivePostgres({ timeoutMs = 90_000, log = () => undefined } = {}) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', 'tsx', HELPER], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let exited = null;
  const exitedP = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const stop = async () => {
    if (exited) return;
    child.stdin.end(); // the helper stops PostgreSQL and deletes its folder
    const t = setTimeout(() => child.kill('SIGTERM'), 25_000);
    const k = setTimeout(() => child.kill('SIGKILL'), 40_000);
    await exitedP;
    clearTimeout(t);
    clearTimeout(k);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().finally(() => reject(new Error(`${why}${stderr.trim() ? `\n${stderr.trim().split('\n').slice(-10).join('\n')}` : ''}`)));
    };
    const timer = setTimeout(() => fail(`the PostgreSQL helper said nothing within ${timeoutMs} ms`), timeoutMs);
    child.stdout.on('data', (c) => {
      if (settled) return;
      out += c;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      let line;
      try {
        line = JSON.parse(out.slice(0, nl));
      } catch {
        return fail(`the PostgreSQL helper printed no JSON: ${out.slice(0, 200)}`);
      }
      if (!line.ok && process.env.DBPULSE_E2E_REQUIRE_PG === '1') {
        return fail(`PostgreSQL for the editor cannot run (${line.skip}) and DBPULSE_E2E_REQUIRE_PG=1`);
      }
      settled = true;
      clearTimeout(timer);
      if (!line.ok) {
        log(`PostgreSQL for the editor: skipped (${line.skip})`);
        resolve({ facts: undefined, skip: String(line.skip), stop });
        return;
      }
      const { ok: _ok, ...facts } = line;
      log(`PostgreSQL for the editor on 127.0.0.1:${facts.port} (postmaster pid ${facts.pid})`);
      resolve({ facts, skip: undefined, stop });
    });
    child.once('error', (err) => fail(`the PostgreSQL helper did not start: ${err.message}`));
    child.once('exit', (code, signal) => fail(`the PostgreSQL helper exited (${code ?? signal}) before reporting`));
  });
}
