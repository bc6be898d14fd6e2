/** Positions in a text, zero-based like LSP: character offsets count UTF-16 code units. Structurally LSP's own. */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}
