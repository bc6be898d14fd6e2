import * as assert from 'node:assert/strict';

/** Fails when any of `secrets` appears anywhere in `value` (serialised as JSON). */
export function assertNoSecret(value: unknown, ...secrets: string[]): void {
  const text = JSON.stringify(value);
  for (const s of secrets) assert.ok(!text.includes(s), `result leaks a secret: ${text}`);
}
