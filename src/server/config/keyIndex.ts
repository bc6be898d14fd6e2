/**
 * Where each key was first set (key → line), for duplicate keys in a one-pass
 * dotenv lint. Open addressing over typed arrays with the hash computed here:
 * a large .env has tens of thousands of keys, each a fresh string, and a
 * `Map` computes a fresh string's hash through a runtime call on every first
 * lookup (about twice the cost; see bench/lint.bench.ts). Pure data, no I/O.
 */
export class FirstLineIndex {
  /** Per slot: 1 + index into `keys` (0: empty). Capacity is a power of two, at most half full. */
  private slots: Int32Array;
  private keys: string[];
  private count = 0;
  /** Per key index: its first line and its hash. */
  private lines: Int32Array;
  private hashes: Int32Array;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.keys = new Array<string>(cap >> 1);
    this.lines = new Int32Array(cap >> 1);
    this.hashes = new Int32Array(cap >> 1);
  }

  get size(): number {
    return this.count;
  }

  /** The line `key` was first seen on; -1 (and `line` is recorded) when it is new. */
  firstOrAdd(key: string, line: number): number {
    const h = hashOf(key);
    const slots = this.slots;
    const mask = slots.length - 1;
    let p = h & mask;
    for (;;) {
      const v = slots[p];
      if (v === 0) break;
      const i = v - 1;
      if (this.hashes[i] === h && this.keys[i] === key) return this.lines[i];
      p = (p + 1) & mask;
    }
    const i = this.count++;
    this.keys[i] = key;
    this.lines[i] = line;
    this.hashes[i] = h;
    slots[p] = i + 1;
    if ((i + 1) * 2 >= slots.length) this.grow();
    return -1;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const lines = new Int32Array(slots.length >> 1);
    lines.set(this.lines);
    this.lines = lines;
    const hashes = new Int32Array(slots.length >> 1);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const keys = new Array<string>(slots.length >> 1);
    for (let i = 0; i < this.count; i++) keys[i] = this.keys[i];
    this.keys = keys;
    const mask = slots.length - 1;
    for (let i = 0; i < this.count; i++) {
      let p = this.hashes[i] & mask;
      while (slots[p] !== 0) p = (p + 1) & mask;
      slots[p] = i + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over UTF-16 code units, mixed so the low bits (the slot) depend on every character. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) | 0;
}
