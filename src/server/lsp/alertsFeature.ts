/**
 * LSP glue for alert channels: feeds the engine's health and breaker
 * transitions and the forecasts into the alert policy, renders what fires and
 * sends it to the webhooks and email the client configured. Secrets (signing
 * secrets, SMTP password) are asked from the client's SecretStorage at send
 * time and dropped after. Restricted Mode: channels defined by the workspace
 * never send. With two windows on one workspace, only the one that writes the
 * history sends (the other probes too, and would repeat every alert). A failed
 * send is logged, never thrown.
 */
import type { AlertChannelOutcome, AlertSecretTarget } from '../../shared/alertSettings';
import { buildChannels, type AlertChannel } from '../alerts/channels';
import { GetAlertSecretRequest, SendTestAlertRequest, SetAlertSettingsRequest } from '../../shared/protocol';
import { checkAlertSettings, urlOrigin, type CheckedAlertSettings } from '../../shared/alertSettingsCheck';
import { AlertPolicy, channelAccepts, type AlertDecision, type PolicyInput } from '../alerts/policy';
import { renderAlert, type AlertContext } from '../alerts/render';
import type { ConnectionsFeature } from './connectionsFeature';
import type { FeatureContext } from './context';
import type { MonitoringFeature } from './monitoringFeature';
import { errorMessage } from '../../shared/errors';

export interface AlertsFeature {
  dispose(): Promise<void>;
}

const RESTRICTED = 'not used: defined by this workspace, which is in Restricted Mode';

export function registerAlertsFeature(
  ctx: FeatureContext,
  connections: ConnectionsFeature,
  monitoring: MonitoringFeature,
  version: string,
): AlertsFeature {
  const { connection } = ctx;
  const log = (m: string): void => connection.console.info(`DB Pulse alerts: ${m}`);
  const warn = (m: string): void => connection.console.warn(`DB Pulse alerts: ${m}`);
  let settings: CheckedAlertSettings = checkAlertSettings({ webhooks: [] });
  const policy = new AlertPolicy({ quietPeriodMs: settings.quietPeriodMs });
  const pending = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;

  // A failed lookup rejects (sendWithSecret then sends nothing); only the client's `null` means "no secret set".
  const secret = (target: AlertSecretTarget) => (): Promise<string | null> => connection.sendRequest(GetAlertSecretRequest.type, target);

  const channels = (): AlertChannel[] => buildChannels(settings, secret, version);
  const usable = (c: AlertChannel): boolean => ctx.options().workspaceTrusted || c.scope === 'user';

  const contextFor = (connectionId: string): AlertContext => {
    const config = connections.connections().find((c) => c.id === connectionId);
    const { result, diagnosis, prediction } = monitoring.latest(connectionId);
    const out: AlertContext = {};
    if (config) out.connection = config;
    if (result) out.result = result;
    if (diagnosis) out.diagnosis = diagnosis;
    if (prediction) out.prediction = prediction;
    return out;
  };

  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  const dispatch = (d: AlertDecision): void => {
    if (!settings.enabled) return;
    const alertCtx = contextFor(d.connectionId);
    const targets = channels().filter(
      (c) => usable(c) && channelAccepts(c.name, c.filter, { event: d.event, connectionTags: alertCtx.connection?.tags }),
    );
    if (!targets.length) return;
    const rendered = renderAlert(d, alertCtx, version);
    void track(
      monitoring.primary().then(async (primary) => {
        if (!primary) return log(`${d.event} of ${d.connectionId} left to the window that writes this workspace's history`);
        await Promise.all(
          targets.map((c) =>
            track(c.send(rendered)).then((o) =>
              o.ok
                ? log(`${d.event} of ${d.connectionId} sent to ${c.name} (${o.detail})`)
                : warn(`${d.event} of ${d.connectionId} not delivered to ${c.name}: ${o.detail}`),
            ),
          ),
        );
      }),
    );
  };

  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const due = policy.nextDueAt();
    if (due === undefined) return;
    timer = setTimeout(() => feed({ kind: 'tick', at: Date.now() }), Math.max(0, due - Date.now()));
    timer.unref();
  };

  const feed = (input: PolicyInput): void => {
    try {
      for (const d of policy.step(input)) dispatch(d);
    } catch (err) {
      warn(`policy: ${errorMessage(err)}`);
    }
    arm();
  };

  monitoring.onEngineEvent((e) => {
    if (e.type === 'health')
      feed({ kind: 'health', connectionId: e.connectionId, at: e.at, from: e.from === 'unknown' ? null : e.from, to: e.to });
    else if (e.type === 'breaker') feed({ kind: 'breaker', connectionId: e.connectionId, at: e.at, to: e.to });
  });
  monitoring.onPrediction((id, p, state) =>
    feed({
      kind: 'prediction',
      connectionId: id,
      at: Date.now(),
      riskLevel: p.prediction.risk_level,
      confidence: p.prediction.confidence_score,
      state,
    }),
  );
  connections.onConnectionsChanged((list) => {
    policy.retain(new Set(list.map((c) => c.id)));
    arm();
  });

  connection.onRequest(SetAlertSettingsRequest.type, ({ settings: raw, changed }) => {
    settings = checkAlertSettings(raw);
    policy.setQuietPeriod(settings.quietPeriodMs);
    for (const p of settings.problems) warn(p);
    if (changed)
      monitoring.audit('alerts_configured', undefined, {
        enabled: settings.enabled,
        quietPeriodMinutes: settings.quietPeriodMs / 60_000,
        webhooks: settings.webhooks.map((w) => `${w.id} ${urlOrigin(w.url)}`).join(', ') || null,
        email: settings.email ? settings.email.to.length : 0,
        problems: settings.problems.length,
      });
    return { problems: settings.problems };
  });

  connection.onRequest(SendTestAlertRequest.type, async () => {
    const rendered = renderAlert({ event: 'test', connectionId: 'test-alert', at: Date.now(), state: 'up' }, {}, version);
    const outcomes: AlertChannelOutcome[] = await Promise.all(
      channels().map(async (c) => {
        if (!usable(c)) return { channel: c.name, ok: false, detail: RESTRICTED };
        const o = await track(c.send(rendered));
        return { channel: c.name, ok: o.ok, detail: o.detail };
      }),
    );
    monitoring.audit('test_alert_sent', undefined, {
      delivered: outcomes.filter((o) => o.ok).length,
      failed: outcomes.filter((o) => !o.ok).length,
    });
    return { outcomes, problems: settings.problems };
  });

  return {
    async dispose() {
      if (timer) clearTimeout(timer);
      // Sends in flight get their own timeouts; shutdown waits for them at most 5 s.
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 5000).unref())]);
    },
  };
}
