// A small least-recently-used cache bounded by entry count and by a caller-given weight (e.g. text length).

/** Map-backed LRU: a get moves the entry to the newest end; a set evicts from the oldest end when over bounds. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;

  /**
   * @param maxEntries most entries kept
   * @param maxWeight most total weight kept (default: unbounded)
   */
  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  /** The value for `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` under `key`; entries heavier than the whole budget are not kept. */
  set(key: K, value: V, weight = 1): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.totalWeight -= old.weight;
    }
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.totalWeight += weight;
    while (this.entries.size > this.maxEntries || this.totalWeight > this.maxWeight) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.totalWeight -= this.entries.get(oldest.value)!.weight;
      this.entries.delete(oldest.value);
    }
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Total weight held. */
  get weight(): number {
    return this.totalWeight;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
    this.totalWeight = 0;
  }
}
