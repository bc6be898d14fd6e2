/**
 * Terminal control characters in text that came from files, servers or users (an OSC
 * sequence in a .env value, an ESC in a driver message) would be acted on by the terminal:
 * retitling it, moving the cursor, hiding lines. `escapeControlChars` writes each of them
 * as a visible `\uXXXX` escape instead (pure).
 *
 * Escaped: C0 controls except tab and newline (so CR, ESC, BEL, backspace), DEL, and the C1
 * controls U+0080-U+009F (U+009B is CSI on terminals that take 8-bit controls). The `\uXXXX`
 * form is also a JSON escape: applied to JSON text it changes no value (JSON.stringify never
 * writes raw C0 controls, and a raw DEL or C1 character can only be inside a string).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
