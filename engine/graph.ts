// The ONNX graph, built in memory from the config, op by op, each node named after the
// checkpoint tensor it applies (model.layers.3.self_attn.q_proj) so a node traces back to a weight.
// One graph (one session run per step) holds a span of blocks, with the embeddings before them
// when the span starts the model and the head after them when it ends it:
//
//   input_ids -> Gather(embed_tokens) ->
//   [RMSNorm -> q,k,v -> rotary(q,k) -> GroupQueryAttention(KV cache) -> o_proj -> +
//    RMSNorm -> down(silu(gate) * up) -> +] x span ->
//   RMSNorm(model.norm) -> lm_head -> logits -> ArgMax -> next_tokens
//
// With the head, the last block takes on past its attention only the rows at logit_positions.
//
// Without the embeddings the span takes hidden_states; without the head it gives output_hidden_states.
// Weights never enter the protobuf: each is external data, a file of the weight cache or an
// in-memory "file" named after the tensor.

import { ropeInverseFrequencies, type LlamaConfig } from "./config";
import type { BlockSpan } from "./checkpoint";
import { DataType, encodeModel, float, int, type Graph, type Initializer, type Node } from "./onnx";
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
  readonly nodes: Node[] = [];
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

  /** A small constant computed here, carried inside the model. */
  constant(name: string, type: Initializer["type"], dims: number[], data: ArrayBufferView): string {
    this.initializers.push({ name, type, dims, raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
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
    const [attention] = g.node({
      name: `${p}.self_attn`,
      op: "GroupQueryAttention",
      domain: "com.microsoft",
      inputs: [q, k, v, pastKeyName(layer), pastValueName(layer), "seqlens_k", "total_sequence_length"],
      outputs: [`${p}.self_attn/output`, `${p}.self_attn/present_key`, `${p}.self_attn/present_value`],
      attributes: { num_heads: int(heads), kv_num_heads: int(kvHeads), scale: float(1 / Math.sqrt(d)) },
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
