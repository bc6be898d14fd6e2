/**
 * Watches the monitor's config file (I/O) and calls back once per real change: the folder is
 * watched (editors and `kubectl` replace a file by renaming a new one over it, which a watch
 * on the file itself stops seeing), events are debounced, and a change whose content is the
 * same as the last one seen (a touch, a rewrite with the same bytes) is not reported.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ConfigWatcher {
  close(): void;
}

export interface WatchOptions {
  debounceMs?: number;
  /** Told when the folder cannot be watched (the monitor goes on; SIGHUP still reloads). */
  onError?: (message: string) => void;
}

function digest(file: string): string | undefined {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

export function watchConfigFile(file: string, onChange: () => void, o: WatchOptions = {}): ConfigWatcher {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let last = digest(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  const check = (): void => {
    timer = undefined;
    const now = digest(file);
    if (now === undefined || now === last) return;
    last = now;
    onChange();
  };
  try {
    watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
      if (name !== null && name.toString() !== base) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(check, o.debounceMs ?? 300);
    });
    watcher.on('error', (err) => o.onError?.(`watching ${dir} stopped: ${err.message}`));
  } catch (err) {
    o.onError?.(`cannot watch ${dir} for config changes (${(err as Error).message}); send SIGHUP to reload`);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
