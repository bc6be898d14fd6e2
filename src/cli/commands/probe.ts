import type { Subcommand } from '../main';

/** Placeholder until the probe work lands: says so and exits 2 (never pretends to succeed). */
export const command: Subcommand = {
  summary: 'probe',
  usage: 'dbpulse probe: not available in this build yet',
  async run(_args, io) {
    io.stderr('dbpulse probe: not available in this build yet\n');
    return 2;
  },
};
