import type { Subcommand } from '../main';

/** Placeholder until the anomaly work lands: says so and exits 2 (never pretends to succeed). */
export const command: Subcommand = {
  summary: 'anomaly',
  usage: 'dbpulse anomaly: not available in this build yet',
  async run(_args, io) {
    io.stderr('dbpulse anomaly: not available in this build yet\n');
    return 2;
  },
};
