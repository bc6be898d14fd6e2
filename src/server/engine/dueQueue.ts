/**
 * The scheduler's timer wheel: a min-heap of (due time, key) with at most one
 * entry per key, so rescheduling or removing a connection never leaves a
 * stale entry behind. O(log n) insert, update, remove and pop.
 */
export class DueQueue<K> {
  private heap: { key: K; due: number }[] = [];
  private index = new Map<K, number>();

  get size(): number {
    return this.heap.length;
  }

  has(key: K): boolean {
    return this.index.has(key);
  }

  dueOf(key: K): number | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.heap[i].due;
  }

  /** Inserts `key` or moves it to a new due time. */
  set(key: K, due: number): void {
    const i = this.index.get(key);
    if (i === undefined) {
      this.heap.push({ key, due });
      this.index.set(key, this.heap.length - 1);
      this.up(this.heap.length - 1);
      return;
    }
    const old = this.heap[i].due;
    this.heap[i].due = due;
    if (due < old) this.up(i);
    else this.down(i);
  }

  delete(key: K): boolean {
    const i = this.index.get(key);
    if (i === undefined) return false;
    const last = this.heap.length - 1;
    this.swap(i, last);
    this.heap.pop();
    this.index.delete(key);
    if (i < this.heap.length) {
      this.up(i);
      this.down(i);
    }
    return true;
  }

  peek(): { key: K; due: number } | undefined {
    const top = this.heap[0];
    return top ? { key: top.key, due: top.due } : undefined;
  }

  /** Removes and returns the earliest entry if it is due at or before `now`. */
  popDue(now: number): { key: K; due: number } | undefined {
    const top = this.heap[0];
    if (!top || top.due > now) return undefined;
    this.delete(top.key);
    return top;
  }

  entries(): { key: K; due: number }[] {
    return this.heap.map((e) => ({ key: e.key, due: e.due }));
  }

  clear(): void {
    this.heap = [];
    this.index.clear();
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.heap[parent].due <= this.heap[i].due) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.heap[l].due < this.heap[m].due) m = l;
      if (r < n && this.heap[r].due < this.heap[m].due) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    const t = this.heap[a];
    this.heap[a] = this.heap[b];
    this.heap[b] = t;
    this.index.set(this.heap[a].key, a);
    this.index.set(this.heap[b].key, b);
  }
}
