// A sharded checkpoint folder: config.json, model.safetensors.index.json (tensor -> shard) and the
// shards. Shards are found through the index's weight_map, never by guessing file names, so the
// Petals layout (model_00001-of-00081, one block per shard) and the transformers layout
// (model-00001-of-00002) read the same. A block span reads only the shards it needs.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readConfig, type LlamaConfig } from "./config";
import { CheckpointError, readSafetensorsHeader, readTensorFloat32, type SafetensorsFile } from "./safetensors";

export const INDEX_FILE = "model.safetensors.index.json";
const SINGLE_FILE = "model.safetensors";

/** Blocks [start, end). */
export interface BlockSpan {
  start: number;
  end: number;
}

export interface Checkpoint {
  dir: string;
  config: LlamaConfig;
  span: BlockSpan;
  /** Tensor name -> shard file name, for every tensor of the checkpoint. */
  weightMap: Map<string, string>;
  /** The shards this span needs, headers read and validated. */
  shards: Map<string, SafetensorsFile>;
  /** sha256 of config.json, the index and the headers of the shards loaded. */
  revision: string;
  tensor(name: string): Float32Array;
}

export interface OpenOptions {
  /** "a:b" or a span; all blocks when absent. The embeddings and the head come with the span that needs them (spanParts). */
  blocks?: string | BlockSpan;
}

/** "a:b" is blocks a to b-1; ":b" starts at 0 and "a:" ends at the last block. */
export function parseSpan(text: string, numLayers: number): BlockSpan {
  const match = /^(\d*):(\d*)$/.exec(text.trim());
  if (!match) throw new Error(`block span "${text}" must be two block numbers like 0:8 (blocks 0 to 7)`);
  const span = { start: match[1] ? Number(match[1]) : 0, end: match[2] ? Number(match[2]) : numLayers };
  checkSpan(span, numLayers);
  return span;
}

function checkSpan(span: BlockSpan, numLayers: number): void {
  const name = `block span ${span.start}:${span.end}`;
  if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0) throw new Error(`${name} must be two whole block numbers from 0`);
  if (span.start >= span.end) throw new Error(`${name} holds no block: its start must be below its end`);
  if (span.end > numLayers) throw new Error(`${name} ends beyond the model's ${numLayers} blocks (0:${numLayers} is all of them)`);
}

/** What a span holds beside its blocks: the embeddings where it starts the model, the final norm and lm_head where it ends it. */
export function spanParts(config: LlamaConfig, span: BlockSpan): { embed: boolean; head: boolean } {
  return { embed: span.start === 0, head: span.end === config.numHiddenLayers };
}

export function layerTensorNames(config: LlamaConfig, layer: number): Record<string, number[]> {
  const p = `model.layers.${layer}`;
  const { hiddenSize: h, intermediateSize: m, numAttentionHeads: n, numKeyValueHeads: kv, headDim: d } = config;
  return {
    [`${p}.input_layernorm.weight`]: [h],
    [`${p}.self_attn.q_proj.weight`]: [n * d, h],
    [`${p}.self_attn.k_proj.weight`]: [kv * d, h],
    [`${p}.self_attn.v_proj.weight`]: [kv * d, h],
    [`${p}.self_attn.o_proj.weight`]: [h, n * d],
    [`${p}.post_attention_layernorm.weight`]: [h],
    [`${p}.mlp.gate_proj.weight`]: [m, h],
    [`${p}.mlp.up_proj.weight`]: [m, h],
    [`${p}.mlp.down_proj.weight`]: [h, m],
  };
}

export function headTensorNames(config: LlamaConfig): Record<string, number[]> {
  const names: Record<string, number[]> = {
    "model.embed_tokens.weight": [config.vocabSize, config.hiddenSize],
    "model.norm.weight": [config.hiddenSize],
  };
  if (!config.tieWordEmbeddings) names["lm_head.weight"] = [config.vocabSize, config.hiddenSize];
  return names;
}

/** The tensors a span needs with the shapes the config implies. */
export function expectedTensors(config: LlamaConfig, span: BlockSpan): Record<string, number[]> {
  return Object.fromEntries(expectedTensorEntries(config, span));
}

/** expectedTensors one by one, block by block, so a caller can stop at the first the checkpoint lacks. */
function* expectedTensorEntries(config: LlamaConfig, span: BlockSpan): Generator<[string, number[]]> {
  for (let layer = span.start; layer < span.end; layer++) yield* Object.entries(layerTensorNames(config, layer));
  yield* Object.entries(spanPartTensors(config, span));
}

/** The tensors a span needs beside its blocks (spanParts): the embeddings, final norm and lm_head. */
export function spanPartTensors(config: LlamaConfig, span: BlockSpan): Record<string, number[]> {
  const { embed, head } = spanParts(config, span);
  const { vocabSize: vocab, hiddenSize: h, tieWordEmbeddings: tied } = config;
  const parts: Record<string, number[]> = {};
  // Tied weights: the head's lm_head is the embedding table.
  if (embed || (head && tied)) parts["model.embed_tokens.weight"] = [vocab, h];
  if (head) parts["model.norm.weight"] = [h];
  if (head && !tied) parts["lm_head.weight"] = [vocab, h];
  return parts;
}

/** Parameters of the tensors a span needs: the whole model's count for the span 0:numHiddenLayers. */
export function parameterCount(config: LlamaConfig, span: BlockSpan): number {
  const count = (shapes: number[][]) => shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
  // Every block holds the same tensors: one block counted, times the blocks, so a config.json claiming a million is counted at once.
  const block = count(Object.values(layerTensorNames(config, span.start)));
  return (span.end - span.start) * block + count(Object.values(spanPartTensors(config, span)));
}

export interface Footprint {
  parameters: number;
  /** The span's tensors as the shards store them (bf16: 2 bytes a parameter). */
  tensorBytes: number;
  /** The shards that hold them, whole: what a machine running the span must have. */
  shards: string[];
  shardBytes: number;
}

/** What an opened span needs on disk and holds, from its shards' headers. */
export function footprint(checkpoint: Checkpoint): Footprint {
  const names = Object.keys(expectedTensors(checkpoint.config, checkpoint.span));
  const tensorBytes = names.reduce((sum, name) => {
    const info = checkpoint.shards.get(checkpoint.weightMap.get(name)!)!.tensors.get(name)!;
    return sum + info.end - info.begin;
  }, 0);
  const shards = [...checkpoint.shards.keys()];
  const shardBytes = [...checkpoint.shards.values()].reduce((sum, shard) => sum + shard.fileSize, 0);
  return { parameters: parameterCount(checkpoint.config, checkpoint.span), tensorBytes, shards, shardBytes };
}

export interface WeightIndex {
  /** The file the map was read from: the index, or the single shard of an unsharded checkpoint. */
  file: string;
  bytes: Uint8Array;
  weightMap: Map<string, string>;
  totalSize: number | null;
}

export function readWeightIndex(dir: string): WeightIndex {
  const file = join(/*turbopackIgnore: true*/ dir, INDEX_FILE);
  if (!existsSync(file)) {
    const single = join(/*turbopackIgnore: true*/ dir, SINGLE_FILE);
    if (existsSync(single)) {
      const header = readSafetensorsHeader(single);
      return { file: single, bytes: header.headerBytes, weightMap: new Map([...header.tensors.keys()].map((n) => [n, SINGLE_FILE])), totalSize: null };
    }
    throw new CheckpointError(file, `missing: the folder has neither ${INDEX_FILE} nor ${SINGLE_FILE}`);
  }
  const bytes = readFileSync(file);
  let json: { weight_map?: unknown; metadata?: { total_size?: unknown } };
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new CheckpointError(file, `not valid JSON (${(error as Error).message})`);
  }
  const map = json.weight_map;
  if (typeof map !== "object" || map === null || Array.isArray(map)) {
    throw new CheckpointError(file, `required field "weight_map" is missing`);
  }
  const weightMap = new Map<string, string>();
  for (const [tensor, shard] of Object.entries(map)) {
    if (typeof shard !== "string" || shard.includes("/") || shard.includes("\\")) {
      throw new CheckpointError(file, `weight_map entry "${tensor}" must name a shard file in the folder, got ${JSON.stringify(shard)}`);
    }
    weightMap.set(tensor, shard);
  }
  const totalSize = typeof json.metadata?.total_size === "number" ? json.metadata.total_size : null;
  return { file, bytes, weightMap, totalSize };
}

export function openCheckpoint(dir: string, options: OpenOptions = {}): Checkpoint {
  const config = readConfig(dir);
  const configBytes = readFileSync(join(/*turbopackIgnore: true*/ dir, "config.json"));
  const index = readWeightIndex(dir);
  const span =
    typeof options.blocks === "string" ? parseSpan(options.blocks, config.numHiddenLayers) : (options.blocks ?? { start: 0, end: config.numHiddenLayers });
  checkSpan(span, config.numHiddenLayers);

  // Looked up as they are listed: a config.json claiming a million blocks fails at the first the weight_map lacks,
  // where listing them all first took minutes and gigabytes.
  const shardNames = new Set<string>();
  for (const [name] of expectedTensorEntries(config, span)) {
    const shard = index.weightMap.get(name);
    if (!shard) throw new CheckpointError(index.file, `weight_map has no entry for tensor "${name}"`);
    shardNames.add(shard);
  }
  const expected = expectedTensors(config, span);
  const shards = new Map<string, SafetensorsFile>();
  for (const shard of [...shardNames].sort()) shards.set(shard, readSafetensorsHeader(join(/*turbopackIgnore: true*/ dir, shard)));

  for (const [name, shape] of Object.entries(expected)) {
    const shard = shards.get(index.weightMap.get(name)!)!;
    const info = shard.tensors.get(name);
    if (!info) throw new CheckpointError(shard.path, `has no tensor "${name}", though ${INDEX_FILE} maps it to this shard`);
    if (info.shape.length !== shape.length || info.shape.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(shard.path, `tensor "${name}" has shape [${info.shape.join(", ")}] but config.json implies [${shape.join(", ")}]`);
    }
  }

  const hash = createHash("sha256");
  hash.update(configBytes);
  hash.update(index.bytes);
  for (const [name, shard] of shards) {
    hash.update(name);
    hash.update(shard.headerBytes);
  }

  return {
    dir,
    config,
    span,
    weightMap: index.weightMap,
    shards,
    revision: hash.digest("hex"),
    tensor(name: string): Float32Array {
      const shardName = index.weightMap.get(name);
      const shard = shardName ? shards.get(shardName) : undefined;
      if (!shard) throw new Error(`tensor "${name}" is outside the loaded span ${span.start}:${span.end}`);
      return readTensorFloat32(shard, name);
    },
  };
}
