import type { Subcommand } from '../main';

/** Placeholder until the history work lands: says so and exits 2 (never pretends to succeed). */
export const command: Subcommand = {
  summary: 'history',
  usage: 'dbpulse history: not available in this build yet',
  async run(_args, io) {
    io.stderr('dbpulse history: not available in this build yet\n');
    return 2;
  },
};
