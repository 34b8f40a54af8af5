// Keys and values of every sequence in the batch. A layer's cache is (slots, kv_heads, capacity,
// head_dim): slot is outermost, so the first n slots form a contiguous (n, ...) tensor that
// the graph's attention reads; the rows a run adds are written here by the runtime. Active sequences
// always occupy slots 0..n-1; when one leaves, the last moves into its slot.
//
// The capacity (positions per slot) follows what the sequences hold, in powers of two up to
// maxSequenceLength, rather than being maxSequenceLength from the start: onnxruntime-node copies
// every input of a run into memory of its own, and a prompt's GroupQueryAttention allocates its
// present keys and values at the capacity for every layer, so each run costs memory and copying in
// proportion to it (16 sequences at 256 positions: 176 MiB a step for TinyLlama, where 18
// positions need 22 MiB at a capacity of 32).

const MIN_CAPACITY = 16;

export class KvCache {
  /** Each layer's keys and values at the current capacity: views of the start of the stores below. */
  keys: Float32Array[] = [];
  values: Float32Array[] = [];
  /**
   * The memory behind them, kept at the largest capacity used so far: a change of capacity moves
   * the filled rows within it instead of allocating (and page-faulting) the whole cache again,
   * which had cost a 64-token prefill after a batch 8% of its time. Memory reached once stays
   * with the cache: that peak had to fit anyway.
   */
  private keyStores: Float32Array[] = [];
  private valueStores: Float32Array[] = [];
  /** Tokens held per slot. */
  readonly lengths: Int32Array;
  /** Positions each slot has room for now. */
  capacity = 0;

  constructor(
    readonly layers: number,
    readonly slots: number,
    readonly kvHeads: number,
    readonly maxSequenceLength: number,
    readonly headDim: number,
  ) {
    this.lengths = new Int32Array(slots);
    this.fit(0);
  }

  get slotSize(): number {
    return this.kvHeads * this.capacity * this.headDim;
  }

  /**
   * Makes room for `positions` per slot: the capacity becomes the smallest power of two (16 at
   * least, maxSequenceLength at most) that holds them and every slot's filled positions, moving
   * the filled rows when it changes. Returns whether it changed (tensors over the old memory are stale).
   */
  fit(positions: number): boolean {
    const needed = Math.max(positions, ...this.lengths, 1);
    if (needed > this.maxSequenceLength) throw new Error(`${needed} positions exceed the maximum sequence length ${this.maxSequenceLength}`);
    const capacity = Math.min(this.maxSequenceLength, Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(needed))));
    if (capacity === this.capacity) return false;
    const previous = this.capacity;
    this.capacity = capacity;
    const size = this.slots * this.slotSize;
    for (const [stores, views] of [
      [this.keyStores, this.keys],
      [this.valueStores, this.values],
    ]) {
      for (let layer = 0; layer < this.layers; layer++) {
        if ((stores[layer]?.length ?? 0) >= size) this.relayoutInPlace(stores[layer], previous, capacity);
        else stores[layer] = this.relayoutInto(new Float32Array(size), views[layer], previous, capacity);
        views[layer] = stores[layer].subarray(0, size);
      }
    }
    return true;
  }

  /** The filled rows of every (slot, head) at `from` positions a head, moved to `to` within the same memory. */
  private relayoutInPlace(store: Float32Array, from: number, to: number): void {
    const d = this.headDim;
    const heads = this.slots * this.kvHeads;
    // Shrinking moves every block towards the start, so the first block moves first; growing moves
    // them towards the end, so the last does: either way no block lands on one not yet moved.
    for (let n = 0; n < heads; n++) {
      const block = to < from ? n : heads - 1 - n;
      const used = this.lengths[Math.floor(block / this.kvHeads)] * d;
      if (used > 0) store.copyWithin(block * to * d, block * from * d, block * from * d + used);
    }
  }

  /** The filled rows of `source` (at `from` positions a head) written into `target` at `to`. */
  private relayoutInto(target: Float32Array, source: Float32Array | undefined, from: number, to: number): Float32Array {
    if (!source) return target;
    const d = this.headDim;
    for (let block = 0; block < this.slots * this.kvHeads; block++) {
      const used = this.lengths[Math.floor(block / this.kvHeads)] * d;
      target.set(source.subarray(block * from * d, block * from * d + used), block * to * d);
    }
    return target;
  }

  dims(count: number): number[] {
    return [count, this.kvHeads, this.capacity, this.headDim];
  }

  /** Slots [first, first + count) of one layer, sharing memory with the cache. */
  view(layer: number, first: number, count: number): { key: Float32Array; value: Float32Array } {
    const begin = first * this.slotSize;
    const end = begin + count * this.slotSize;
    return { key: this.keys[layer].subarray(begin, end), value: this.values[layer].subarray(begin, end) };
  }

  /**
   * Writes what a run added: rows (batch, sequence, kv_heads x head_dim) of one layer's keys and
   * values, for slots [first, first + batch), slot first + b taking positions past[b] onwards.
   */
  write(layer: number, first: number, past: number[], sequence: number, keys: Float32Array, values: Float32Array): void {
    const d = this.headDim;
    const headStride = this.capacity * d;
    for (let b = 0; b < past.length; b++) {
      for (let t = 0; t < sequence; t++) {
        const row = (b * sequence + t) * this.kvHeads * d;
        for (let head = 0; head < this.kvHeads; head++) {
          const at = (first + b) * this.slotSize + head * headStride + (past[b] + t) * d;
          const from = row + head * d;
          this.keys[layer].set(keys.subarray(from, from + d), at);
          this.values[layer].set(values.subarray(from, from + d), at);
        }
      }
    }
  }

  /** Moves a sequence to another slot, copying only the positions it has filled. */
  move(from: number, to: number): void {
    if (from === to) return;
    const used = this.lengths[from] * this.headDim;
    const headStride = this.capacity * this.headDim;
    for (const tensor of [...this.keys, ...this.values]) {
      for (let head = 0; head < this.kvHeads; head++) {
        const source = from * this.slotSize + head * headStride;
        tensor.copyWithin(to * this.slotSize + head * headStride, source, source + used);
      }
    }
    this.lengths[to] = this.lengths[from];
    this.lengths[from] = 0;
  }
}
