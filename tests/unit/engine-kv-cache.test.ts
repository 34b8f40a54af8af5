// The KV cache holds room for the positions its sequences need, not for maxSequenceLength: every
// run hands onnxruntime the whole capacity of the batch's slots, which it copies and mirrors per layer.
import { describe, expect, it } from "vitest";
import { KvCache } from "../../engine/kv-cache";

const LAYERS = 2;
const SLOTS = 4;
const HEADS = 2;
const DIM = 4;

/** A distinct value for every (layer, slot, head, position, i), keys positive and values negative. */
const entry = (layer: number, slot: number, head: number, position: number, i: number) => 1 + layer * 1e4 + slot * 1e3 + head * 500 + position * DIM + i;

/** Writes positions [from, to) of a slot as a run would. */
function fill(cache: KvCache, slot: number, from: number, to: number): void {
  for (let layer = 0; layer < LAYERS; layer++) {
    const rows = Float32Array.from({ length: (to - from) * HEADS * DIM }, (_, n) => {
      const t = Math.floor(n / (HEADS * DIM));
      return entry(layer, slot, Math.floor(n / DIM) % HEADS, from + t, n % DIM);
    });
    cache.write(
      layer,
      slot,
      [from],
      to - from,
      rows,
      rows.map((v) => -v),
    );
  }
  cache.lengths[slot] = to;
}

/** The positions a slot holds, read back through the view a run is fed. */
function held(cache: KvCache, slot: number): { keys: number[]; values: number[] } {
  const keys: number[] = [];
  const values: number[] = [];
  for (let layer = 0; layer < LAYERS; layer++) {
    const { key, value } = cache.view(layer, slot, 1);
    for (let head = 0; head < HEADS; head++) {
      for (let p = 0; p < cache.lengths[slot]; p++) {
        const at = (head * cache.capacity + p) * DIM;
        keys.push(...key.subarray(at, at + DIM));
        values.push(...value.subarray(at, at + DIM));
      }
    }
  }
  return { keys, values };
}

function expected(slot: number, length: number): { keys: number[]; values: number[] } {
  const keys: number[] = [];
  for (let layer = 0; layer < LAYERS; layer++) {
    for (let head = 0; head < HEADS; head++) for (let p = 0; p < length; p++) for (let i = 0; i < DIM; i++) keys.push(entry(layer, slot, head, p, i));
  }
  return { keys, values: keys.map((v) => -v) };
}

describe("the KV cache", () => {
  it("starts with room for 16 positions a slot, not the maximum sequence length", () => {
    const cache = new KvCache(LAYERS, SLOTS, HEADS, 256, DIM);
    expect(cache.capacity).toBe(16);
    expect(cache.dims(SLOTS)).toEqual([SLOTS, HEADS, 16, DIM]);
    expect(cache.keys[0]).toHaveLength(SLOTS * HEADS * 16 * DIM);
  });

  it("grows in powers of two as a run needs more positions, every slot keeping the rows it holds", () => {
    const cache = new KvCache(LAYERS, SLOTS, HEADS, 256, DIM);
    fill(cache, 0, 0, 10);
    fill(cache, 2, 0, 16);
    expect(cache.fit(17)).toBe(true);
    expect(cache.capacity).toBe(32);
    expect(cache.dims(3)).toEqual([3, HEADS, 32, DIM]);
    fill(cache, 2, 16, 30);
    expect(cache.fit(100)).toBe(true);
    expect(cache.capacity).toBe(128);
    expect(held(cache, 0)).toEqual(expected(0, 10));
    expect(held(cache, 2)).toEqual(expected(2, 30));
    expect(held(cache, 1).keys).toEqual([]);
  });

  it("changes nothing while the capacity holds what is asked, and stops at the maximum sequence length", () => {
    const cache = new KvCache(LAYERS, SLOTS, HEADS, 40, DIM);
    expect(cache.fit(16)).toBe(false);
    const before = cache.keys[1];
    expect(cache.fit(33)).toBe(true);
    expect(cache.capacity).toBe(40);
    expect(cache.keys[1]).not.toBe(before);
    expect(() => cache.fit(41)).toThrow("41 positions exceed the maximum sequence length 40");
  });

  it("shrinks back when the sequences it held are gone, and moves a sequence between slots at any capacity", () => {
    const cache = new KvCache(LAYERS, SLOTS, HEADS, 256, DIM);
    cache.fit(60);
    expect(cache.capacity).toBe(64);
    fill(cache, 3, 0, 20);
    cache.move(3, 1);
    expect(held(cache, 1)).toEqual(expected(3, 20));
    expect(cache.fit(5)).toBe(true);
    expect(cache.capacity).toBe(32);
    expect(held(cache, 1)).toEqual(expected(3, 20));
    cache.lengths.fill(0);
    expect(cache.fit(5)).toBe(true);
    expect(cache.capacity).toBe(16);
  });

  it("moves the rows within the memory it has when the capacity shrinks and grows back: no new allocation, every slot's rows kept", () => {
    const cache = new KvCache(LAYERS, SLOTS, HEADS, 256, DIM);
    cache.fit(60);
    const memory = cache.keys.map((k) => k.buffer).concat(cache.values.map((v) => v.buffer));
    fill(cache, 0, 0, 12);
    fill(cache, 3, 0, 7);
    expect(cache.fit(1)).toBe(true);
    expect(cache.capacity).toBe(16);
    expect(held(cache, 0)).toEqual(expected(0, 12));
    expect(held(cache, 3)).toEqual(expected(3, 7));
    fill(cache, 3, 7, 16);
    expect(cache.fit(40)).toBe(true);
    expect(cache.capacity).toBe(64);
    const now = cache.keys.map((k) => k.buffer).concat(cache.values.map((v) => v.buffer));
    expect(now.every((buffer, i) => buffer === memory[i])).toBe(true);
    expect(held(cache, 0)).toEqual(expected(0, 12));
    expect(held(cache, 3)).toEqual(expected(3, 16));
    expect(cache.fit(100)).toBe(true);
    expect(cache.keys[0].buffer).not.toBe(memory[0]);
    expect(held(cache, 3)).toEqual(expected(3, 16));
  });
});
