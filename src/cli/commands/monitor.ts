import type { Subcommand } from '../main';

/** Placeholder until the monitor work lands: says so and exits 2 (never pretends to succeed). */
export const command: Subcommand = {
  summary: 'monitor',
  usage: 'dbpulse monitor: not available in this build yet',
  async run(_args, io) {
    io.stderr('dbpulse monitor: not available in this build yet\n');
    return 2;
  },
};
