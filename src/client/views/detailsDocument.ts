import * as vscode from 'vscode';
import type { ConnectionsView } from './connectionsView';
import { keyMetric, relativeTime } from './healthPresentation';

const SCHEME = 'dbpulse-details';

/** "Show Details": a read-only Markdown document per connection, re-rendered on every probe. */
export class DetailsDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly view: ConnectionsView) {}

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  private uri(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: SCHEME, path: `/${id}.md` });
  }

  async show(id: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uri(id));
    await vscode.commands
      .executeCommand('markdown.showPreview', doc.uri)
      .then(undefined, () => vscode.window.showTextDocument(doc, { preview: true }));
  }

  update(id: string): void {
    this.changed.fire(this.uri(id));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const c = this.view.getConnections().find((x) => x.id === id);
    if (!c) return `# Unknown connection\n\nNo connection with id \`${id}\` is configured.`;
    const h = this.view.getHealth(id);
    const r = h?.result;
    const lines = [
      `# ${c.name}`,
      '',
      `Provider: **${c.provider}** · id \`${c.id}\`${c.tags?.length ? ` · tags ${c.tags.join(', ')}` : ''}`,
      '',
    ];
    lines.push(`## Health: ${h?.state ?? 'not probed yet'}`, '');
    if (h?.skippedReason) lines.push(`Not probed: ${h.skippedReason}`, '');
    if (h?.diagnosis) {
      lines.push(`**${h.diagnosis.category}** (confidence ${Math.round(h.diagnosis.confidence * 100)}%): ${h.diagnosis.rootCause}`, '');
      h.diagnosis.fixes.forEach((f, i) => lines.push(`${i + 1}. ${f}`));
      if (h.diagnosis.docsUrl) lines.push('', `[Provider documentation](${h.diagnosis.docsUrl})`);
      lines.push('');
    }
    if (r) {
      lines.push(`Last probe ${relativeTime(r.startedAt, Date.now())} (${new Date(r.startedAt).toISOString()})`, '');
      lines.push('| phase | ms |', '|---|---|');
      const t = r.timings;
      for (const [k, v] of [
        ['DNS', t.dnsMs],
        ['TCP connect', t.connectMs],
        ['TLS handshake', t.tlsMs],
        ['Authentication', t.authMs],
        ['First query', t.firstQueryMs],
        ['Total', t.totalMs],
      ] as const)
        if (typeof v === 'number') lines.push(`| ${k} | ${v.toFixed(1)} |`);
      lines.push(
        '',
        `Server: ${r.serverVersion ?? 'unknown'} · TLS: ${r.tls ? `${r.tls.protocol ?? 'on'} ${r.tls.cipher ?? ''}` : 'off'}`,
        '',
      );
      const metric = keyMetric(h);
      if (metric) lines.push(`Load: ${metric}`, '');
      const entries = Object.entries(r.metrics).filter(([k]) => k !== 'metrics_skipped');
      if (h?.metricsAt && h.metricsAt !== r.startedAt)
        lines.push(`Metrics read ${relativeTime(h.metricsAt, Date.now())} (between metric reads a probe checks liveness only)`, '');
      if (entries.length) {
        lines.push('| metric | value |', '|---|---|');
        for (const [k, v] of entries) lines.push(`| ${k} | ${String(v)} |`);
        lines.push('');
      }
      for (const w of r.warnings ?? []) lines.push(`> ⚠ ${w}`, '');
      if (r.error) lines.push('```', r.error.message, '```');
    }
    const pred = h?.prediction;
    if (pred) {
      const x = pred.prediction;
      lines.push('', `## Prediction: ${x.risk_level}`, '');
      lines.push(
        `Failure probability ${x.failure_probability}% · confidence ${x.confidence_score}% · failure rate ${pred.failure_rate} · average response ${pred.avg_response_time} (${pred.response_time_trend})`,
      );
      if (x.time_to_failure_hours !== null) {
        const iv = x.time_to_failure_interval_hours;
        lines.push('', `Time to failure ≈ ${x.time_to_failure_hours} h${iv ? ` (90%: ${iv[0]}–${iv[1] ?? '∞'} h)` : ''}: ${x.root_cause}`);
      } else lines.push('', `Root cause: ${x.root_cause}`);
      if (x.preventive_actions.length) lines.push('', ...x.preventive_actions.map((a) => `- ${a}`));
    }
    lines.push('', `Circuit breaker: ${h?.breaker ?? 'CLOSED'}`);
    return lines.join('\n');
  }
}
