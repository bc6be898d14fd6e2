/**
 * One line for a user or a log from anything thrown: an Error's message, a JSON-RPC error's message
 * without the "Request <method> failed with message: " wrapper the client library adds (the user
 * wants the server's own words), or the value as text.
 */
export function errorMessage(err: unknown): string {
  let text: string;
  if (err instanceof Error) text = err.message;
  else if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string')
    text = (err as { message: string }).message;
  else text = String(err);
  return text.replace(/^Request \S+ failed with message: /, '');
}
