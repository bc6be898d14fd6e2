/**
 * Where the incident book is kept between runs (`incidents.json` beside the monitoring state):
 * open incidents, quiet periods, acknowledgements and snoozes, so a restart in the middle of an
 * incident neither re-alerts nor forgets an acknowledgement. Writes are atomic and serialised; a
 * file that cannot be read or parsed is reported and monitoring starts with an empty book.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { errorMessage } from '../../../shared/errors';
import { writeFileAtomic } from '../../store/fsUtil';
import type { IncidentState } from './incidents';

export const INCIDENTS_FILE = 'incidents.json';

export class IncidentFile {
  readonly file: string;
  private writing: Promise<void> = Promise.resolve();
  private latest: IncidentState | undefined;

  constructor(dir: string) {
    this.file = path.join(dir, INCIDENTS_FILE);
  }

  /** The saved state (to hand to `RuleAlerting.restore`), or why there is none. */
  async load(): Promise<{ state?: unknown; warning?: string }> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { warning: `cannot read ${this.file}: ${errorMessage(err)}` };
    }
    try {
      return { state: JSON.parse(text) as unknown };
    } catch (err) {
      return { warning: `${this.file} is not valid JSON (${errorMessage(err)}): starting with no open incidents` };
    }
  }

  /** Saves the latest state; calls made while a write runs collapse into one write of the newest. */
  save(state: IncidentState, onError: (message: string) => void): Promise<void> {
    const pending = this.latest !== undefined;
    this.latest = state;
    if (pending) return this.writing;
    this.writing = this.writing.then(async () => {
      const s = this.latest;
      this.latest = undefined;
      if (!s) return;
      try {
        await fsp.mkdir(path.dirname(this.file), { recursive: true });
        writeFileAtomic(this.file, `${JSON.stringify(s)}\n`);
      } catch (err) {
        onError(`incidents not saved to ${this.file}: ${errorMessage(err)}`);
      }
    });
    return this.writing;
  }

  /** Waits for the writes in flight. */
  flush(): Promise<void> {
    return this.writing;
  }
}
