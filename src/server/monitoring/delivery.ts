/**
 * What every alert stage does the same way: the channels the checked settings describe (secrets
 * asked at send time), sends tracked so shutdown can wait for them (at most DISPOSE_WAIT_MS), and
 * the test alert through every channel.
 */
import type { AlertChannelOutcome } from '../../shared/alertSettings';
import type { CheckedAlertSettings } from '../../shared/alertSettingsCheck';
import { buildChannels, type AlertChannel } from '../alerts/channels';
import { renderAlert } from '../alerts/render';
import type { TimerHandle } from '../engine/clock';
import type { AlertStageDeps } from './alertStage';

export const NOT_USABLE = 'not used: defined by this workspace, which is in Restricted Mode';
/** Shutdown waits for sends in flight at most this long (each send has its own timeouts). */
export const DISPOSE_WAIT_MS = 5000;

export class AlertDelivery {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly deps: AlertStageDeps) {}

  channels(settings: CheckedAlertSettings): AlertChannel[] {
    return buildChannels(settings, (target) => () => this.deps.secret(target), this.deps.version);
  }

  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  async sendTest(settings: CheckedAlertSettings): Promise<AlertChannelOutcome[]> {
    const rendered = renderAlert(
      { event: 'test', connectionId: 'test-alert', at: this.deps.clock.now(), state: 'up' },
      {},
      this.deps.version,
    );
    return Promise.all(
      this.channels(settings).map(async (c) => {
        if (!this.deps.usable(c)) return { channel: c.name, ok: false, detail: NOT_USABLE };
        const o = await this.track(c.send(rendered));
        return { channel: c.name, ok: o.ok, detail: o.detail };
      }),
    );
  }

  /** Waits for the sends in flight (and `more`), at most DISPOSE_WAIT_MS. */
  async settle(more: ReadonlyArray<Promise<unknown> | undefined> = []): Promise<void> {
    let wait: TimerHandle | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending, ...more]),
      new Promise<void>((r) => (wait = this.deps.clock.setTimer(r, DISPOSE_WAIT_MS))),
    ]);
    wait?.cancel();
  }
}
