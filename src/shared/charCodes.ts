/**
 * Character codes the hand-written scanners compare against (`text.charCodeAt(i) === Ch.HASH`),
 * named so a reader need not know that 35 is '#'.
 */
export const Ch = {
  TAB: 0x09,
  LF: 0x0a,
  VT: 0x0b,
  FF: 0x0c,
  CR: 0x0d,
  SPACE: 0x20,
  DOUBLE_QUOTE: 0x22,
  HASH: 0x23,
  DOLLAR: 0x24,
  PERCENT: 0x25,
  SINGLE_QUOTE: 0x27,
  CLOSE_PAREN: 0x29,
  COMMA: 0x2c,
  COLON: 0x3a,
  SEMICOLON: 0x3b,
  LESS_THAN: 0x3c,
  EQUALS: 0x3d,
  GREATER_THAN: 0x3e,
  AT: 0x40,
  UPPER_A: 0x41,
  UPPER_Z: 0x5a,
  OPEN_BRACKET: 0x5b,
  CLOSE_BRACKET: 0x5d,
  UNDERSCORE: 0x5f,
  BACKTICK: 0x60,
  LOWER_E: 0x65,
  OPEN_BRACE: 0x7b,
  CLOSE_BRACE: 0x7d,
  /** Non-breaking space. */
  NBSP: 0xa0,
  /** Byte-order mark / zero-width no-break space. */
  BOM: 0xfeff,
} as const;
