/**
 * `--shard I/N` (pure): N monitors split one config; monitor I (1..N) takes the connections
 * whose id hashes to it. The hash is 32-bit FNV-1a over the id's UTF-8 bytes (offset basis
 * 2166136261, prime 16777619), and a connection belongs to shard `(fnv1a(id) mod N) + 1`.
 * Stable across versions, machines and restarts (it is part of docs/team.md): changing it
 * would move connections between monitors.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export class ShardError extends Error {}

export const MAX_SHARDS = 1024;

export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  if (!m) throw new ShardError(`--shard must be I/N (e.g. 1/3: the first of three monitors), got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new ShardError(`--shard: N must be from 1 to ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw new ShardError(`--shard: I must be from 1 to ${count} (shards are numbered from 1)`);
  return { index, count };
}

/** 32-bit FNV-1a of the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The shard (1..count) a connection id belongs to. */
export function shardOf(connectionId: string, count: number): number {
  return (fnv1a32(connectionId) % count) + 1;
}

/** The entries of `items` that belong to `shard` (all of them without a shard). */
export function takeShard<T>(items: readonly T[], idOf: (item: T) => string, shard: Shard | undefined): T[] {
  return shard ? items.filter((item) => shardOf(idOf(item), shard.count) === shard.index) : [...items];
}
