// Keys and values of every sequence in the batch, allocated once. A layer's cache is
// (slots, kv_heads, maxSequenceLength, head_dim): slot is outermost, so the first n slots form a
// contiguous (n, ...) tensor that GroupQueryAttention reads; the rows a run adds are written here
// by the runtime. Active sequences always occupy slots 0..n-1; when one leaves, the last moves
// into its slot.

export class KvCache {
  readonly keys: Float32Array[];
  readonly values: Float32Array[];
  /** Tokens held per slot. */
  readonly lengths: Int32Array;
  readonly slotSize: number;

  constructor(
    readonly layers: number,
    readonly slots: number,
    readonly kvHeads: number,
    readonly maxSequenceLength: number,
    readonly headDim: number,
  ) {
    this.slotSize = kvHeads * maxSequenceLength * headDim;
    // Zero-filled allocations are mapped lazily: memory is only touched as sequences grow.
    this.keys = Array.from({ length: layers }, () => new Float32Array(slots * this.slotSize));
    this.values = Array.from({ length: layers }, () => new Float32Array(slots * this.slotSize));
    this.lengths = new Int32Array(slots);
  }

  dims(count: number): number[] {
    return [count, this.kvHeads, this.maxSequenceLength, this.headDim];
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
    const headStride = this.maxSequenceLength * d;
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
    const headStride = this.maxSequenceLength * this.headDim;
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
