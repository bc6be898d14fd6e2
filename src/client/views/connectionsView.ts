import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../shared/connection';
import type { ConnectionHealth } from '../../shared/health';
import { describeLatency, iconId, keyMetric, relativeTime, themeColor } from './healthPresentation';

export type GroupBy = 'provider' | 'tag' | 'none';

const PROVIDER_LABEL: Record<string, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  mongodb: 'MongoDB',
  firebase: 'Firebase',
  supabase: 'Supabase',
};

type Node =
  | { kind: 'group'; label: string; connections: ConnectionConfig[] }
  | { kind: 'connection'; config: ConnectionConfig }
  | { kind: 'detail'; label: string; description?: string; icon?: string; tooltip?: string };

/** The Connections tree: grouped by provider or tag, each connection with its live health. */
export class ConnectionsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private connections: ConnectionConfig[] = [];
  private readonly health = new Map<string, ConnectionHealth>();

  constructor(private groupBy: GroupBy = 'provider') {}

  setConnections(connections: ConnectionConfig[]): void {
    this.connections = connections;
    const ids = new Set(connections.map((c) => c.id));
    for (const id of [...this.health.keys()]) if (!ids.has(id)) this.health.delete(id);
    this.changed.fire(undefined);
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    this.changed.fire(undefined);
  }

  updateHealth(h: ConnectionHealth): void {
    this.health.set(h.connectionId, h);
    this.changed.fire(undefined);
  }

  getHealth(id: string): ConnectionHealth | undefined {
    return this.health.get(id);
  }

  allHealth(): ConnectionHealth[] {
    return this.connections.map((c) => this.health.get(c.id) ?? { connectionId: c.id, state: 'unknown' as const });
  }

  getConnections(): ConnectionConfig[] {
    return this.connections;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.roots();
    if (node.kind === 'group') return node.connections.map((config) => ({ kind: 'connection', config }));
    if (node.kind === 'connection') return this.details(node.config);
    return [];
  }

  private roots(): Node[] {
    if (this.connections.length === 0) return []; // the welcome content shows
    if (this.groupBy === 'none') return this.connections.map((config) => ({ kind: 'connection', config }));
    const groups = new Map<string, ConnectionConfig[]>();
    for (const c of this.connections) {
      const keys = this.groupBy === 'provider' ? [PROVIDER_LABEL[c.provider] ?? c.provider] : c.tags?.length ? c.tags : ['untagged'];
      for (const k of keys) groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, connections]) => ({ kind: 'group', label, connections }));
  }

  private details(c: ConnectionConfig): Node[] {
    const h = this.health.get(c.id);
    const out: Node[] = [];
    if (h?.diagnosis)
      out.push({
        kind: 'detail',
        label: h.diagnosis.category,
        description: h.diagnosis.rootCause,
        icon: 'lightbulb',
        tooltip: h.diagnosis.fixes.join('\n'),
      });
    if (h?.skippedReason) out.push({ kind: 'detail', label: 'Not probed', description: h.skippedReason, icon: 'circle-slash' });
    const r = h?.result;
    if (r) {
      const t = r.timings;
      const phases = [
        ['dns', t.dnsMs],
        ['tcp', t.connectMs],
        ['tls', t.tlsMs],
        ['auth', t.authMs],
        ['query', t.firstQueryMs],
      ]
        .filter(([, v]) => typeof v === 'number')
        .map(([k, v]) => `${k} ${Math.round(v as number)}`)
        .join(' · ');
      out.push({
        kind: 'detail',
        label: 'Latency',
        description: `${Math.round(t.totalMs)} ms${phases ? ` (${phases})` : ''}`,
        icon: 'dashboard',
      });
      if (r.serverVersion) out.push({ kind: 'detail', label: 'Server', description: r.serverVersion, icon: 'server' });
      out.push({
        kind: 'detail',
        label: 'TLS',
        description: r.tls ? `${r.tls.protocol ?? 'on'}${r.tls.cipher ? ` ${r.tls.cipher}` : ''}` : 'off',
        icon: r.tls ? 'lock' : 'unlock',
      });
      const metric = keyMetric(h);
      if (metric) out.push({ kind: 'detail', label: 'Load', description: metric, icon: 'graph' });
      for (const w of r.warnings ?? []) out.push({ kind: 'detail', label: 'Warning', description: w, icon: 'warning' });
    }
    const p = h?.prediction?.prediction;
    if (p && p.risk_level !== 'HEALTHY')
      out.push({
        kind: 'detail',
        label: 'Prediction',
        description: `${p.risk_level} ${p.failure_probability}%: ${p.root_cause}`,
        icon: 'telescope',
        tooltip: p.preventive_actions.join('\n'),
      });
    if (h?.breaker && h.breaker !== 'CLOSED')
      out.push({ kind: 'detail', label: 'Circuit', description: h.breaker, icon: 'debug-disconnect' });
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.connections.length}`;
      item.contextValue = 'group';
      return item;
    }
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.description;
      item.tooltip = node.tooltip ?? node.description;
      if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = 'detail';
      return item;
    }
    const c = node.config;
    const h = this.health.get(c.id);
    const state = h?.state ?? 'unknown';
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `connection:${c.id}`;
    const color = themeColor(state);
    item.iconPath = new vscode.ThemeIcon(iconId(state), color ? new vscode.ThemeColor(color) : undefined);
    item.description = [state === 'unknown' ? undefined : state, describeLatency(h), h?.diagnosis?.category].filter(Boolean).join(' · ');
    item.tooltip = this.tooltip(c, h);
    item.contextValue = 'connection';
    item.command = { command: 'dbpulse.showDetails', title: 'Show Details', arguments: [c.id] };
    return item;
  }

  private tooltip(c: ConnectionConfig, h: ConnectionHealth | undefined): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(c.name)}** — ${PROVIDER_LABEL[c.provider] ?? c.provider}`);
    if (c.scope) md.appendMarkdown(` _(${c.scope} settings)_`);
    md.appendMarkdown('\n\n');
    const rows: string[] = [];
    rows.push(`State: ${h?.state ?? 'not probed yet'}`);
    if (h?.result) rows.push(`Last probe: ${relativeTime(h.result.startedAt, Date.now())}, ${Math.round(h.result.timings.totalMs)} ms`);
    const metric = keyMetric(h);
    if (metric) rows.push(`Load: ${metric}`);
    if (h?.diagnosis) rows.push(`Cause (${h.diagnosis.category}): ${h.diagnosis.rootCause}`);
    if (h?.skippedReason) rows.push(`Not probed: ${h.skippedReason}`);
    const p = h?.prediction?.prediction;
    if (p) {
      const ttf = p.time_to_failure_hours === null ? '' : `, time to failure ≈ ${p.time_to_failure_hours} h`;
      rows.push(`Prediction: ${p.risk_level} (${p.failure_probability}%${ttf}): ${p.root_cause}`);
    }
    rows.push(`Circuit breaker: ${h?.breaker ?? 'CLOSED'}`);
    if (h?.nextProbeAt) rows.push(`Next probe: ${new Date(h.nextProbeAt).toLocaleTimeString()}`);
    md.appendMarkdown(rows.map((r) => `- ${escapeMd(r)}`).join('\n'));
    return md;
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
