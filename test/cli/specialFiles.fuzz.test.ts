/**
 * Issue 11 items 1, 2 and the file-reader class: `dbpulse lint` (the built CLI) and the
 * language server's workspace scan, over workspaces where the usual config names are
 * special files (FIFO, device, socket, directory, symlink loop, unreadable), in random
 * combinations. Neither may hang or crash; the regular file beside them is still linted.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { SecurityReportRequest } from '../../src/shared/protocol';
import { startServer } from '../lsp/harness';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const NAMES = ['.env', '.gitignore', 'prisma/schema.prisma', 'docker-compose.yml', '.env.production'];
const KINDS = ['fifo', 'device', 'socket', 'directory', 'loop', 'unreadable'] as const;
type Kind = (typeof KINDS)[number];

async function make(dir: string, name: string, kind: Kind, servers: net.Server[]): Promise<void> {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  switch (kind) {
    case 'fifo':
      execFileSync('mkfifo', [p]);
      break;
    case 'device':
      fs.symlinkSync('/dev/zero', p);
      break;
    case 'socket': {
      const s = net.createServer();
      await new Promise<void>((r) => s.listen(p, r));
      servers.push(s);
      break;
    }
    case 'directory':
      fs.mkdirSync(p);
      break;
    case 'loop':
      fs.symlinkSync(`${p}.b`, p);
      fs.symlinkSync(p, `${p}.b`);
      break;
    case 'unreadable':
      fs.writeFileSync(p, 'A=1\n', { mode: 0o000 });
      break;
  }
}

const posix = process.platform !== 'win32';

(posix ? describe : describe.skip)('special files never hang or crash lint or the workspace scan (fuzz)', function () {
  this.timeout(120_000);
  const layoutArb = fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMES), kind: fc.constantFrom(...KINDS) }), {
    minLength: 1,
    maxLength: 4,
    selector: (x) => x.name,
  });

  it('dbpulse lint finishes, exits 0 or 1, and still lints the regular .env.local', async () => {
    await fc.assert(
      fc.asyncProperty(layoutArb, async (layout) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-special-'));
        const servers: net.Server[] = [];
        try {
          fs.writeFileSync(path.join(dir, '.env.local'), 'DATABASE_URL=postgres://app:hunter2@db.example.com/app\n');
          for (const { name, kind } of layout) await make(dir, name, kind, servers);
          const r = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
          assert.equal(r.signal, null, `lint was killed (hung?) on ${JSON.stringify(layout)}: ${r.stderr}`);
          assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} on ${JSON.stringify(layout)}: ${r.stderr}`);
          const report = JSON.parse(r.stdout) as { files: Array<{ file: string }> };
          assert.ok(
            report.files.some((f) => f.file.endsWith('.env.local')),
            JSON.stringify(report.files.map((f) => f.file)),
          );
        } finally {
          for (const s of servers) s.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 15 },
    );
  });

  it('the language server answers the security report over a workspace of special files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-special-lsp-'));
    const servers: net.Server[] = [];
    fs.writeFileSync(path.join(dir, '.env.local'), 'DATABASE_URL=postgres://app:hunter2@db.example.com/app\n');
    for (const [i, name] of NAMES.entries()) await make(dir, name, KINDS[i % KINDS.length], servers);
    const session = await startServer(dir);
    try {
      const report = await session.connection.sendRequest(SecurityReportRequest.type, {});
      assert.ok(report.filesScanned >= 1);
      assert.ok(
        report.files.some((f) => f.file === '.env.local'),
        JSON.stringify(report.files.map((f) => f.file)),
      );
    } finally {
      await session.close();
      for (const s of servers) s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
