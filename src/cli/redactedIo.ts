/**
 * The CLI's error stream goes through the one redactor (../server/secrets): a driver message or a
 * usage error that echoes a connection string with its password never reaches the terminal or a CI
 * log with the password in it. Standard output is left as the commands write it (JSON, SARIF and
 * reports are built from values that are already redacted, and masking inside them would corrupt
 * hashes and fingerprints).
 */
import { makeRedactor } from '../server/secrets';
import type { CliIo } from './io';

export function withRedactedStderr(io: CliIo): CliIo {
  const redact = makeRedactor();
  return { ...io, stderr: (text: string) => io.stderr(redact(text)) };
}
