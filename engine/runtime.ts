// The model on onnxruntime: one session holding embeddings, decoder blocks and head (or, where the
// weights must stay in memory, several sessions of consecutive blocks), over one checkpoint and the
// KV cache they share. A span of blocks loads alone: token ids in only where it starts the model,
// logits out only where it ends it, hidden states otherwise. It runs tokens through the model; which tokens, and what comes of the logits,
// is generate.ts's business.

import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ort } from "./onnxruntime";
import { openCheckpoint, spanParts, type BlockSpan, type Checkpoint } from "./checkpoint";
import type { LlamaConfig } from "./config";
import { buildGraph, LINEARS, newKeyName, newValueName, pastKeyName, pastValueName, type BuiltGraph, type LayerWeights, type LinearWeight } from "./graph";
import { KvCache } from "./kv-cache";
import { createSession } from "./prepacked-session";
import { availableMemory, refuseWhatDoesNotFit } from "./memory-estimate";
import { chooseInt4BlockSize, DEFAULT_INT4_BLOCK_SIZE, quantizeInt4, type Int4Weight } from "./quantize";
import { bytesOf, WeightCache, type TensorSpec, type WeightData } from "./weight-cache";

export interface RuntimeOptions {
  /** Quantize the decoder blocks to 4 bits on load (cached beside the checkpoint). */
  int4?: boolean;
  /** Weights per 4-bit block along the input dimension (default DEFAULT_INT4_BLOCK_SIZE; smaller where a width needs it). */
  int4BlockSize?: number;
  /** MatMulNBits accuracy_level: 4 computes in int8 (fastest), 0 in float32. */
  int4AccuracyLevel?: number;
  /** Sequences decoded together at most. */
  maxBatch?: number;
  /** Prompt plus generated tokens per sequence at most (default: the model's max_position_embeddings). */
  maxSequenceLength?: number;
  threads?: number;
  /**
   * Let the intra-op threads spin between the operators of a run instead of sleeping, and stop when
   * the run returns. Off by default: on 2 cores (bench/engine/thread-spinning.ts) spinning decodes
   * TinyLlama 1.10x as fast on an idle machine, but 0.67x as fast beside one busy process, and this
   * engine shares its machine with the app, its database and other workers.
   */
  spinWithinRun?: boolean;
  /**
   * Decoder-block weights per onnxruntime session at most. With the weight cache onnxruntime reads
   * the weights from its files and the whole model is one session (the default). Where the
   * checkpoint folder cannot be written the weights are handed over from memory, where they exist
   * twice while a session is created, so sessions then take 512 MiB at most by default; a block
   * larger than this gets a session of its own.
   */
  maxSessionBytes?: number;
  /**
   * Blocks to load, "a:b" (blocks a to b-1); all when absent. A span that starts the model takes
   * token ids, one that ends it gives logits; otherwise hidden states come in and go out, for the
   * span before or after it (in this process or another). Only the span's weights and KV cache are held.
   */
  blocks?: string;
  /** Bytes the load may take; measured (memory-estimate.ts availableMemory) when absent. */
  availableMemory?: number;
  onProgress?: (message: string) => void;
}

interface ModelSession {
  span: BlockSpan;
  session: ort.InferenceSession;
  /** Whether it takes input_ids (else hidden_states) and gives logits and next_tokens (else output_hidden_states). */
  embed: boolean;
  head: boolean;
  /** Per (first slot, batch): the KV cache's layers as feeds, tensors over the cache's own memory (until it changes capacity). */
  pastFeeds: Map<string, Record<string, ort.Tensor>>;
}

type Fetch = "logits" | "next_tokens";

/** Token ids where the span starts the model; else hidden states, rows of hidden_size, from the span before. */
export type SpanInput = number[] | Float32Array;

export class Runtime {
  private constructor(
    readonly checkpoint: Checkpoint,
    readonly kv: KvCache,
    readonly int4: { blockSize: number; accuracyLevel: number } | null,
    private readonly sessions: ModelSession[],
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
    const checkpoint = openCheckpoint(dir, { blocks: options.blocks });
    const config = checkpoint.config;
    const maxSequenceLength = options.maxSequenceLength ?? config.maxPositionEmbeddings;
    if (!Number.isInteger(maxSequenceLength) || maxSequenceLength < 1 || maxSequenceLength > config.maxPositionEmbeddings) {
      throw new Error(
        `maximum sequence length ${maxSequenceLength} must be a whole number from 1 to the model's max_position_embeddings (${config.maxPositionEmbeddings})`,
      );
    }
    const maxBatch = options.maxBatch ?? 8;
    const threads = options.threads ?? availableParallelism();
    const { hiddenSize: h, intermediateSize: m, numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim: d, vocabSize: vocab } = config;
    let int4: { blockSize: number; accuracyLevel: number } | null = null;
    if (options.int4) {
      const choice = chooseInt4BlockSize(
        { "model.layers.*.self_attn.q_proj.weight": h, "model.layers.*.self_attn.o_proj.weight": heads * d, "model.layers.*.mlp.down_proj.weight": m },
        options.int4BlockSize ?? DEFAULT_INT4_BLOCK_SIZE,
      );
      if (choice.reducedFor) progress(`4-bit blocks of ${choice.blockSize}: ${choice.reducedFor}`);
      int4 = { blockSize: choice.blockSize, accuracyLevel: options.int4AccuracyLevel ?? 4 };
    }
    // Before any weight is read: a model that cannot fit is refused, not killed by the kernel half-way.
    refuseWhatDoesNotFit(
      config,
      {
        span: checkpoint.span,
        int4BlockSize: int4?.blockSize ?? null,
        maxBatch,
        maxSequenceLength,
        maxSessionBytes: options.maxSessionBytes ?? 2 ** 29,
      },
      options.availableMemory ?? availableMemory(),
      dir,
    );
    const cache = WeightCache.open(dir, checkpoint.revision, int4 ? `int4-block${int4.blockSize}` : "fp32", checkpoint.shards.values());

    const shapes: Record<(typeof LINEARS)[number], [number, number]> = {
      "self_attn.q_proj": [heads * d, h],
      "self_attn.k_proj": [kvHeads * d, h],
      "self_attn.v_proj": [kvHeads * d, h],
      "self_attn.o_proj": [h, heads * d],
      "mlp.gate_proj": [m, h],
      "mlp.up_proj": [m, h],
      "mlp.down_proj": [h, m],
    };
    /** The tensors of one cache file, produced on a miss by reading (and converting or packing) the checkpoint's. */
    const weights = (file: string, specs: TensorSpec[], produce: (spec: TensorSpec) => Uint8Array): Map<string, WeightData> =>
      cache ? cache.tensors(file, specs, produce) : new Map(specs.map((spec) => [spec.name, produce(spec)]));
    const fp32 = (name: string) => bytesOf(checkpoint.tensor(name));

    // A linear's three 4-bit tensors come from one packing, made when the first is asked for.
    let packed: { name: string; weight: Int4Weight } | null = null;
    const int4Part = (linear: string, part: "packed" | "scales" | "zeroPoints", n: number, k: number) => {
      if (packed?.name !== linear) packed = { name: linear, weight: quantizeInt4(checkpoint.tensor(`${linear}.weight`), n, k, int4!.blockSize) };
      return bytesOf(packed.weight[part]);
    };
    const int4Bytes = (n: number, k: number) => {
      const blocks = k / int4!.blockSize;
      return { packed: (n * k) / 2, scales: n * blocks * 4, zeroPoints: n * Math.ceil(blocks / 2) };
    };

    const layerWeights = (layer: number): LayerWeights => {
      const p = `model.layers.${layer}`;
      const file = `${p}.bin`;
      const specs: TensorSpec[] = [
        { name: `${p}.input_layernorm.weight`, bytes: h * 4 },
        { name: `${p}.post_attention_layernorm.weight`, bytes: h * 4 },
      ];
      const produce = new Map<string, () => Uint8Array>(specs.map((s) => [s.name, () => fp32(s.name)]));
      for (const l of LINEARS) {
        const [n, k] = shapes[l];
        if (!int4) {
          specs.push({ name: `${p}.${l}.weight`, bytes: n * k * 4 });
          produce.set(`${p}.${l}.weight`, () => fp32(`${p}.${l}.weight`));
          continue;
        }
        for (const [part, bytes] of Object.entries(int4Bytes(n, k)) as ["packed" | "scales" | "zeroPoints", number][]) {
          specs.push({ name: `${p}.${l}.${part}`, bytes });
          produce.set(`${p}.${l}.${part}`, () => int4Part(`${p}.${l}`, part, n, k));
        }
      }
      const cached = cache?.has(file, specs) ?? false;
      progress(`block ${layer + 1}/${config.numHiddenLayers}: ${cached ? "cached" : int4 ? "packing 4-bit weights" : "converting to fp32"}`);
      const data = weights(file, specs, (spec) => produce.get(spec.name)!());
      packed = null;
      const linear = Object.fromEntries(
        LINEARS.map((l): [string, LinearWeight] => [
          l,
          int4
            ? {
                kind: "int4",
                blockSize: int4.blockSize,
                packed: data.get(`${p}.${l}.packed`)!,
                scales: data.get(`${p}.${l}.scales`)!,
                zeroPoints: data.get(`${p}.${l}.zeroPoints`)!,
                accuracyLevel: int4.accuracyLevel,
              }
            : { kind: "fp32", weight: data.get(`${p}.${l}.weight`)! },
        ]),
      ) as LayerWeights["linear"];
      return { inputLayernorm: data.get(`${p}.input_layernorm.weight`)!, postAttentionLayernorm: data.get(`${p}.post_attention_layernorm.weight`)!, linear };
    };
    const embedTable = () =>
      weights("model.embed_tokens.bin", [{ name: "model.embed_tokens.weight", bytes: vocab * h * 4 }], (s) => fp32(s.name)).get("model.embed_tokens.weight")!;
    const headWeights = () => {
      const lmHead = config.tieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
      const data = weights(
        "head.bin",
        [
          { name: "model.norm.weight", bytes: h * 4 },
          { name: lmHead, bytes: vocab * h * 4 },
        ],
        (s) => fp32(s.name),
      );
      return { norm: data.get("model.norm.weight")!, lmHead: data.get(lmHead)! };
    };

    // 4-bit: half a byte a weight, plus a float scale and half a byte of zero point a block.
    const bytesPerWeight = int4 ? 0.5 + 4.5 / int4.blockSize : 4;
    const blockBytes = Object.values(shapes).reduce((sum, [n, k]) => sum + n * k, 0) * bytesPerWeight + 2 * h * 4;
    const maxSessionBytes = options.maxSessionBytes ?? (cache ? Infinity : 2 ** 29);
    const parts = spanParts(config, checkpoint.span);
    const spans = sessionSpans(checkpoint.span, Math.max(1, Math.floor(maxSessionBytes / blockBytes)));
    const sessions: ModelSession[] = [];
    for (const [i, span] of spans.entries()) {
      const embed = i === 0 && parts.embed;
      const head = i === spans.length - 1 && parts.head;
      const graph = buildGraph(config, span, maxSequenceLength, { embed: embed ? embedTable() : null, head: head ? headWeights() : null }, layerWeights);
      // 4-bit sessions are made from the graph each time: a model saved with MatMulNBits' packed weights computed other
      // logits than the session it was saved from (onnxruntime 1.30, engine-forward.test.ts), and their load is quick already.
      const saveTo = int4 || !cache ? null : { cacheDir: cache.dir, label: `blocks-${span.start}-${span.end}-positions-${maxSequenceLength}` };
      const { session, source } = await createSession(graph, sessionOptions(threads, options.spinWithinRun ?? false, graph, cache?.dir ?? null), saveTo);
      if (source === "saved packed model") progress(`blocks ${span.start}-${span.end - 1}: weights already packed (saved by an earlier load)`);
      sessions.push({ span, session, embed, head, pastFeeds: new Map() });
      // onnxruntime holds its own copy now: the JS one is garbage, collected before the next span's is made.
      collectGarbage();
    }
    progress("weights loaded");
    const kv = new KvCache(checkpoint.span.end - checkpoint.span.start, maxBatch, kvHeads, maxSequenceLength, d);
    return new Runtime(checkpoint, kv, int4, sessions);
  }

  get span(): BlockSpan {
    return this.checkpoint.span;
  }

  /** Whether the span starts the model (takes token ids) and ends it (gives logits). */
  get parts(): { embed: boolean; head: boolean } {
    return spanParts(this.config, this.span);
  }

  /**
   * Runs a prompt (or its continuation) through one slot's cache: token ids where the span starts
   * the model, else the span before's hidden states (sequence x hidden). Returns the logits of the
   * last position, or of every position with allPositions; a span that does not end the model
   * returns the hidden states of every position, which the span after it needs.
   */
  async prefill(slot: number, input: SpanInput, allPositions = false): Promise<Float32Array> {
    const sequence = this.rows(input);
    const positions = allPositions ? Array.from({ length: sequence }, (_, i) => i) : [sequence - 1];
    return (await this.prefillRun(slot, input, sequence, positions, "logits")).data as Float32Array;
  }

  /** prefill, then the greedy next token (the first of equal maxima), chosen inside the graph. */
  async prefillGreedy(slot: number, input: SpanInput): Promise<number> {
    const sequence = this.rows(input);
    const ids = (await this.prefillRun(slot, input, sequence, [sequence - 1], "next_tokens")).data as BigInt64Array;
    return Number(ids[0]);
  }

  /**
   * One position for each of slots 0..n-1: n token ids, or n rows of hidden states. Returns (n,
   * vocab) logits, or (n, hidden) hidden states from a span that does not end the model.
   */
  async decode(input: SpanInput): Promise<Float32Array> {
    return (await this.decodeRun(input, "logits")).data as Float32Array;
  }

  /** decode, then each slot's greedy next token, chosen inside the graph: only the ids come back. */
  async decodeGreedy(input: SpanInput): Promise<number[]> {
    return Array.from((await this.decodeRun(input, "next_tokens")).data as BigInt64Array, Number);
  }

  /** A sequence left the batch: the last active one takes its slot so the active slots stay 0..n-1. */
  release(slot: number, active: number): void {
    this.kv.lengths[slot] = 0;
    this.kv.move(active - 1, slot);
  }

  async close(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.session.release()));
  }

  /** Rows of input (positions of one sequence, or sequences of one position each); the kind of input the span does not take is refused. */
  private rows(input: SpanInput): number {
    const name = `blocks ${this.span.start}:${this.span.end}`;
    if (Array.isArray(input)) {
      if (!this.parts.embed) throw new Error(`${name} take the hidden states of blocks 0:${this.span.start}, not token ids`);
      return input.length;
    }
    if (this.parts.embed) throw new Error(`${name} start the model: they take token ids, not hidden states`);
    const h = this.config.hiddenSize;
    if (input.length === 0 || input.length % h !== 0) throw new Error(`${name} take hidden states in rows of ${h}, got ${input.length} values`);
    return input.length / h;
  }

  private async prefillRun(slot: number, input: SpanInput, sequence: number, positions: number[], fetch: Fetch): Promise<ort.Tensor> {
    const past = this.kv.lengths[slot];
    if (past + sequence > this.maxSequenceLength) {
      throw new Error(`${past + sequence} tokens exceed the maximum sequence length ${this.maxSequenceLength}`);
    }
    const result = await this.run(input, 1, sequence, slot, [past], positions, fetch);
    this.kv.lengths[slot] = past + sequence;
    return result;
  }

  private async decodeRun(input: SpanInput, fetch: Fetch): Promise<ort.Tensor> {
    const batch = this.rows(input);
    const past = Array.from(this.kv.lengths.subarray(0, batch));
    if (past.some((p) => p + 1 > this.maxSequenceLength)) throw new Error(`a sequence reached the maximum sequence length ${this.maxSequenceLength}`);
    const result = await this.run(input, batch, 1, 0, past, [0], fetch);
    for (let i = 0; i < batch; i++) this.kv.lengths[i] += 1;
    return result;
  }

  /** Slots [first, first + batch), each holding past[i] tokens, take `sequence` positions each of the input. */
  private async run(input: SpanInput, batch: number, sequence: number, first: number, past: number[], positions: number[], fetch: Fetch): Promise<ort.Tensor> {
    if (fetch === "next_tokens" && !this.parts.head) {
      throw new Error(`blocks ${this.span.start}:${this.span.end} end before the head: they give hidden states, not tokens`);
    }
    const positionIds = new ort.Tensor("int64", BigInt64Array.from(past.flatMap((p) => Array.from({ length: sequence }, (_, t) => BigInt(p + t)))), [
      batch,
      sequence,
    ]);
    const seqlens = new ort.Tensor(
      "int32",
      Int32Array.from(past, (p) => p + sequence - 1),
      [batch],
    );
    const total = new ort.Tensor("int32", Int32Array.of(Math.max(...past) + sequence), []);
    if (this.kv.fit(Math.max(...past) + sequence)) for (const s of this.sessions) s.pastFeeds.clear();
    let hidden: ort.Tensor | null = Array.isArray(input) ? null : new ort.Tensor("float32", input, [batch, sequence, this.config.hiddenSize]);
    for (const s of this.sessions) {
      const feeds: Record<string, ort.Tensor> = {
        ...this.pastFeeds(s, first, batch),
        position_ids: positionIds,
        seqlens_k: seqlens,
        total_sequence_length: total,
      };
      if (s.embed) feeds.input_ids = new ort.Tensor("int64", BigInt64Array.from(input as number[], BigInt), [batch, sequence]);
      else feeds.hidden_states = hidden!;
      if (s.head) feeds.logit_positions = new ort.Tensor("int64", BigInt64Array.from(positions, BigInt), [positions.length]);
      const output = s.head ? fetch : "output_hidden_states";
      const fetches = [output];
      for (let layer = s.span.start; layer < s.span.end; layer++) fetches.push(newKeyName(layer), newValueName(layer));
      const result = await s.session.run(feeds, fetches);
      for (let layer = s.span.start; layer < s.span.end; layer++) {
        const keys = result[newKeyName(layer)].data as Float32Array;
        const values = result[newValueName(layer)].data as Float32Array;
        this.kv.write(layer - this.span.start, first, past, sequence, keys, values);
      }
      hidden = result[output];
    }
    return hidden!;
  }

  /** The tensors over the cache are made once per (first slot, batch) and reused every step. */
  private pastFeeds(s: ModelSession, first: number, batch: number): Record<string, ort.Tensor> {
    const key = `${first}:${batch}`;
    let feeds = s.pastFeeds.get(key);
    if (!feeds) {
      feeds = {};
      const dims = this.kv.dims(batch);
      for (let layer = s.span.start; layer < s.span.end; layer++) {
        const { key: keys, value: values } = this.kv.view(layer - this.span.start, first, batch);
        feeds[pastKeyName(layer)] = new ort.Tensor("float32", keys, dims);
        feeds[pastValueName(layer)] = new ort.Tensor("float32", values, dims);
      }
      s.pastFeeds.set(key, feeds);
    }
    return feeds;
  }
}

/** Consecutive spans of at most `perSession` blocks. */
function sessionSpans(span: BlockSpan, perSession: number): BlockSpan[] {
  const spans: BlockSpan[] = [];
  for (let start = span.start; start < span.end; start += perSession) spans.push({ start, end: Math.min(start + perSession, span.end) });
  return spans;
}

/**
 * Weights handed over from memory, and those read to be converted or packed, are garbage once
 * onnxruntime holds its own copy. V8 collects only under allocation pressure, which a loaded model
 * at rest never creates: without this the process holds every such weight twice.
 */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // Measured: one pass leaves the buffers held (finalizers of the binding run first), two free them.
  gc();
  gc();
}

/** weightFolder: where the graph's external data files are (the weight cache); null when all are in memory. */
function sessionOptions(threads: number, spinWithinRun: boolean, graph: BuiltGraph, weightFolder: string | null): ort.InferenceSession.SessionOptions {
  // onnxruntime-node bundles the CPU provider; asking for one it lacks throws rather than falling back.
  const cpu = ort.listSupportedBackends().find((b) => b.name === "cpu");
  if (!cpu) throw new Error("onnxruntime-node has no CPU execution provider on this machine");
  return {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    // The arena keeps the most a run ever needed for activations (TinyLlama 4-bit at batch 16: 40 MiB more, held
    // after the run); without it they are freed after each run, for a step's few allocations.
    enableCpuMemArena: false,
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    externalData: graph.externalData,
    extra: {
      session: {
        // Threads still spinning after a run would take the cores the next session or the JavaScript between steps needs.
        intra_op: { allow_spinning: spinWithinRun ? "1" : "0" },
        force_spinning_stop: "1",
        // A model handed over as bytes has no folder of its own to resolve external data against.
        ...(weightFolder ? { model_external_initializers_file_folder_path: weightFolder } : {}),
      },
    },
  };
}
