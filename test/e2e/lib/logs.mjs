// Checks of what the extension wrote to its log (the "DB Pulse" LogOutputChannel) during a run.
// code-server keeps it at <user-data>/logs/<session>/exthost<N>/dbpulse.dbpulse/*.log.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every log file of the DB Pulse output channel under a user-data folder. */
export function extensionLogFiles(userDataDir, extensionId = 'dbpulse.dbpulse') {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return [];
  return fs
    .readdirSync(logs, { recursive: true })
    .map(String)
    .filter((f) => f.split(path.sep).includes(extensionId) && f.endsWith('.log'))
    .map((f) => path.join(logs, f));
}

/**
 * Mocha-like results: the channel logged no `[error]` lines, and never the fixture's password.
 * @param {string} userDataDir
 * @param {string[]} secrets literal secrets of the fixture workspace that must never be logged
 */
export function checkExtensionLog(userDataDir, secrets) {
  const files = extensionLogFiles(userDataDir);
  const lines = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'));
  const group = 'the DB Pulse log';
  const result = (title, problem) => ({
    title,
    fullTitle: `${group} ${title}`,
    titlePath: [group, title],
    state: problem ? 'failed' : 'passed',
    durationMs: 0,
    ...(problem ? { error: { message: problem } } : {}),
  });
  if (!files.length) return [result('exists', `no log of the DB Pulse output channel under ${userDataDir}/logs`)];
  const errors = lines.filter((l) => /^\S+ \S+ \[error\]/.test(l));
  const leaks = lines.filter((l) => secrets.some((s) => l.includes(s)));
  return [
    result('holds no errors', errors.length ? `${errors.length} error line(s), first: ${errors.slice(0, 3).join(' | ')}` : null),
    result('never holds a secret of the workspace', leaks.length ? `${leaks.length} line(s) hold a secret of the fixture` : null),
  ];
}
