/**
 * Firestore stand-in — NOT the Firestore emulator (that one needs Java 21 and a
 * download). `@firestore-emulator/server` is an independent gRPC implementation of
 * the Firestore v1 API; it answers the reads the probe makes (BatchGetDocuments)
 * but not everything (ListCollectionIds, GetDocument are unimplemented). Bound to
 * 127.0.0.1 with an OS-assigned port (its own `start()` binds 0.0.0.0, so it is not used).
 */
import { localEmulator, packageMissing, type LocalEmulator } from './localEmulator';

/** `hostPort` is the value for `emulator.firestore`. */
export type FirestoreStandIn = LocalEmulator;

interface GrpcServerLike {
  bindAsync(address: string, creds: unknown, cb: (err: Error | null, port: number) => void): void;
  forceShutdown(): void;
}

export function firestoreStandInUnavailable(): string | undefined {
  return packageMissing('@firestore-emulator/server', '@firestore-emulator/server');
}

export async function startFirestoreStandIn(): Promise<FirestoreStandIn> {
  const { FirestoreServer } = require('@firestore-emulator/server') as { FirestoreServer: new () => { server: GrpcServerLike } };
  // The grpc-js the package itself uses (its pinned version), for matching credentials.
  const grpcPath = require.resolve('@grpc/grpc-js', { paths: [require.resolve('@firestore-emulator/server')] });
  const grpc = require(grpcPath) as { ServerCredentials: { createInsecure(): unknown } };
  const fs = new FirestoreServer();
  const port = await new Promise<number>((resolve, reject) =>
    fs.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return localEmulator(port, () => fs.server.forceShutdown());
}
