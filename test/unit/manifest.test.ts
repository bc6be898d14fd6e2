import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_DEFAULTS } from '../../src/server/engine/defaults';
import { MONITORING_SETTING_KEYS } from '../../src/shared/monitoringSettings';
import { registeredCommandIds } from '../support/commandRegistrations';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const clientSources = (): Array<{ file: string; text: string }> => {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push({ file: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(root, 'src/client'));
  return out;
};

describe('extension manifest', () => {
  it('is named dbpulse / DB Pulse and targets the oldest tested editor', () => {
    assert.equal(pkg.name, 'dbpulse');
    assert.equal(pkg.displayName, 'DB Pulse');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.main, './dist/client.js');
    assert.equal(pkg.bin.dbpulse, './dist/cli.js');
  });

  it('activates lazily: never on *, and on the config files the server diagnoses', () => {
    const events: string[] = pkg.activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
    for (const name of ['.env', 'docker-compose', 'schema.prisma', 'supabase/config.toml', 'firebase.json'])
      assert.ok(
        events.some((e) => e.startsWith('workspaceContains:') && e.includes(name)),
        `no activation on ${name}`,
      );
    assert.ok(events.includes('onView:dbpulse.connections'));
  });

  it('puts every command in the DB Pulse category and registers each one in the client', function () {
    this.timeout(20_000); // parses every client file with TypeScript's parser
    const registered = registeredCommandIds(clientSources());
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'DB Pulse', c.command);
      assert.ok(registered.has(c.command), `${c.command} is contributed but never registered in src/client`);
    }
  });

  it('menus and welcome content name only contributed commands', () => {
    const ids = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const [where, items] of Object.entries(pkg.contributes.menus) as Array<[string, Array<{ command: string }>]>)
      for (const i of items) assert.ok(ids.has(i.command), `${where} names ${i.command}`);
    const welcome: string = pkg.contributes.viewsWelcome.map((w: { contents: string }) => w.contents).join('\n');
    for (const m of welcome.matchAll(/command:([\w.]+)/g)) assert.ok(ids.has(m[1]), `welcome content names ${m[1]}`);
    assert.match(welcome, /\[Add Connection\]/);
    assert.match(welcome, /\[Scan Workspace for Connections\]/);
  });

  it('every setting is under dbpulse.* with a type, a default and a description', () => {
    for (const [key, def] of Object.entries(pkg.contributes.configuration.properties) as Array<[string, Record<string, unknown>]>) {
      assert.ok(key.startsWith('dbpulse.'), key);
      assert.ok('type' in def, `${key} has no type`);
      assert.ok('default' in def, `${key} has no default`);
      assert.ok(def.description || def.markdownDescription, `${key} has no description`);
    }
  });

  it('declares limited support in Restricted Mode, with connection settings restricted', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.ok(u.restrictedConfigurations.includes('dbpulse.connections'));
  });

  it("offers every user-settable engine setting with the engine's own default", () => {
    for (const key of MONITORING_SETTING_KEYS) {
      const def = pkg.contributes.configuration.properties[`dbpulse.monitoring.${key}`];
      assert.ok(def, `dbpulse.monitoring.${key} is not contributed`);
      assert.equal(def.default, ENGINE_DEFAULTS[key], key);
    }
  });
});
