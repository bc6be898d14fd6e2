import type { Subcommand } from '../main';

/** Placeholder until the diagnose work lands: says so and exits 2 (never pretends to succeed). */
export const command: Subcommand = {
  summary: 'diagnose',
  usage: 'dbpulse diagnose: not available in this build yet',
  async run(_args, io) {
    io.stderr('dbpulse diagnose: not available in this build yet\n');
    return 2;
  },
};
