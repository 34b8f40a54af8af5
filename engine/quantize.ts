// 4-bit block quantization in the layout of onnxruntime's MatMulNBits (Petals serves blocks in
// 4 bits by default). Each row of a (out, in) weight is cut into blocks along `in`; a block keeps
// a float scale and a 4-bit zero point, so dequantized = (q - zero) * scale. Packing a 70B block
// takes a while, so packed weights are cached on disk (weight-cache.ts), keyed by the checkpoint's revision.

/**
 * Weights per 4-bit block along the input dimension, unless the caller asks otherwise. Measured
 * here: with blocks of 32, onnxruntime's packed form takes 1.45x the packed bytes; with 128, about
 * 1x and fewer bytes read per token.
 */
export const DEFAULT_INT4_BLOCK_SIZE = 128;

/** MatMulNBits takes blocks of a power of two, 16 weights at least. */
const SMALLEST_INT4_BLOCK_SIZE = 16;

export interface Int4BlockChoice {
  blockSize: number;
  /** Why it is smaller than the one asked for: the tensor whose width the asked size does not divide. */
  reducedFor: string | null;
}

/**
 * The block size a model's 4-bit weights take: the one asked for where it divides the input width
 * (in features) of every tensor packed, else the largest smaller power of two that does. One size
 * for all tensors keeps one cache folder and one revision per model. A width no block of 16 or
 * more divides is refused, naming the tensor.
 */
export function chooseInt4BlockSize(inputWidths: Record<string, number>, asked: number): Int4BlockChoice {
  if (!Number.isInteger(Math.log2(asked)) || asked < SMALLEST_INT4_BLOCK_SIZE) {
    throw new Error(`4-bit block size ${asked} must be a power of two of at least ${SMALLEST_INT4_BLOCK_SIZE} (MatMulNBits)`);
  }
  let blockSize = asked;
  let reducedFor: string | null = null;
  for (const [tensor, width] of Object.entries(inputWidths)) {
    if (width % blockSize === 0) continue;
    while (blockSize > SMALLEST_INT4_BLOCK_SIZE && width % blockSize !== 0) blockSize /= 2;
    if (width % blockSize !== 0) {
      throw new Error(
        `--int4: ${tensor} has ${width} input features, which no 4-bit block of ${SMALLEST_INT4_BLOCK_SIZE} or more divides (blocks are powers of two); run it in fp32`,
      );
    }
    reducedFor = `${tensor} has ${width} input features, which blocks of ${asked} do not divide`;
  }
  return { blockSize, reducedFor };
}

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
        out[index] = ((index & 1 ? byte >> 4 : byte & 15) - zero) * scale;
      }
    }
  }
  return out;
}
