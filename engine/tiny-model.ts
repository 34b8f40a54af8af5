// A deterministic random-weight Llama in exactly the layout of the Petals copy of Stable Beluga 2:
// bf16 shards with {"format":"pt"} metadata, block i alone in shard i+1, a last shard holding the
// embeddings, final norm and lm_head, an index with weight_map and total_size, a grouped-query
// attention config, and Llama-2's real tokenizer. Its text is noise: it is a smoke-test model.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { headTensorNames, INDEX_FILE, layerTensorNames, openCheckpoint } from "./checkpoint";
import { parseConfig } from "./config";
import { toBfloat16, writeSafetensors } from "./safetensors";

export interface TinyModelShape {
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  max_position_embeddings: number;
}

export const TINY_SHAPES = {
  /** Small enough for the tests to run in seconds; vocabulary still the real 32000. */
  "tiny-beluga": {
    hidden_size: 128,
    intermediate_size: 384,
    num_hidden_layers: 4,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    max_position_embeddings: 2048,
  },
  /** TinyLlama-1.1B's shape, for benchmarks at a size where memory bandwidth dominates. */
  "tinyllama-1.1b": {
    hidden_size: 2048,
    intermediate_size: 5632,
    num_hidden_layers: 22,
    num_attention_heads: 32,
    num_key_value_heads: 4,
    max_position_embeddings: 2048,
  },
} satisfies Record<string, TinyModelShape>;

export type TinyModelName = keyof typeof TINY_SHAPES;

/** Where `npm run model:tiny` writes the embedded default model, relative to the project root. */
export const DEFAULT_TINY_MODEL_DIR = "models/tiny-beluga";

/** A config.json field (ignored by transformers) that marks a checkpoint as this generated model. */
export const TINY_MODEL_MARKER = "riskledger_smoke_test";

export const SMOKE_TEST_LABEL = "smoke-test model (random weights, real Llama-2 tokenizer): its outputs are noise";

/** shape: fields of the named shape replaced, for a model whose widths test what the named ones cannot. */
export function tinyConfig(name: TinyModelName, shape: Partial<TinyModelShape> = {}): Record<string, unknown> {
  // Stable Beluga 2's config.json with the shape fields scaled down.
  return {
    _name_or_path: `riskledger/${name}`,
    architectures: ["LlamaForCausalLM"],
    bos_token_id: 1,
    eos_token_id: 2,
    hidden_act: "silu",
    ...TINY_SHAPES[name],
    ...shape,
    initializer_range: 0.02,
    model_type: "llama",
    pad_token_id: 0,
    pretraining_tp: 1,
    rms_norm_eps: 1e-5,
    rope_scaling: null,
    rope_theta: 10000.0,
    tie_word_embeddings: false,
    torch_dtype: "bfloat16",
    transformers_version: "4.31.0",
    use_cache: true,
    vocab_size: 32000,
    [TINY_MODEL_MARKER]: true,
  };
}

/**
 * Writes the model into dir unless an identical, valid one is already there.
 * Returns whether it wrote anything.
 */
export function writeTinyModel(dir: string, name: TinyModelName = "tiny-beluga", reshape: Partial<TinyModelShape> = {}): boolean {
  const shape = { ...TINY_SHAPES[name], ...reshape };
  const configText = `${JSON.stringify(tinyConfig(name, reshape), null, 2)}\n`;
  if (isPresent(dir, configText)) return false;
  mkdirSync(dir, { recursive: true });

  const layers = shape.num_hidden_layers;
  const total = layers + 1;
  const shardName = (i: number) => `model_${String(i + 1).padStart(5, "0")}-of-${String(total).padStart(5, "0")}.safetensors`;
  const config = JSON.parse(configText);
  const weightMap: Record<string, string> = {};
  let totalSize = 0;

  const writeShard = (index: number, shapes: Record<string, number[]>) => {
    const tensors = Object.entries(shapes).map(([tensor, dims]) => {
      const data = toBfloat16(randomWeights(tensor, dims, shape.hidden_size));
      weightMap[tensor] = shardName(index);
      totalSize += data.byteLength;
      return { name: tensor, dtype: "BF16" as const, shape: dims, data: new Uint8Array(data.buffer) };
    });
    writeSafetensors(join(/*turbopackIgnore: true*/ dir, shardName(index)), tensors, { format: "pt" });
  };
  const parsed = parseConfig(config, join(/*turbopackIgnore: true*/ dir, "config.json"));
  for (let layer = 0; layer < layers; layer++) writeShard(layer, layerTensorNames(parsed, layer));
  writeShard(layers, headTensorNames(parsed));

  const sortedMap = Object.fromEntries(Object.entries(weightMap).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(
    join(/*turbopackIgnore: true*/ dir, INDEX_FILE),
    `${JSON.stringify({ metadata: { total_size: totalSize }, weight_map: sortedMap }, null, 2)}\n`,
  );
  writeFileSync(
    join(/*turbopackIgnore: true*/ dir, "generation_config.json"),
    `${JSON.stringify({ bos_token_id: 1, eos_token_id: 2, pad_token_id: 0 }, null, 2)}\n`,
  );
  writeFileSync(join(/*turbopackIgnore: true*/ dir, "tokenizer.json"), JSON.stringify(buildLlama2TokenizerJson()));
  writeFileSync(join(/*turbopackIgnore: true*/ dir, "tokenizer_config.json"), `${JSON.stringify(LLAMA2_TOKENIZER_CONFIG, null, 2)}\n`);
  writeFileSync(
    join(/*turbopackIgnore: true*/ dir, "special_tokens_map.json"),
    `${JSON.stringify({ bos_token: "<s>", eos_token: "</s>", unk_token: "<unk>" }, null, 2)}\n`,
  );
  writeFileSync(join(/*turbopackIgnore: true*/ dir, "README.md"), `# ${config._name_or_path}\n\n${SMOKE_TEST_LABEL}.\nShape: ${JSON.stringify(shape)}.\n`);
  // config.json last: a folder interrupted mid-write has none and is rewritten next time.
  writeFileSync(join(/*turbopackIgnore: true*/ dir, "config.json"), configText);
  return true;
}

function isPresent(dir: string, configText: string): boolean {
  const configFile = join(/*turbopackIgnore: true*/ dir, "config.json");
  if (!existsSync(configFile) || readFileSync(configFile, "utf8") !== configText) return false;
  if (!existsSync(join(/*turbopackIgnore: true*/ dir, "tokenizer.json"))) return false;
  try {
    openCheckpoint(dir);
    return true;
  } catch {
    return false;
  }
}

/**
 * Uniform weights whose scale keeps activations of order one through the layers (1/sqrt(fan-in)),
 * norms near one, and logits spread enough that sampling settings visibly matter.
 * Seeded by the tensor's name, so a tensor does not depend on the order tensors are made in.
 */
function randomWeights(name: string, shape: number[], hidden: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let state = 2166136261;
  for (let i = 0; i < name.length; i++) state = Math.imul(state ^ name.charCodeAt(i), 16777619);
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  if (shape.length === 1) {
    for (let i = 0; i < n; i++) out[i] = 1 + 0.2 * (next() - 0.5);
    return out;
  }
  const std = name === "model.embed_tokens.weight" ? 1 : name === "lm_head.weight" ? 3 / Math.sqrt(hidden) : 1 / Math.sqrt(shape[1]);
  const half = std * Math.sqrt(3);
  for (let i = 0; i < n; i++) out[i] = (2 * next() - 1) * half;
  return out;
}

const LLAMA2_TOKENIZER_CONFIG = {
  add_bos_token: true,
  add_eos_token: false,
  bos_token: "<s>",
  eos_token: "</s>",
  unk_token: "<unk>",
  pad_token: null,
  clean_up_tokenization_spaces: false,
  legacy: false,
  model_max_length: 4096,
  tokenizer_class: "LlamaTokenizer",
};

/**
 * Llama-2's tokenizer in the Hugging Face tokenizer.json format, made from the vocabulary and
 * merges that llama-tokenizer-js embeds (it is the npm package that carries Meta's real ones).
 */
export function buildLlama2TokenizerJson(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve("llama-tokenizer-js"), "utf8");
  const constant = (name: string) => {
    const match = new RegExp(`${name}\\s*=\\s*"([A-Za-z0-9+/=]+)"`).exec(source);
    if (!match) throw new Error(`llama-tokenizer-js no longer holds ${name}: its data layout changed`);
    return Buffer.from(match[1], "base64");
  };
  const vocab = constant("llama_vocab_base64").toString("utf8").split("\n");
  const mergeIds = constant("llama_merges_binary");
  const merges: [string, string][] = [];
  for (let i = 0; i + 3 < mergeIds.length; i += 4) {
    merges.push([vocab[mergeIds.readUInt16LE(i)], vocab[mergeIds.readUInt16LE(i + 2)]]);
  }
  const special = (id: number) => ({ id, content: vocab[id], single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [special(0), special(1), special(2)],
    normalizer: {
      type: "Sequence",
      normalizers: [
        { type: "Prepend", prepend: "▁" },
        { type: "Replace", pattern: { String: " " }, content: "▁" },
      ],
    },
    pre_tokenizer: null,
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "<s>", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "<s>", type_id: 1 } },
        { Sequence: { id: "B", type_id: 1 } },
      ],
      special_tokens: { "<s>": { id: "<s>", ids: [1], tokens: ["<s>"] } },
    },
    decoder: {
      type: "Sequence",
      decoders: [
        { type: "Replace", pattern: { String: "▁" }, content: " " },
        { type: "ByteFallback" },
        { type: "Fuse" },
        { type: "Strip", content: " ", start: 1, stop: 0 },
      ],
    },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: "<unk>",
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
      merges,
    },
  };
}
