/**
 * A scripted MongoDB wire-protocol server for the failure replies no local
 * server can be made to give (authentication failure code 18, NotWritablePrimary,
 * Unauthorized on serverStatus, a lagging secondary, a full connection table ...).
 *
 * Why not `mongodb-mock-server`: its last release (2.0.1) parses only the legacy
 * opcodes (no OP_MSG, which the mongodb@6 driver uses for every command after the
 * handshake) and requires the native `snappy@6`, which cannot be built here.
 * The message codec is CongoDB's (`@push.rocks/smartmongo`'s WireProtocol), so
 * only the replies are ours; each script returns documents shaped like real
 * mongod replies (field names from the MongoDB server's documented output).
 *
 * Listens on 127.0.0.1 with an OS-assigned port, optionally over TLS.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Long, type Document } from 'mongodb';

export interface ScriptedCommand {
  name: string;
  db: string;
  body: Document;
  /** 1-based number of the TCP connection this command came on. */
  connection: number;
}

/** A reply document, or: close the socket, or never answer. */
export type ScriptedReply = Document | { $close: true } | { $hang: true };
export type MongoScript = (cmd: ScriptedCommand) => ScriptedReply | undefined | Promise<ScriptedReply | undefined>;

export interface ScriptedServerOptions {
  /** Serve TLS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Close every connection as soon as it is accepted (as mongod does past maxIncomingConnections). */
  closeOnAccept?: boolean;
}

interface WireProtocolLike {
  parseMessage(buffer: Buffer): {
    command: { commandName: string; command: Document; database: string; requestID: number; opCode: number };
    bytesConsumed: number;
  } | null;
  encodeOpMsgResponse(responseTo: number, response: Document): Buffer;
  encodeOpReplyResponse(responseTo: number, documents: Document[]): Buffer;
}

const OP_QUERY = 2004;

/** A standalone mongod's `hello` reply (wire version of MongoDB 7.0; no topologyVersion: no streaming). */
export function helloStandalone(extra: Document = {}): Document {
  return {
    helloOk: true,
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: 16777216,
    maxMessageSizeBytes: 48000000,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: 1,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
    ...extra,
  };
}

/** `hello` of a replica-set member in `role`. */
export function helloMember(role: 'PRIMARY' | 'SECONDARY' | 'RECOVERING', me: string, extra: Document = {}): Document {
  const base = helloStandalone({ setName: 'rs0', setVersion: 1, hosts: [me], me, ...extra });
  if (role === 'PRIMARY') return { ...base, isWritablePrimary: true, ismaster: true, secondary: false, primary: me };
  if (role === 'SECONDARY') return { ...base, isWritablePrimary: false, ismaster: false, secondary: true };
  return { ...base, isWritablePrimary: false, ismaster: false, secondary: false };
}

/** A `serverStatus` reply with the sections the probe reads (mongod 7.0 field names; counters as Int64 like mongod sends). */
export function serverStatusDoc(
  opts: {
    current?: number;
    available?: number;
    version?: string;
    opcounters?: Partial<Record<'insert' | 'query' | 'update' | 'delete' | 'getmore' | 'command', number>>;
  } = {},
): Document {
  const ops = { insert: 12, query: 340, update: 56, delete: 7, getmore: 0, command: 1234, ...opts.opcounters };
  return {
    host: 'mongo-scripted',
    version: opts.version ?? '7.0.14',
    process: 'mongod',
    pid: Long.fromNumber(4242),
    uptime: 3600,
    localTime: new Date(),
    connections: { current: opts.current ?? 3, available: opts.available ?? 838857, totalCreated: 57, active: 2 },
    opcounters: Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, Long.fromNumber(v)])),
    ok: 1,
  };
}

/** `replSetGetStatus` where this member is a secondary `lagSeconds` behind the primary. */
export function replStatusDoc(me: string, lagSeconds: number): Document {
  const primaryOptime = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));
  return {
    set: 'rs0',
    date: new Date(),
    myState: 2,
    members: [
      { _id: 0, name: 'primary.example:27017', health: 1, state: 1, stateStr: 'PRIMARY', optimeDate: primaryOptime },
      {
        _id: 1,
        name: me,
        health: 1,
        state: 2,
        stateStr: 'SECONDARY',
        optimeDate: new Date(primaryOptime.getTime() - lagSeconds * 1000),
        self: true,
      },
    ],
    ok: 1,
  };
}

/** A server error reply, as mongod sends it. */
export function errorReply(code: number, codeName: string, errmsg: string, extra: Document = {}): Document {
  return { ok: 0, errmsg, code, codeName, ...extra };
}

/** Replies every probe needs when a script has nothing specific to say. */
export function defaultReply(cmd: ScriptedCommand): Document {
  switch (cmd.name.toLowerCase()) {
    case 'hello':
    case 'ismaster':
      return helloStandalone();
    case 'serverstatus':
      return serverStatusDoc();
    case 'buildinfo':
      return { version: '7.0.14', versionArray: [7, 0, 14, 0], ok: 1 };
    case 'replsetgetstatus':
      return errorReply(76, 'NoReplicationEnabled', 'not running with --replSet');
    default:
      return { ok: 1 };
  }
}

export class MongoScriptedServer {
  readonly host = '127.0.0.1';
  /** Every command received, in order (for assertions that the probe stayed read-only). */
  readonly received: ScriptedCommand[] = [];
  private readonly sockets = new Set<net.Socket>();
  private connections = 0;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  static async start(script: MongoScript, options: ScriptedServerOptions = {}): Promise<MongoScriptedServer> {
    const congo = (await import('@push.rocks/smartmongo/dist_ts/congodb/index.js')) as { WireProtocol: WireProtocolLike };
    const wire = congo.WireProtocol;
    // Filled in once the server listens; the socket handler reads it.
    const holder: { self?: MongoScriptedServer } = {};
    const onSocket = (socket: net.Socket) => {
      if (!holder.self) return socket.destroy();
      const s = holder.self;
      s.sockets.add(socket);
      socket.once('close', () => s.sockets.delete(socket));
      socket.on('error', () => undefined);
      if (options.closeOnAccept) {
        socket.destroy();
        return;
      }
      const connection = ++s.connections;
      let buffer = Buffer.alloc(0);
      let busy = Promise.resolve();
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        busy = busy.then(async () => {
          for (;;) {
            // mongod drops a connection whose header announces an impossible length
            // (e.g. the bytes of a TLS ClientHello read as a message header).
            if (buffer.length >= 4) {
              const len = buffer.readInt32LE(0);
              if (len < 16 || len > 48_000_000) return void socket.destroy();
            }
            let parsed: ReturnType<WireProtocolLike['parseMessage']>;
            try {
              parsed = wire.parseMessage(buffer);
            } catch {
              socket.destroy(); // not the MongoDB wire protocol (e.g. a TLS ClientHello): mongod drops it too
              return;
            }
            if (!parsed) return;
            buffer = buffer.subarray(parsed.bytesConsumed);
            const { command } = parsed;
            const cmd: ScriptedCommand = { name: command.commandName, db: command.database, body: command.command, connection };
            s.received.push(cmd);
            const reply = (await script(cmd)) ?? defaultReply(cmd);
            if ('$close' in reply) return void socket.destroy();
            if ('$hang' in reply) return;
            if (socket.destroyed) return;
            socket.write(
              command.opCode === OP_QUERY
                ? wire.encodeOpReplyResponse(command.requestID, [reply])
                : wire.encodeOpMsgResponse(command.requestID, reply),
            );
          }
        });
      });
    };
    const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onSocket) : net.createServer(onSocket);
    if (options.tls) server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    if (!addr || typeof addr !== 'object') throw new Error('scripted server has no address');
    const self = new MongoScriptedServer(server, addr.port);
    holder.self = self;
    if (options.tls) {
      // Plain TCP sockets of a TLS server (for destroy on stop).
      server.on('connection', (socket: net.Socket) => {
        self.sockets.add(socket);
        socket.once('close', () => self.sockets.delete(socket));
      });
    }
    return self;
  }

  /** Names of the commands received (lower case), without the driver's handshakes. */
  commandNames(): string[] {
    return this.received.map((c) => c.name.toLowerCase());
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
