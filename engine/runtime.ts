// The model on onnxruntime: an embed session, the decoder blocks in one or more sessions of
// consecutive blocks, and a head session, over one checkpoint and the KV cache they share. It runs tokens through the model; which tokens, and what comes of the logits,
// is generate.ts's business.

import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as ort from "onnxruntime-node";
import { openCheckpoint, type BlockSpan, type Checkpoint } from "./checkpoint";
import type { LlamaConfig } from "./config";
import { buildBlocksGraph, buildEmbedGraph, buildHeadGraph, LINEARS, pastKeyName, pastValueName, presentKeyName, presentValueName, type BuiltGraph, type LayerWeights, type LinearWeight } from "./graph";
import { KvCache } from "./kv-cache";
import { Int4Cache, quantizeInt4 } from "./quantize";

export interface RuntimeOptions {
  /** Quantize the decoder blocks to 4 bits on load (cached beside the checkpoint). */
  int4?: boolean;
  /**
   * Weights per 4-bit block along the input dimension (default 128). Measured here: with blocks of
   * 32, onnxruntime's packed form takes 1.45x the packed bytes; with 128, about 1x and fewer bytes
   * read per token.
   */
  int4BlockSize?: number;
  /** MatMulNBits accuracy_level: 4 computes in int8 (fastest), 0 in float32. */
  int4AccuracyLevel?: number;
  /** Sequences decoded together at most. */
  maxBatch?: number;
  /** Prompt plus generated tokens per sequence at most. */
  maxSequenceLength?: number;
  threads?: number;
  /**
   * Decoder-block weights per onnxruntime session at most (default 512 MiB). While a session is
   * created its weights exist twice (the JS copy and onnxruntime's), so this bounds the extra
   * memory loading needs; a block larger than this gets a session of its own.
   */
  maxSessionBytes?: number;
  onProgress?: (message: string) => void;
}

interface BlockSession {
  span: BlockSpan;
  session: ort.InferenceSession;
}

export class Runtime {
  private constructor(
    readonly checkpoint: Checkpoint,
    readonly kv: KvCache,
    readonly int4: { blockSize: number; accuracyLevel: number } | null,
    private readonly embedSession: ort.InferenceSession,
    private readonly blockSessions: BlockSession[],
    private readonly headSession: ort.InferenceSession,
  ) {}

  get config(): LlamaConfig {
    return this.checkpoint.config;
  }

  get revision(): string {
    return this.checkpoint.revision;
  }

  get maxBatch(): number {
    return this.kv.slots;
  }

  get maxSequenceLength(): number {
    return this.kv.maxSequenceLength;
  }

  static async load(dir: string, options: RuntimeOptions = {}): Promise<Runtime> {
    const runtime = await Runtime.build(dir, options);
    // Out here, no frame still holds the weights' JS copies.
    collectGarbage();
    options.onProgress?.("model loaded");
    return runtime;
  }

  private static async build(dir: string, options: RuntimeOptions): Promise<Runtime> {
    const progress = options.onProgress ?? (() => {});
    const checkpoint = openCheckpoint(dir);
    const config = checkpoint.config;
    const maxSequenceLength = Math.min(options.maxSequenceLength ?? 2048, config.maxPositionEmbeddings);
    const maxBatch = options.maxBatch ?? 8;
    const threads = options.threads ?? availableParallelism();
    const int4 = options.int4 ? { blockSize: options.int4BlockSize ?? 128, accuracyLevel: options.int4AccuracyLevel ?? 4 } : null;
    const cache = int4 ? Int4Cache.beside(dir, checkpoint.revision, int4.blockSize) : null;

    const linearWeight = (name: string, n: number, k: number): LinearWeight => {
      if (!int4 || !cache) return { kind: "fp32", weight: checkpoint.tensor(`${name}.weight`) };
      let weight = cache.load(name, n, k, int4.blockSize);
      if (!weight) {
        weight = quantizeInt4(checkpoint.tensor(`${name}.weight`), n, k, int4.blockSize);
        cache.store(name, weight);
      }
      return { kind: "int4", weight, accuracyLevel: int4.accuracyLevel };
    };
    const { hiddenSize: h, intermediateSize: m, numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim: d } = config;
    const shapes: Record<(typeof LINEARS)[number], [number, number]> = {
      "self_attn.q_proj": [heads * d, h],
      "self_attn.k_proj": [kvHeads * d, h],
      "self_attn.v_proj": [kvHeads * d, h],
      "self_attn.o_proj": [h, heads * d],
      "mlp.gate_proj": [m, h],
      "mlp.up_proj": [m, h],
      "mlp.down_proj": [h, m],
    };
    const layerWeights = (layer: number): LayerWeights => {
      progress(`loading block ${layer + 1}/${config.numHiddenLayers}${int4 ? " (4-bit)" : ""}`);
      const p = `model.layers.${layer}`;
      const linear = Object.fromEntries(LINEARS.map((l) => [l, linearWeight(`${p}.${l}`, ...shapes[l])])) as LayerWeights["linear"];
      return {
        inputLayernorm: checkpoint.tensor(`${p}.input_layernorm.weight`),
        postAttentionLayernorm: checkpoint.tensor(`${p}.post_attention_layernorm.weight`),
        linear,
      };
    };

    const createSession = (graph: BuiltGraph) => ort.InferenceSession.create(graph.model, sessionOptions(threads, graph));
    const embed = await createSession(buildEmbedGraph(config, checkpoint.tensor("model.embed_tokens.weight")));
    // 4-bit: half a byte a weight, plus a float scale and half a byte of zero point a block.
    const bytesPerWeight = int4 ? 0.5 + 4.5 / int4.blockSize : 4;
    const blockBytes = Object.values(shapes).reduce((sum, [n, k]) => sum + n * k, 0) * bytesPerWeight + 2 * h * 4;
    const blocks: BlockSession[] = [];
    for (const span of sessionSpans(checkpoint.span, Math.max(1, Math.floor((options.maxSessionBytes ?? 2 ** 29) / blockBytes)))) {
      blocks.push({ span, session: await createSession(buildBlocksGraph(config, span, maxSequenceLength, layerWeights)) });
      collectGarbage();
    }
    const head = await createSession(
      buildHeadGraph(config, checkpoint.tensor("model.norm.weight"), checkpoint.tensor(config.tieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight")),
    );
    const kv = new KvCache(config.numHiddenLayers, maxBatch, kvHeads, maxSequenceLength, d);
    return new Runtime(checkpoint, kv, int4, embed, blocks, head);
  }

  /**
   * Runs a prompt (or its continuation) through one slot's cache.
   * Returns the logits of the last position, or of every position with allPositions.
   */
  async prefill(slot: number, tokens: number[], allPositions = false): Promise<Float32Array> {
    const past = this.kv.lengths[slot];
    if (past + tokens.length > this.maxSequenceLength) {
      throw new Error(`${past + tokens.length} tokens exceed the maximum sequence length ${this.maxSequenceLength}`);
    }
    const hidden = await this.runBlocks(await this.embed([tokens]), slot, [past], tokens.length);
    this.kv.lengths[slot] = past + tokens.length;
    const h = this.config.hiddenSize;
    const rows = allPositions ? tokens.length : 1;
    const last = hidden.subarray(hidden.length - rows * h);
    return this.head(last, 1, rows);
  }

  /** One token for each of slots 0..tokens.length-1. Returns (tokens.length, vocab) logits. */
  async decode(tokens: number[]): Promise<Float32Array> {
    const n = tokens.length;
    const past = Array.from(this.kv.lengths.subarray(0, n));
    if (past.some((p) => p + 1 > this.maxSequenceLength)) throw new Error(`a sequence reached the maximum sequence length ${this.maxSequenceLength}`);
    const hidden = await this.runBlocks(await this.embed(tokens.map((t) => [t])), 0, past, 1);
    for (let i = 0; i < n; i++) this.kv.lengths[i] += 1;
    return this.head(hidden, n, 1);
  }

  /** A sequence left the batch: the last active one takes its slot so the active slots stay 0..n-1. */
  release(slot: number, active: number): void {
    this.kv.lengths[slot] = 0;
    this.kv.move(active - 1, slot);
  }

  async close(): Promise<void> {
    await Promise.all([this.embedSession, ...this.blockSessions.map((b) => b.session), this.headSession].map((s) => s.release()));
  }

  private async embed(ids: number[][]): Promise<Float32Array> {
    const flat = BigInt64Array.from(ids.flat(), (t) => BigInt(t));
    const result = await this.embedSession.run({ input_ids: new ort.Tensor("int64", flat, [ids.length, ids[0].length]) });
    return result.hidden_states.data as Float32Array;
  }

  /** Slots [first, first + past.length), each holding past[i] tokens, take `sequence` new ones each. */
  private async runBlocks(hidden: Float32Array, first: number, past: number[], sequence: number): Promise<Float32Array> {
    const batch = past.length;
    const { hiddenSize: h } = this.config;
    const seqlens = new ort.Tensor("int32", Int32Array.from(past, (p) => p + sequence - 1), [batch]);
    const total = new ort.Tensor("int32", Int32Array.of(Math.max(...past) + sequence), []);
    const dims = this.kv.dims(batch);
    for (const { span, session } of this.blockSessions) {
      const feeds: Record<string, ort.Tensor> = {
        hidden_states: new ort.Tensor("float32", hidden, [batch, sequence, h]),
        seqlens_k: seqlens,
        total_sequence_length: total,
      };
      const fetches: Record<string, ort.Tensor | null> = { output_hidden_states: null };
      for (let layer = span.start; layer < span.end; layer++) {
        const { key, value } = this.kv.view(layer - this.checkpoint.span.start, first, batch);
        // Past and present are the same memory: GroupQueryAttention writes the new positions in place.
        const keyTensor = new ort.Tensor("float32", key, dims);
        const valueTensor = new ort.Tensor("float32", value, dims);
        feeds[pastKeyName(layer)] = keyTensor;
        feeds[pastValueName(layer)] = valueTensor;
        fetches[presentKeyName(layer)] = keyTensor;
        fetches[presentValueName(layer)] = valueTensor;
      }
      const result = await session.run(feeds, fetches);
      hidden = result.output_hidden_states.data as Float32Array;
    }
    return hidden;
  }

  private async head(hidden: Float32Array, batch: number, sequence: number): Promise<Float32Array> {
    const result = await this.headSession.run({ hidden_states: new ort.Tensor("float32", hidden, [batch, sequence, this.config.hiddenSize]) });
    return result.logits.data as Float32Array;
  }
}

/**
 * onnxruntime copies the weights into its own memory, so the JS copies are garbage once the
 * sessions exist. V8 collects only under allocation pressure, which a loaded model at rest never
 * creates: without this the process holds every weight twice.
 */
/** Consecutive spans of at most `perSession` blocks. */
function sessionSpans(span: BlockSpan, perSession: number): BlockSpan[] {
  const spans: BlockSpan[] = [];
  for (let start = span.start; start < span.end; start += perSession) spans.push({ start, end: Math.min(start + perSession, span.end) });
  return spans;
}

function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // Measured: one pass leaves the buffers held (finalizers of the binding run first), two free them.
  gc();
  gc();
}

function sessionOptions(threads: number, graph: BuiltGraph): ort.InferenceSession.SessionOptions {
  // onnxruntime-node bundles the CPU provider; asking for one it lacks throws rather than falling back.
  const cpu = ort.listSupportedBackends().find((b) => b.name === "cpu");
  if (!cpu) throw new Error("onnxruntime-node has no CPU execution provider on this machine");
  return {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    externalData: graph.externalData,
    // Idle intra-op threads otherwise spin after each run and steal the cores the next session needs.
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}
