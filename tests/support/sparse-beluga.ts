// The full-size Stable Beluga 2 checkpoint as the Petals copy lays it out (config.json, the index,
// 81 shards: block i in shard i+1, embeddings, norm and lm_head in the last), every shard with its
// real safetensors header and its full length, made of sparse files: 138 GB that take a few
// kilobytes of disk. Only what reads headers and sizes may be pointed at it; its weights are zeros.
import { closeSync, copyFileSync, mkdirSync, openSync, ftruncateSync, writeSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { headTensorNames, INDEX_FILE, layerTensorNames } from "../../engine/checkpoint";
import { parseConfig } from "../../engine/config";

/** Stable Beluga 2's config.json (a Llama-2-70B). */
export const STABLE_BELUGA_2_CONFIG = {
  architectures: ["LlamaForCausalLM"],
  model_type: "llama",
  hidden_size: 8192,
  intermediate_size: 28672,
  num_hidden_layers: 80,
  num_attention_heads: 64,
  num_key_value_heads: 8,
  vocab_size: 32000,
  max_position_embeddings: 4096,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  rope_scaling: null,
  hidden_act: "silu",
  tie_word_embeddings: false,
  bos_token_id: 1,
  eos_token_id: 2,
  pad_token_id: 0,
  torch_dtype: "bfloat16",
};

export function writeSparseStableBeluga2(dir: string, tokenizerFrom: string): void {
  mkdirSync(dir, { recursive: true });
  const config = parseConfig(STABLE_BELUGA_2_CONFIG, join(dir, "config.json"));
  const layers = config.numHiddenLayers;
  const shardName = (i: number) => `model_${String(i + 1).padStart(5, "0")}-of-${String(layers + 1).padStart(5, "0")}.safetensors`;
  const weightMap: Record<string, string> = {};
  let totalSize = 0;
  const writeShard = (index: number, shapes: Record<string, number[]>) => {
    const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
    let offset = 0;
    for (const [name, shape] of Object.entries(shapes)) {
      const bytes = shape.reduce((a, b) => a * b, 1) * 2;
      header[name] = { dtype: "BF16", shape, data_offsets: [offset, offset + bytes] };
      offset += bytes;
      weightMap[name] = shardName(index);
    }
    totalSize += offset;
    let json = JSON.stringify(header);
    json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
    const fd = openSync(join(dir, shardName(index)), "w");
    writeSync(fd, Buffer.concat([length, Buffer.from(json)]));
    ftruncateSync(fd, 8 + Buffer.byteLength(json) + offset);
    closeSync(fd);
  };
  for (let layer = 0; layer < layers; layer++) writeShard(layer, layerTensorNames(config, layer));
  writeShard(layers, headTensorNames(config));
  writeFileSync(join(dir, INDEX_FILE), JSON.stringify({ metadata: { total_size: totalSize }, weight_map: weightMap }));
  copyFileSync(join(tokenizerFrom, "tokenizer.json"), join(dir, "tokenizer.json"));
  writeFileSync(join(dir, "config.json"), JSON.stringify(STABLE_BELUGA_2_CONFIG, null, 2));
}
