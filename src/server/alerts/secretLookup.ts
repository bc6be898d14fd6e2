/**
 * A channel's secret as asked from the editor at send time, with the three answers kept apart:
 * a secret, no secret set, or a lookup that FAILED (no client answered, Secret Storage locked or
 * erroring). A failed lookup never becomes "no secret": a webhook would then go out unsigned and
 * a receiver that checks signatures would take it for forged, or worse, one that does not would
 * accept a message nobody vouched for. Pure apart from the `ask` it is given.
 */
import { errorMessage } from '../../shared/errors';
import type { SendOutcome } from './webhook';

export type SecretLookup = { state: 'set'; value: string } | { state: 'unset' } | { state: 'failed'; reason: string };

export async function lookUpSecret(ask: () => Promise<string | null | undefined>): Promise<SecretLookup> {
  try {
    const v = await ask();
    return typeof v === 'string' && v.length > 0 ? { state: 'set', value: v } : { state: 'unset' };
  } catch (err) {
    return { state: 'failed', reason: errorMessage(err) };
  }
}

/**
 * Sends with the secret when it was read (or none is set); when the lookup failed, sends nothing
 * and says why. `what` names the channel and secret for the outcome ("webhook:ops signing secret").
 */
export async function sendWithSecret(
  ask: () => Promise<string | null | undefined>,
  what: string,
  send: (secret: string | null) => Promise<SendOutcome>,
): Promise<SendOutcome> {
  const lookup = await lookUpSecret(ask);
  if (lookup.state === 'failed')
    return { ok: false, attempts: 0, detail: `not sent: the ${what} could not be read from Secret Storage (${lookup.reason})` };
  return send(lookup.state === 'set' ? lookup.value : null);
}
