/**
 * The official Firebase Auth emulator from `firebase-tools` (pure Node: no Java,
 * no download). Only its HTTP app is used (`lib/emulator/auth/server.createApp`),
 * listening on 127.0.0.1 with an OS-assigned port, so no emulator hub, UI or
 * logging ports are opened. `stop()` closes exactly this listener.
 */
import * as http from 'node:http';
import { listenOnLoopback, localEmulator, packageMissing, type LocalEmulator } from '../standins/localEmulator';

/** `hostPort` is the value for `emulator.auth`. */
export type AuthEmulator = LocalEmulator;

/** Why the Auth emulator cannot run here, or undefined when it can. */
export function authEmulatorUnavailable(): string | undefined {
  return packageMissing('firebase-tools/lib/emulator/auth/server', 'firebase-tools');
}

/**
 * Starts the emulator for `projectId`. `singleProject: true` makes it refuse other
 * project ids (firebase.json's `singleProjectMode`), a fault a wrong projectId produces.
 */
export async function startAuthEmulator(projectId: string, options: { singleProject?: boolean } = {}): Promise<AuthEmulator> {
  // firebase-tools has no typings for its internals; the one function used is typed here.
  const mod = require('firebase-tools/lib/emulator/auth/server') as {
    createApp(projectId: string, singleProjectMode: number): Promise<http.RequestListener>;
  };
  const SINGLE_PROJECT_ERROR = 2; // SingleProjectMode.ERROR in firebase-tools/lib/emulator/auth/index
  const app = await mod.createApp(projectId, options.singleProject ? SINGLE_PROJECT_ERROR : 0);
  const listener = await listenOnLoopback(http.createServer(app));
  return localEmulator(listener.port, listener.close);
}
