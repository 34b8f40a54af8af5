// Writes a Hugging Face Llama checkpoint (config.json, safetensors shards, tokenizer.json) as a
// GGUF file llama.cpp loads, so the bench runs both engines on the same weights. Written apart
// from engine/ on purpose: a bug in the engine's checkpoint reader must not leak into its peer.
//
// Done the way llama.cpp's convert_hf_to_gguf.py does it where that matters for comparing
// outputs: q_proj / k_proj rows are permuted (llama.cpp applies rotary to adjacent pairs, HF to
// the two halves of each head), 1-D norms stay F32, and Q4_0 blocks are quantized with ggml's
// reference rounding.

import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";

export type GgufTensorType = "F32" | "BF16" | "Q4_0";

export interface GgufOptions {
  /** Type of the 2-D weights inside the blocks. */
  weights: GgufTensorType;
  /** Type of token_embd and output (lm_head); default: the same as weights. */
  embeddings?: GgufTensorType;
  name?: string;
}

export interface GgufWritten {
  file: string;
  fileBytes: number;
  /** Bytes of all 2-D weights inside the blocks, as stored (the bytes one decode step reads). */
  blockWeightBytes: number;
  /** Bytes of the embeddings table, output norm and lm_head as stored. */
  headBytes: number;
  /** Tensors whose rows do not split into Q4_0 blocks, kept in F32 (llama.cpp's quantizer falls back too). */
  fallbacks: string[];
}

const GGML_TYPE = { F32: 0, Q4_0: 2, BF16: 30 } as const;
// llama_ftype: what general.file_type says the bulk of the file is.
const FILE_TYPE = { F32: 0, Q4_0: 2, BF16: 32 } as const;
const ALIGNMENT = 32;
const QK4_0 = 32;

type MetaValue =
  | { t: "u32"; v: number }
  | { t: "i32"; v: number }
  | { t: "f32"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "str"; v: string }
  | { t: "arr_str"; v: string[] }
  | { t: "arr_f32"; v: number[] }
  | { t: "arr_i32"; v: number[] };

interface SourceTensor {
  file: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

interface PlannedTensor {
  ggufName: string;
  source: SourceTensor;
  /** GGUF dims: innermost first, the reverse of PyTorch's shape. */
  dims: number[];
  type: GgufTensorType;
  /** Rotary row permutation with this many heads (q: heads, k: KV heads). */
  permuteHeads?: number;
  offset: number;
  bytes: number;
}

export function writeLlamaGguf(dir: string, outFile: string, options: GgufOptions): GgufWritten {
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  const nHead: number = config.num_attention_heads;
  const nHeadKv: number = config.num_key_value_heads ?? nHead;
  const headDim: number = config.head_dim ?? config.hidden_size / nHead;
  const sources = readIndex(dir);
  const embeddingType = options.embeddings ?? options.weights;

  const plan: PlannedTensor[] = [];
  const fallbacks: string[] = [];
  const add = (hfName: string, ggufName: string, type: GgufTensorType, permuteHeads?: number) => {
    const source = sources.get(hfName);
    if (!source) throw new Error(`${dir}: tensor ${hfName} is not in model.safetensors.index.json`);
    const dims = [...source.shape].reverse();
    // llama.cpp keeps 1-D tensors (norms) in F32 whatever the file type.
    let t = source.shape.length === 1 ? "F32" : type;
    if (t === "Q4_0" && dims[0] % QK4_0 !== 0) {
      t = "F32";
      fallbacks.push(ggufName);
    }
    plan.push({ ggufName, source, dims, type: t, permuteHeads, offset: 0, bytes: tensorBytes(dims, t) });
  };
  add("model.embed_tokens.weight", "token_embd.weight", embeddingType);
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const hf = `model.layers.${i}`;
    const blk = `blk.${i}`;
    add(`${hf}.input_layernorm.weight`, `${blk}.attn_norm.weight`, "F32");
    add(`${hf}.self_attn.q_proj.weight`, `${blk}.attn_q.weight`, options.weights, nHead);
    add(`${hf}.self_attn.k_proj.weight`, `${blk}.attn_k.weight`, options.weights, nHeadKv);
    add(`${hf}.self_attn.v_proj.weight`, `${blk}.attn_v.weight`, options.weights);
    add(`${hf}.self_attn.o_proj.weight`, `${blk}.attn_output.weight`, options.weights);
    add(`${hf}.post_attention_layernorm.weight`, `${blk}.ffn_norm.weight`, "F32");
    add(`${hf}.mlp.gate_proj.weight`, `${blk}.ffn_gate.weight`, options.weights);
    add(`${hf}.mlp.up_proj.weight`, `${blk}.ffn_up.weight`, options.weights);
    add(`${hf}.mlp.down_proj.weight`, `${blk}.ffn_down.weight`, options.weights);
  }
  add("model.norm.weight", "output_norm.weight", "F32");
  if (!config.tie_word_embeddings) add("lm_head.weight", "output.weight", embeddingType);

  let dataBytes = 0;
  for (const t of plan) {
    t.offset = dataBytes;
    dataBytes = align(dataBytes + t.bytes);
  }

  const meta: Array<[string, MetaValue]> = [
    ["general.architecture", { t: "str", v: "llama" }],
    ["general.name", { t: "str", v: options.name ?? "riskledger-bench" }],
    ["general.alignment", { t: "u32", v: ALIGNMENT }],
    ["general.file_type", { t: "u32", v: FILE_TYPE[options.weights] }],
    ["llama.context_length", { t: "u32", v: config.max_position_embeddings }],
    ["llama.embedding_length", { t: "u32", v: config.hidden_size }],
    ["llama.block_count", { t: "u32", v: config.num_hidden_layers }],
    ["llama.feed_forward_length", { t: "u32", v: config.intermediate_size }],
    ["llama.rope.dimension_count", { t: "u32", v: headDim }],
    ["llama.attention.head_count", { t: "u32", v: nHead }],
    ["llama.attention.head_count_kv", { t: "u32", v: nHeadKv }],
    ["llama.attention.key_length", { t: "u32", v: headDim }],
    ["llama.attention.value_length", { t: "u32", v: headDim }],
    ["llama.attention.layer_norm_rms_epsilon", { t: "f32", v: config.rms_norm_eps }],
    ["llama.rope.freq_base", { t: "f32", v: config.rope_theta ?? 10000 }],
    ["llama.vocab_size", { t: "u32", v: config.vocab_size }],
    ...tokenizerMetadata(dir, config),
  ];

  const header = encodeHeader(meta, plan);
  const dataStart = align(header.length);
  const fd = openSync(outFile, "w");
  try {
    writeSync(fd, header, 0, header.length, 0);
    for (const t of plan) {
      const values = readAsFloat32(t.source);
      if (t.permuteHeads) permuteRotaryRows(values, t.source.shape[0], t.source.shape[1], t.permuteHeads);
      const bytes = encode(values, t.type);
      writeSync(fd, bytes, 0, bytes.length, dataStart + t.offset);
    }
    // The last tensor's padding must exist in the file: llama.cpp checks the data section's size.
    const end = dataStart + dataBytes;
    writeSync(fd, new Uint8Array(1), 0, 1, end - 1);
  } finally {
    closeSync(fd);
  }

  const isHead = (t: PlannedTensor) => !t.ggufName.startsWith("blk.");
  return {
    file: outFile,
    fileBytes: dataStart + dataBytes,
    blockWeightBytes: plan.filter((t) => !isHead(t) && t.dims.length === 2).reduce((s, t) => s + t.bytes, 0),
    headBytes: plan.filter(isHead).reduce((s, t) => s + t.bytes, 0),
    fallbacks,
  };
}

interface ShardTensorEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function readIndex(dir: string): Map<string, SourceTensor> {
  const index = JSON.parse(readFileSync(join(dir, "model.safetensors.index.json"), "utf8"));
  const headers = new Map<string, { dataStart: number; header: Record<string, ShardTensorEntry | undefined> }>();
  const tensors = new Map<string, SourceTensor>();
  for (const [name, shard] of Object.entries<string>(index.weight_map)) {
    const file = join(dir, shard);
    if (!headers.has(file)) {
      const fd = openSync(file, "r");
      try {
        const len = Buffer.alloc(8);
        readSync(fd, len, 0, 8, 0);
        const n = Number(len.readBigUInt64LE());
        const json = Buffer.alloc(n);
        readSync(fd, json, 0, n, 8);
        headers.set(file, { dataStart: 8 + n, header: JSON.parse(json.toString("utf8")) });
      } finally {
        closeSync(fd);
      }
    }
    const { dataStart, header } = headers.get(file)!;
    const entry = header[name];
    if (!entry) throw new Error(`${file}: the index names ${name} but the shard's header lacks it`);
    tensors.set(name, {
      file,
      dtype: entry.dtype,
      shape: entry.shape,
      begin: dataStart + entry.data_offsets[0],
      end: dataStart + entry.data_offsets[1],
    });
  }
  return tensors;
}

function readAsFloat32(t: SourceTensor): Float32Array {
  const raw = Buffer.alloc(t.end - t.begin);
  const fd = openSync(t.file, "r");
  try {
    for (let done = 0; done < raw.length; ) {
      const n = readSync(fd, raw, done, Math.min(raw.length - done, 1 << 30), t.begin + done);
      if (n === 0) throw new Error(`${t.file}: ended inside a tensor`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  const count = t.shape.reduce((a, b) => a * b, 1);
  if (t.dtype === "F32") return new Float32Array(raw.buffer, raw.byteOffset, count).slice();
  const out = new Float32Array(count);
  const u16 = new Uint16Array(raw.buffer, raw.byteOffset, count);
  if (t.dtype === "BF16") {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = u16[i] << 16;
  } else if (t.dtype === "F16") {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(u16[i]);
  } else {
    throw new Error(`${t.file}: dtype ${t.dtype} is not supported by the GGUF writer`);
  }
  return out;
}

/** HF's rotate_half layout -> llama.cpp's interleaved pairs, per head: row (i, j) moves to (j, i). */
function permuteRotaryRows(w: Float32Array, rows: number, cols: number, heads: number): void {
  const headRows = rows / heads;
  const half = headRows / 2;
  const copy = w.slice();
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < half; j++) {
        const from = h * headRows + i * half + j;
        const to = h * headRows + j * 2 + i;
        w.set(copy.subarray(from * cols, (from + 1) * cols), to * cols);
      }
    }
  }
}

function tensorBytes(dims: number[], type: GgufTensorType): number {
  const count = dims.reduce((a, b) => a * b, 1);
  if (type === "F32") return count * 4;
  if (type === "BF16") return count * 2;
  return (count / QK4_0) * 18;
}

function encode(values: Float32Array, type: GgufTensorType): Uint8Array {
  if (type === "F32") return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (type === "BF16") {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    const out = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const b = bits[i];
      out[i] = (b + 0x7fff + ((b >>> 16) & 1)) >>> 16; // round to nearest even
    }
    return new Uint8Array(out.buffer);
  }
  return quantizeQ4_0(values);
}

/** ggml's quantize_row_q4_0_ref: per 32 values an f16 scale d = max/-8 and 16 bytes of nibbles. */
export function quantizeQ4_0(x: Float32Array): Uint8Array {
  const blocks = x.length / QK4_0;
  const out = new Uint8Array(blocks * 18);
  const view = new DataView(out.buffer);
  for (let b = 0; b < blocks; b++) {
    const base = b * QK4_0;
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK4_0; j++) {
      const v = x[base + j];
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = Math.fround(max / -8);
    const id = d ? Math.fround(1 / d) : 0;
    view.setUint16(b * 18, floatToHalf(d), true);
    for (let j = 0; j < QK4_0 / 2; j++) {
      const x0 = Math.fround(x[base + j] * id);
      const x1 = Math.fround(x[base + QK4_0 / 2 + j] * id);
      // (int8_t)(x + 8.5f) truncates toward zero, as the C cast does.
      const xi0 = Math.min(15, Math.trunc(Math.fround(x0 + 8.5)));
      const xi1 = Math.min(15, Math.trunc(Math.fround(x1 + 8.5)));
      out[b * 18 + 2 + j] = xi0 | (xi1 << 4);
    }
  }
  return out;
}

/** ggml's dequantize_row_q4_0: what llama.cpp computes with, for measuring what Q4_0 costs. */
export function dequantizeQ4_0(blocks: Uint8Array): Float32Array {
  const view = new DataView(blocks.buffer, blocks.byteOffset, blocks.byteLength);
  const out = new Float32Array((blocks.length / 18) * QK4_0);
  for (let b = 0; b < blocks.length / 18; b++) {
    const d = halfToFloat(view.getUint16(b * 18, true));
    for (let j = 0; j < QK4_0 / 2; j++) {
      const byte = blocks[b * 18 + 2 + j];
      out[b * QK4_0 + j] = ((byte & 15) - 8) * d;
      out[b * QK4_0 + QK4_0 / 2 + j] = ((byte >> 4) - 8) * d;
    }
  }
  return out;
}

function tokenizerMetadata(dir: string, config: { vocab_size: number; bos_token_id?: number; eos_token_id?: number | number[] }): Array<[string, MetaValue]> {
  const tok = JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8"));
  const vocab: Record<string, number> = tok.model.vocab;
  const tokens: string[] = new Array(config.vocab_size).fill("");
  for (const [piece, id] of Object.entries(vocab)) if (id < tokens.length) tokens[id] = piece;
  for (const added of tok.added_tokens ?? []) if (added.id < tokens.length) tokens[added.id] = added.content;
  for (let id = 0; id < tokens.length; id++) if (!tokens[id]) tokens[id] = `[PAD${id}]`;

  // llama.cpp's SentencePiece tokenizer merges the pair with the highest score; HF's BPE merges
  // by rank. A token's score is minus the rank of the first merge that makes it, which orders the
  // two the same way (HF's own converter derives ranks from these scores in the other direction).
  const scores = new Array<number>(tokens.length).fill(0);
  const made = new Set<number>();
  (tok.model.merges as Array<string | [string, string]>).forEach((merge, rank) => {
    const [a, b] = typeof merge === "string" ? merge.split(" ") : merge;
    const id = vocab[a + b];
    if (id !== undefined && !made.has(id)) {
      made.add(id);
      scores[id] = -rank;
    }
  });
  const added: Array<{ id: number; special?: boolean }> = tok.added_tokens ?? [];
  const special = new Set<number>(added.filter((t) => t.special).map((t) => t.id));
  const types = tokens.map((piece, id) => {
    if (piece === "<unk>") return 2; // UNKNOWN
    if (special.has(id)) return 3; // CONTROL
    if (/^<0x[0-9A-F]{2}>$/.test(piece)) return 6; // BYTE
    return 1; // NORMAL
  });
  const eos = Array.isArray(config.eos_token_id) ? config.eos_token_id[0] : (config.eos_token_id ?? 2);
  return [
    ["tokenizer.ggml.model", { t: "str", v: "llama" }],
    ["tokenizer.ggml.tokens", { t: "arr_str", v: tokens }],
    ["tokenizer.ggml.scores", { t: "arr_f32", v: scores }],
    ["tokenizer.ggml.token_type", { t: "arr_i32", v: types }],
    ["tokenizer.ggml.bos_token_id", { t: "u32", v: config.bos_token_id ?? 1 }],
    ["tokenizer.ggml.eos_token_id", { t: "u32", v: eos }],
    ["tokenizer.ggml.unknown_token_id", { t: "u32", v: vocab["<unk>"] ?? 0 }],
    ["tokenizer.ggml.add_bos_token", { t: "bool", v: true }],
    ["tokenizer.ggml.add_eos_token", { t: "bool", v: false }],
  ];
}

class ByteWriter {
  private chunks: Buffer[] = [];
  u8(v: number) {
    this.chunks.push(Buffer.from([v]));
  }
  u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.chunks.push(b);
  }
  i32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.chunks.push(b);
  }
  u64(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.chunks.push(b);
  }
  f32(v: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.chunks.push(b);
  }
  str(s: string) {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.chunks.push(bytes);
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

// gguf_type ids
const T = { U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 };

function encodeHeader(meta: Array<[string, MetaValue]>, tensors: PlannedTensor[]): Buffer {
  const w = new ByteWriter();
  w.u32(0x46554747); // "GGUF"
  w.u32(3);
  w.u64(tensors.length);
  w.u64(meta.length);
  for (const [key, value] of meta) {
    w.str(key);
    switch (value.t) {
      case "u32":
        w.u32(T.U32);
        w.u32(value.v);
        break;
      case "i32":
        w.u32(T.I32);
        w.i32(value.v);
        break;
      case "f32":
        w.u32(T.F32);
        w.f32(value.v);
        break;
      case "bool":
        w.u32(T.BOOL);
        w.u8(value.v ? 1 : 0);
        break;
      case "str":
        w.u32(T.STRING);
        w.str(value.v);
        break;
      case "arr_str":
        w.u32(T.ARRAY);
        w.u32(T.STRING);
        w.u64(value.v.length);
        for (const s of value.v) w.str(s);
        break;
      case "arr_f32":
        w.u32(T.ARRAY);
        w.u32(T.F32);
        w.u64(value.v.length);
        for (const f of value.v) w.f32(f);
        break;
      case "arr_i32":
        w.u32(T.ARRAY);
        w.u32(T.I32);
        w.u64(value.v.length);
        for (const i of value.v) w.i32(i);
        break;
    }
  }
  for (const t of tensors) {
    w.str(t.ggufName);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_TYPE[t.type]);
    w.u64(t.offset);
  }
  return w.bytes();
}

function align(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** float -> IEEE half, round to nearest even (what ggml's GGML_FP32_TO_FP16 does on x86). */
function floatToHalf(f: number): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, f);
  const x = buf.getUint32(0);
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}
