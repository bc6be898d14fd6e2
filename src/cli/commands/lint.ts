import type { Subcommand } from '../main';

/** Placeholder until the lint work lands: says so and exits 2 (never pretends to succeed). */
export const command: Subcommand = {
  summary: 'lint',
  usage: 'dbpulse lint: not available in this build yet',
  async run(_args, io) {
    io.stderr('dbpulse lint: not available in this build yet\n');
    return 2;
  },
};
