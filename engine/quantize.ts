// 4-bit block quantization in the layout of onnxruntime's MatMulNBits (Petals serves blocks in
// 4 bits by default). Each row of a (out, in) weight is cut into blocks along `in`; a block keeps
// a float scale and a 4-bit zero point, so dequantized = (q - zero) * scale. Packing a 70B block
// takes a while, so packed weights are cached on disk, keyed by the checkpoint's revision.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Int4Weight {
  /** Rows (output features) and columns (input features) of the original weight. */
  n: number;
  k: number;
  blockSize: number;
  /** (n, k / blockSize, blockSize / 2): two values a byte, the even one in the low nibble. */
  packed: Uint8Array;
  /** (n, k / blockSize). */
  scales: Float32Array;
  /** (n, ceil(k / blockSize / 2)): two zero points a byte. */
  zeroPoints: Uint8Array;
}

export function quantizeInt4(weight: Float32Array, n: number, k: number, blockSize: number): Int4Weight {
  if (k % blockSize !== 0) throw new Error(`cannot quantize a weight with ${k} input features in blocks of ${blockSize}`);
  const blocks = k / blockSize;
  const zpStride = Math.ceil(blocks / 2);
  const packed = new Uint8Array((n * k) / 2);
  const scales = new Float32Array(n * blocks);
  const zeroPoints = new Uint8Array(n * zpStride);
  const q = new Uint8Array(blockSize);
  for (let row = 0; row < n; row++) {
    for (let b = 0; b < blocks; b++) {
      const start = row * k + b * blockSize;
      // The range always holds zero so that zero is exactly representable (as in onnxruntime's quantizer).
      let min = 0;
      let max = 0;
      for (let i = 0; i < blockSize; i++) {
        const v = weight[start + i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const scale = (max - min) / 15;
      const zero = scale === 0 ? 8 : Math.min(15, Math.max(0, Math.round(-min / scale)));
      const inverse = scale === 0 ? 0 : 1 / scale;
      for (let i = 0; i < blockSize; i++) q[i] = Math.min(15, Math.max(0, Math.round(weight[start + i] * inverse + zero)));
      const out = start / 2;
      for (let i = 0; i < blockSize; i += 2) packed[out + i / 2] = q[i] | (q[i + 1] << 4);
      scales[row * blocks + b] = scale;
      zeroPoints[row * zpStride + (b >> 1)] |= b & 1 ? zero << 4 : zero;
    }
  }
  return { n, k, blockSize, packed, scales, zeroPoints };
}

/** The weight as MatMulNBits will see it: for measuring what quantization costs. */
export function dequantizeInt4(w: Int4Weight): Float32Array {
  const blocks = w.k / w.blockSize;
  const zpStride = Math.ceil(blocks / 2);
  const out = new Float32Array(w.n * w.k);
  for (let row = 0; row < w.n; row++) {
    for (let b = 0; b < blocks; b++) {
      const zpByte = w.zeroPoints[row * zpStride + (b >> 1)];
      const zero = b & 1 ? zpByte >> 4 : zpByte & 15;
      const scale = w.scales[row * blocks + b];
      for (let i = 0; i < w.blockSize; i++) {
        const index = row * w.k + b * w.blockSize + i;
        const byte = w.packed[index >> 1];
        out[index] = (((index & 1 ? byte >> 4 : byte & 15) - zero) * scale);
      }
    }
  }
  return out;
}

/** Packed weights on disk: one file per tensor, [packed | scales | zero points]. */
export class Int4Cache {
  constructor(readonly dir: string) {}

  static beside(checkpointDir: string, revision: string, blockSize: number): Int4Cache {
    return new Int4Cache(join(checkpointDir, "int4-cache", `${revision.slice(0, 16)}-block${blockSize}`));
  }

  load(name: string, n: number, k: number, blockSize: number): Int4Weight | null {
    const file = join(this.dir, `${name}.q4`);
    if (!existsSync(file)) return null;
    const bytes = readFileSync(file);
    const blocks = k / blockSize;
    const sizes = [(n * k) / 2, n * blocks * 4, n * Math.ceil(blocks / 2)];
    // A file of the wrong size was cut short or made for another shape: pack again.
    if (bytes.length !== sizes[0] + sizes[1] + sizes[2]) return null;
    const copy = (offset: number, length: number) => new Uint8Array(bytes.subarray(offset, offset + length));
    return {
      n,
      k,
      blockSize,
      packed: copy(0, sizes[0]),
      scales: new Float32Array(copy(sizes[0], sizes[1]).buffer),
      zeroPoints: copy(sizes[0] + sizes[1], sizes[2]),
    };
  }

  /** Returns false where the folder cannot be written (a read-only checkpoint): the engine still runs. */
  store(name: string, weight: Int4Weight): boolean {
    const file = join(this.dir, `${name}.q4`);
    try {
      mkdirSync(this.dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([weight.packed, new Uint8Array(weight.scales.buffer, weight.scales.byteOffset, weight.scales.byteLength), weight.zeroPoints]));
      renameSync(temporary, file);
      return true;
    } catch {
      return false;
    }
  }
}
