/**
 * What the CLI writes passes two filters (one place, so every command gets them):
 *
 * - Standard error goes through the one redactor (../server/secrets): a driver message or a
 *   usage error that echoes a connection string with its password never reaches the terminal
 *   or a CI log with the password in it. Text the CLI itself wrote (a command's usage, which
 *   says things like "DBPULSE_API_KEY: arguments are visible") is passed as `verbatim` and is
 *   never masked. Standard output is left as the commands write it (JSON, SARIF and reports
 *   are built from values that are already redacted, and masking inside them would corrupt
 *   hashes and fingerprints).
 * - Both streams have terminal control characters escaped (../shared/controlChars), so an
 *   escape sequence inside a linted file or a server's message is shown, not executed. JSON
 *   and SARIF keep their values (see escapeControlChars).
 */
import { makeRedactor } from '../server/secrets';
import { escapeControlChars } from '../shared/controlChars';
import type { CliIo } from './io';

export function withRedactedStderr(io: CliIo, verbatim: readonly string[] = []): CliIo {
  const redact = makeRedactor();
  const keep = verbatim.filter((v) => v.length > 0);
  const filter = (text: string): string => {
    for (const v of keep) {
      const at = text.indexOf(v);
      if (at >= 0) return filter(text.slice(0, at)) + v + filter(text.slice(at + v.length));
    }
    return redact(text);
  };
  return { ...io, stderr: (text: string) => io.stderr(filter(text)) };
}

export function withEscapedControls(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (text: string) => io.stdout(escapeControlChars(text)),
    stderr: (text: string) => io.stderr(escapeControlChars(text)),
  };
}
