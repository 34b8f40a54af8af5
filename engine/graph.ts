// The ONNX graph, built in memory from the config, op by op, each node named after the
// checkpoint tensor it applies (model.layers.3.self_attn.q_proj) so a node traces back to a weight.
// One graph (one session run per step) holds a span of blocks, with the embeddings before them
// when the span starts the model and the head after them when it ends it:
//
//   input_ids -> Gather(embed_tokens) ->
//   [RMSNorm -> q,k,v -> rotary(q,k) -> attention(KV cache) -> o_proj -> +
//    RMSNorm -> down(silu(gate) * up) -> +] x span ->
//   RMSNorm(model.norm) -> lm_head -> logits -> ArgMax -> next_tokens
//
// With the head, the last block takes on past its attention only the rows at logit_positions.
// Attention is an If: a decode step (one new position per sequence) in plain operators, a prompt
// in GroupQueryAttention, each where it is the faster.
//
// Without the embeddings the span takes hidden_states; without the head it gives output_hidden_states.
// Weights never enter the protobuf: each is external data, a file of the weight cache or an
// in-memory "file" named after the tensor.

import { ropeInverseFrequencies, type LlamaConfig } from "./config";
import type { BlockSpan } from "./checkpoint";
import { DataType, encodeModel, float, int, subgraph, type Graph, type Initializer, type Node } from "./onnx";
import type { WeightData } from "./weight-cache";

const OPSETS = { "": 17, "com.microsoft": 1 };

export type LinearWeight =
  | { kind: "fp32"; weight: WeightData }
  | { kind: "int4"; blockSize: number; packed: WeightData; scales: WeightData; zeroPoints: WeightData; accuracyLevel: number };

export interface LayerWeights {
  inputLayernorm: WeightData;
  postAttentionLayernorm: WeightData;
  linear: Record<(typeof LINEARS)[number], LinearWeight>;
}

export interface HeadWeights {
  norm: WeightData;
  /** The checkpoint's (vocab, hidden) lm_head.weight, or the embedding table when they are tied. */
  lmHead: WeightData;
}

export const LINEARS = [
  "self_attn.q_proj",
  "self_attn.k_proj",
  "self_attn.v_proj",
  "self_attn.o_proj",
  "mlp.gate_proj",
  "mlp.up_proj",
  "mlp.down_proj",
] as const;

export interface ExternalFile {
  path: string;
  data: Uint8Array;
}

export interface BuiltGraph {
  model: Uint8Array;
  externalData: ExternalFile[];
}

export const pastKeyName = (layer: number) => `past_key_values.${layer}.key`;
export const pastValueName = (layer: number) => `past_key_values.${layer}.value`;
export const newKeyName = (layer: number) => `new_keys.${layer}`;
export const newValueName = (layer: number) => `new_values.${layer}`;

class GraphBuilder {
  private nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  readonly externalData: ExternalFile[] = [];
  private readonly sources = new Map<Uint8Array | string, string>();

  node(node: Node): string[] {
    this.nodes.push(node);
    return node.outputs;
  }

  /**
   * A weight as external data: a range of a cache file, or in-memory bytes (not copied). The same
   * bytes twice (tied embeddings and lm_head) are one initializer, so onnxruntime holds them once.
   */
  weight(name: string, type: Initializer["type"], dims: number[], data: WeightData): string {
    const same = this.sources.get(data instanceof Uint8Array ? data : `${data.file}:${data.offset}`);
    if (same) return same;
    this.sources.set(data instanceof Uint8Array ? data : `${data.file}:${data.offset}`, name);
    if (data instanceof Uint8Array) {
      this.externalData.push({ path: name, data });
      this.initializers.push({ name, type, dims, external: { location: name, offset: 0, length: data.byteLength } });
    } else {
      this.initializers.push({ name, type, dims, external: { location: data.file, offset: data.offset, length: data.length } });
    }
    return name;
  }

  /**
   * The nodes `build` adds form a branch of an If, a subgraph that reads this graph's values;
   * `build` returns the name of its one output. Its constants stay in this graph.
   */
  branch(name: string, dims: (number | string)[], build: () => string): Graph {
    const outer = this.nodes;
    this.nodes = [];
    try {
      const output = build();
      return { name, nodes: this.nodes, initializers: [], inputs: [], outputs: [{ name: output, type: DataType.FLOAT, dims }] };
    } finally {
      this.nodes = outer;
    }
  }

  /** A small constant computed here, carried inside the model. */
  constant(name: string, type: Initializer["type"], dims: number[], data: ArrayBufferView): string {
    this.initializers.push({ name, type, dims, raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
  }

  int64s(name: string, values: number[]): string {
    return this.constant(name, DataType.INT64, [values.length], BigInt64Array.from(values, BigInt));
  }

  build(name: string, inputs: Graph["inputs"], outputs: Graph["outputs"]): BuiltGraph {
    const model = encodeModel({ name, nodes: this.nodes, initializers: this.initializers, inputs, outputs }, OPSETS);
    return { model, externalData: this.externalData };
  }
}

function rmsNorm(g: GraphBuilder, name: string, input: string, weight: WeightData, config: LlamaConfig): string {
  const w = g.weight(`${name}.weight`, DataType.FLOAT, [config.hiddenSize], weight);
  return g.node({
    name,
    op: "SimplifiedLayerNormalization",
    inputs: [input, w],
    outputs: [`${name}/output`],
    attributes: { axis: int(-1), epsilon: float(config.rmsNormEps), stash_type: int(1) },
  })[0];
}

/** RMSNorm of (input + skip); also yields the sum, which is the residual stream from here on. */
function skipRmsNorm(g: GraphBuilder, name: string, input: string, skip: string, weight: WeightData, config: LlamaConfig) {
  const w = g.weight(`${name}.weight`, DataType.FLOAT, [config.hiddenSize], weight);
  const [normed, , , sum] = g.node({
    name,
    op: "SkipSimplifiedLayerNormalization",
    domain: "com.microsoft",
    inputs: [input, skip, w],
    outputs: [`${name}/output`, "", "", `${name}/residual`],
    attributes: { epsilon: float(config.rmsNormEps) },
  });
  return { normed, sum };
}

/** x @ W^T for a checkpoint weight W of shape (outFeatures, inFeatures). */
function linear(g: GraphBuilder, name: string, input: string, w: LinearWeight, outFeatures: number, inFeatures: number, output = `${name}/output`): string {
  if (w.kind === "fp32") {
    // FusedMatMul reads W in the checkpoint's own (out, in) layout: no transposed copy of every
    // weight at load, and the packed form onnxruntime computes with is the same as MatMul's.
    const weight = g.weight(`${name}.weight`, DataType.FLOAT, [outFeatures, inFeatures], w.weight);
    return g.node({
      name,
      op: "FusedMatMul",
      domain: "com.microsoft",
      inputs: [input, weight],
      outputs: [output],
      attributes: { transB: int(1), alpha: float(1) },
    })[0];
  }
  const blocks = inFeatures / w.blockSize;
  const packed = g.weight(`${name}.weight.q4`, DataType.UINT8, [outFeatures, blocks, w.blockSize / 2], w.packed);
  const scales = g.weight(`${name}.weight.scales`, DataType.FLOAT, [outFeatures, blocks], w.scales);
  const zeros = g.weight(`${name}.weight.zero_points`, DataType.UINT8, [outFeatures, Math.ceil(blocks / 2)], w.zeroPoints);
  return g.node({
    name,
    op: "MatMulNBits",
    domain: "com.microsoft",
    inputs: [input, packed, scales, zeros],
    outputs: [output],
    attributes: { K: int(inFeatures), N: int(outFeatures), bits: int(4), block_size: int(w.blockSize), accuracy_level: int(w.accuracyLevel) },
  })[0];
}

/** The rows of a (batch, sequence, hidden) tensor at logit_positions: (batch, positions, hidden). */
function logitRows(g: GraphBuilder, name: string, input: string): string {
  return g.node({
    name: `${name}/logit_positions`,
    op: "Gather",
    inputs: [input, "logit_positions"],
    outputs: [`${name}/logit_positions/output`],
    attributes: { axis: int(1) },
  })[0];
}

/** cos and sin of position x inverse frequency, one row per position, as GroupQueryAttention wants them. */
function rotaryCaches(config: LlamaConfig, positions: number): { cos: Float32Array; sin: Float32Array } {
  const inv = ropeInverseFrequencies(config);
  const half = inv.length;
  const cos = new Float32Array(positions * half);
  const sin = new Float32Array(positions * half);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < half; i++) {
      cos[p * half + i] = Math.cos(p * inv[i]);
      sin[p * half + i] = Math.sin(p * inv[i]);
    }
  }
  return { cos, sin };
}

/**
 * What a decode step's attention needs once for all layers: whether this run is one (a single
 * new position per sequence), and which cache positions hold each sequence's past (0) and which
 * are free or another sequence's longer past (-inf), as (batch, 1, 1, capacity).
 */
interface DecodeStep {
  isDecode: string;
  capacity: string;
  pastMask: string;
}

function decodeStep(g: GraphBuilder, firstLayer: number): DecodeStep {
  const scalar = (name: string, value: number) => g.constant(name, DataType.INT64, [], BigInt64Array.of(BigInt(value)));
  const [sequence] = g.node({
    name: "decode/sequence",
    op: "Shape",
    inputs: ["position_ids"],
    outputs: ["decode/sequence"],
    attributes: { start: int(1), end: int(2) },
  });
  const [single] = g.node({ name: "decode/single", op: "Equal", inputs: [sequence, g.int64s("decode/one", [1])], outputs: ["decode/single"] });
  const [isDecode] = g.node({ name: "decode/is_decode", op: "Squeeze", inputs: [single], outputs: ["decode/is_decode"] });
  const [capacity] = g.node({
    name: "decode/capacity",
    op: "Shape",
    inputs: [pastKeyName(firstLayer)],
    outputs: ["decode/capacity"],
    attributes: { start: int(2), end: int(3) },
  });
  const [capacityScalar] = g.node({ name: "decode/capacity_scalar", op: "Squeeze", inputs: [capacity], outputs: ["decode/capacity_scalar"] });
  const [positions] = g.node({
    name: "decode/positions",
    op: "Range",
    inputs: [scalar("decode/zero", 0), capacityScalar, scalar("decode/step", 1)],
    outputs: ["decode/positions"],
  });
  // With one new position, seqlens_k (total length - 1) is the length of the past.
  const [past] = g.node({ name: "decode/past", op: "Cast", inputs: ["seqlens_k"], outputs: ["decode/past"], attributes: { to: int(DataType.INT64) } });
  const [pastColumn] = g.node({ name: "decode/past_column", op: "Unsqueeze", inputs: [past, g.int64s("decode/axis_1", [1])], outputs: ["decode/past_column"] });
  const [held] = g.node({ name: "decode/held", op: "Less", inputs: [positions, pastColumn], outputs: ["decode/held"] });
  const [mask] = g.node({
    name: "decode/mask",
    op: "Where",
    inputs: [
      held,
      g.constant("decode/open", DataType.FLOAT, [], Float32Array.of(0)),
      g.constant("decode/shut", DataType.FLOAT, [], Float32Array.of(Number.NEGATIVE_INFINITY)),
    ],
    outputs: ["decode/mask"],
  });
  const [pastMask] = g.node({ name: "decode/past_mask", op: "Unsqueeze", inputs: [mask, g.int64s("decode/axes_1_2", [1, 2])], outputs: ["decode/past_mask"] });
  return { isDecode, capacity, pastMask };
}

/**
 * Attention for one new position per sequence in plain operators: scores against the cache as it
 * stands and against the new key, one softmax over both, the same weighted sum. At batch 16
 * GroupQueryAttention copied every sequence's past into a zeroed present buffer in each layer,
 * 4-7x this (bench/engine/attention-ops.ts); for a prompt's many positions it is the faster one.
 */
function decodeAttention(g: GraphBuilder, p: string, layer: number, q: string, k: string, v: string, step: DecodeStep, config: LlamaConfig): string {
  const { numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim: d } = config;
  const reshape = (name: string, input: string, shape: number[]) =>
    g.node({ name, op: "Reshape", inputs: [input, g.int64s(`${name}/shape`, shape)], outputs: [name] })[0];
  const scores = (name: string, keys: string) =>
    g.node({
      name,
      op: "FusedMatMul",
      domain: "com.microsoft",
      inputs: [grouped, keys],
      outputs: [name],
      attributes: { transB: int(1), alpha: float(1 / Math.sqrt(d)) },
    })[0];
  // A query head's place in the heads is its key-value head, then its place in that head's group.
  const grouped = reshape(`${p}/q_grouped`, q, [-1, kvHeads, heads / kvHeads, d]);
  const newKey = reshape(`${p}/new_key`, k, [-1, kvHeads, 1, d]);
  const newValue = reshape(`${p}/new_value`, v, [-1, kvHeads, 1, d]);
  const [pastScores] = g.node({
    name: `${p}/past_scores`,
    op: "Add",
    inputs: [scores(`${p}/past_scores_raw`, pastKeyName(layer)), step.pastMask],
    outputs: [`${p}/past_scores`],
  });
  const [all] = g.node({
    name: `${p}/scores`,
    op: "Concat",
    inputs: [pastScores, scores(`${p}/new_scores`, newKey)],
    outputs: [`${p}/scores`],
    attributes: { axis: int(-1) },
  });
  const [probs] = g.node({ name: `${p}/probs`, op: "Softmax", inputs: [all], outputs: [`${p}/probs`], attributes: { axis: int(-1) } });
  const lastAxis = g.int64s(`${p}/last_axis`, [-1]);
  const [pastProbs] = g.node({
    name: `${p}/past_probs`,
    op: "Slice",
    inputs: [probs, g.int64s(`${p}/from_0`, [0]), step.capacity, lastAxis],
    outputs: [`${p}/past_probs`],
  });
  const [newProbs] = g.node({
    name: `${p}/new_probs`,
    op: "Slice",
    inputs: [probs, step.capacity, g.int64s(`${p}/to_end`, [2 ** 62]), lastAxis],
    outputs: [`${p}/new_probs`],
  });
  const [fromPast] = g.node({ name: `${p}/from_past`, op: "MatMul", inputs: [pastProbs, pastValueName(layer)], outputs: [`${p}/from_past`] });
  const [fromNew] = g.node({ name: `${p}/from_new`, op: "MatMul", inputs: [newProbs, newValue], outputs: [`${p}/from_new`] });
  const [sum] = g.node({ name: `${p}/sum`, op: "Add", inputs: [fromPast, fromNew], outputs: [`${p}/sum`] });
  return reshape(`${p}/output`, sum, [-1, 1, heads * d]);
}

export interface GraphParts {
  /** The embedding table, when the span starts the model. */
  embed: WeightData | null;
  /** The final norm and lm_head, when the span ends the model. */
  head: HeadWeights | null;
}

/**
 * Decoder blocks [span.start, span.end), with the embeddings and the head as `parts` says. The KV
 * cache is a graph input per layer of shape (batch, kv_heads, maxSequenceLength, head_dim); what a
 * run adds to it comes back as its own output per layer, (batch, sequence, kv_heads x head_dim),
 * for the caller to write into the cache. (Were the whole cache an output, onnxruntime-node would
 * copy all of it into new JavaScript memory after every step, though past and present shared a
 * buffer.) Rotary is applied to q and k before attention so the keys that come back are the ones
 * the cache holds. The head computes logits only at `logit_positions` (the last prompt position in a
 * prefill), and next_tokens, their argmax (the first of equal maxima), so greedy decoding fetches
 * ids alone.
 */
export function buildGraph(
  config: LlamaConfig,
  span: BlockSpan,
  maxSequenceLength: number,
  parts: GraphParts,
  layerWeights: (layer: number) => LayerWeights,
): BuiltGraph {
  const g = new GraphBuilder();
  const { hiddenSize: h, intermediateSize: m, numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim: d, vocabSize: vocab } = config;
  const { cos, sin } = rotaryCaches(config, maxSequenceLength);
  const cosCache = g.constant("rotary.cos_cache", DataType.FLOAT, [maxSequenceLength, d / 2], cos);
  const sinCache = g.constant("rotary.sin_cache", DataType.FLOAT, [maxSequenceLength, d / 2], sin);

  const inputs: Graph["inputs"] = [];
  let residual: string;
  if (parts.embed) {
    inputs.push({ name: "input_ids", type: DataType.INT64, dims: ["batch", "sequence"] });
    const table = g.weight("model.embed_tokens.weight", DataType.FLOAT, [vocab, h], parts.embed);
    [residual] = g.node({
      name: "model.embed_tokens",
      op: "Gather",
      inputs: [table, "input_ids"],
      outputs: ["model.embed_tokens/output"],
      attributes: { axis: int(0) },
    });
  } else {
    inputs.push({ name: "hidden_states", type: DataType.FLOAT, dims: ["batch", "sequence", h] });
    residual = "hidden_states";
  }
  inputs.push(
    { name: "position_ids", type: DataType.INT64, dims: ["batch", "sequence"] },
    { name: "seqlens_k", type: DataType.INT32, dims: ["batch"] },
    { name: "total_sequence_length", type: DataType.INT32, dims: [] },
  );
  const outputs: Graph["outputs"] = [];
  const cacheDims = ["batch", kvHeads, "max_sequence", d];
  const step = decodeStep(g, span.start);

  let pending: string | null = null; // the last sublayer's output, not yet added to the residual
  for (let layer = span.start; layer < span.end; layer++) {
    const p = `model.layers.${layer}`;
    const w = layerWeights(layer);
    let normed: string;
    if (pending === null) normed = rmsNorm(g, `${p}.input_layernorm`, residual, w.inputLayernorm, config);
    else ({ normed, sum: residual } = skipRmsNorm(g, `${p}.input_layernorm`, pending, residual, w.inputLayernorm, config));

    const rotary = (input: string, output: string) =>
      g.node({
        name: output,
        op: "RotaryEmbedding",
        domain: "com.microsoft",
        inputs: [input, "position_ids", cosCache, sinCache],
        outputs: [output],
        // Hugging Face Llama rotates the two halves of a head, not interleaved pairs.
        attributes: { interleaved: int(0) },
      })[0];
    const q = rotary(linear(g, `${p}.self_attn.q_proj`, normed, w.linear["self_attn.q_proj"], heads * d, h), `${p}.self_attn.rotary_q`);
    const k = rotary(linear(g, `${p}.self_attn.k_proj`, normed, w.linear["self_attn.k_proj"], kvHeads * d, h), newKeyName(layer));
    const v = linear(g, `${p}.self_attn.v_proj`, normed, w.linear["self_attn.v_proj"], kvHeads * d, h, newValueName(layer));
    inputs.push({ name: pastKeyName(layer), type: DataType.FLOAT, dims: cacheDims }, { name: pastValueName(layer), type: DataType.FLOAT, dims: cacheDims });
    outputs.push(
      { name: newKeyName(layer), type: DataType.FLOAT, dims: ["batch", "sequence", kvHeads * d] },
      { name: newValueName(layer), type: DataType.FLOAT, dims: ["batch", "sequence", kvHeads * d] },
    );
    const attentionDims = ["batch", "sequence", heads * d];
    const decodeBranch = g.branch(`${p}.self_attn/decode`, attentionDims, () => decodeAttention(g, `${p}.self_attn/decode`, layer, q, k, v, step, config));
    const promptBranch = g.branch(
      `${p}.self_attn/prompt`,
      attentionDims,
      () =>
        g.node({
          name: `${p}.self_attn/prompt`,
          op: "GroupQueryAttention",
          domain: "com.microsoft",
          inputs: [q, k, v, pastKeyName(layer), pastValueName(layer), "seqlens_k", "total_sequence_length"],
          outputs: [`${p}.self_attn/prompt/output`, `${p}.self_attn/prompt/present_key`, `${p}.self_attn/prompt/present_value`],
          attributes: { num_heads: int(heads), kv_num_heads: int(kvHeads), scale: float(1 / Math.sqrt(d)) },
        })[0],
    );
    const [attention] = g.node({
      name: `${p}.self_attn`,
      op: "If",
      inputs: [step.isDecode],
      outputs: [`${p}.self_attn/output`],
      attributes: { then_branch: subgraph(decodeBranch), else_branch: subgraph(promptBranch) },
    });
    // In the layer before the head only the rows whose logits are asked for go on (as llama.cpp does): every
    // position's keys and values are in the cache already, and the other rows' o_proj and MLP feed nothing
    // (a 64-token prefill of TinyLlama skips 1/22 of its linears' work).
    let attended = attention;
    if (parts.head && layer === span.end - 1) {
      attended = logitRows(g, `${p}.self_attn`, attention);
      residual = logitRows(g, `${p}.residual`, residual);
    }
    const o = linear(g, `${p}.self_attn.o_proj`, attended, w.linear["self_attn.o_proj"], h, heads * d);

    const post = skipRmsNorm(g, `${p}.post_attention_layernorm`, o, residual, w.postAttentionLayernorm, config);
    residual = post.sum;
    const gate = linear(g, `${p}.mlp.gate_proj`, post.normed, w.linear["mlp.gate_proj"], m, h);
    const up = linear(g, `${p}.mlp.up_proj`, post.normed, w.linear["mlp.up_proj"], m, h);
    const [sigmoid] = g.node({ name: `${p}.mlp.act_fn/sigmoid`, op: "Sigmoid", inputs: [gate], outputs: [`${p}.mlp.act_fn/sigmoid/output`] });
    const [silu] = g.node({ name: `${p}.mlp.act_fn`, op: "Mul", inputs: [gate, sigmoid], outputs: [`${p}.mlp.act_fn/output`] });
    const [product] = g.node({ name: `${p}.mlp.gate_up`, op: "Mul", inputs: [silu, up], outputs: [`${p}.mlp.gate_up/output`] });
    pending = linear(g, `${p}.mlp.down_proj`, product, w.linear["mlp.down_proj"], h, m);
  }
  const [hidden] = g.node({
    name: `model.layers.${span.end - 1}.residual`,
    op: "Add",
    inputs: [pending!, residual],
    outputs: [parts.head ? "model.layers/output" : "output_hidden_states"],
  });
  if (!parts.head) {
    outputs.unshift({ name: "output_hidden_states", type: DataType.FLOAT, dims: ["batch", "sequence", h] });
    return g.build(`blocks ${span.start}:${span.end}`, inputs, outputs);
  }
  inputs.push({ name: "logit_positions", type: DataType.INT64, dims: ["positions"] });
  const normed = rmsNorm(g, "model.norm", hidden, parts.head.norm, config);
  linear(g, "lm_head", normed, { kind: "fp32", weight: parts.head.lmHead }, vocab, h, "logits");
  g.node({ name: "next_tokens", op: "ArgMax", inputs: ["logits"], outputs: ["next_tokens"], attributes: { axis: int(-1), keepdims: int(0) } });
  outputs.unshift(
    { name: "logits", type: DataType.FLOAT, dims: ["batch", "positions", vocab] },
    { name: "next_tokens", type: DataType.INT64, dims: ["batch", "positions"] },
  );
  return g.build(`model ${span.start}:${span.end}`, inputs, outputs);
}
