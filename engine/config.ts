// A Llama checkpoint's config.json, every field the Hugging Face LlamaConfig defines. Shape
// fields are required (a checkpoint without them cannot be trusted); the others take the
// defaults LlamaConfig itself gives them, so a config written by transformers reads the same here.

import { readFileSync } from "node:fs";
import { join } from "node:path";

export type RopeScaling =
  | { type: "linear"; factor: number }
  | {
      type: "llama3";
      factor: number;
      lowFreqFactor: number;
      highFreqFactor: number;
      originalMaxPositionEmbeddings: number;
    };

export interface LlamaConfig {
  modelType: string;
  architectures: string[];
  hiddenSize: number;
  intermediateSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  vocabSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  ropeScaling: RopeScaling | null;
  maxPositionEmbeddings: number;
  hiddenAct: string;
  tieWordEmbeddings: boolean;
  attentionBias: boolean;
  mlpBias: boolean;
  attentionDropout: number;
  pretrainingTp: number;
  initializerRange: number;
  useCache: boolean;
  bosTokenId: number | null;
  eosTokenIds: number[];
  padTokenId: number | null;
  torchDtype: string | null;
  transformersVersion: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "ConfigError";
  }
}

export function readConfig(dir: string): LlamaConfig {
  const file = join(/*turbopackIgnore: true*/ dir, "config.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(file, "missing: a checkpoint folder needs its config.json");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(json, file);
}

export function parseConfig(json: unknown, file: string): LlamaConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError(file, "must hold a JSON object");
  }
  const raw = json as Record<string, unknown>;

  const required = (field: string, integer = true): number => {
    const value = raw[field];
    if (value === undefined || value === null) {
      throw new ConfigError(file, `required field "${field}" is missing`);
    }
    if (typeof value !== "number" || !(value > 0) || (integer && !Number.isInteger(value))) {
      throw new ConfigError(file, `field "${field}" must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const optional = <T>(field: string, kind: "number" | "string" | "boolean", fallback: T): T => {
    const value = raw[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== kind) {
      throw new ConfigError(file, `field "${field}" must be a ${kind}, got ${JSON.stringify(value)}`);
    }
    return value as T;
  };

  const modelType = optional("model_type", "string", "llama");
  if (modelType !== "llama") {
    throw new ConfigError(file, `model_type "${modelType}" is not supported: this engine runs Llama checkpoints`);
  }
  const hiddenSize = required("hidden_size");
  const numAttentionHeads = required("num_attention_heads");
  const numKeyValueHeads = raw.num_key_value_heads == null ? numAttentionHeads : required("num_key_value_heads");
  if (numAttentionHeads % numKeyValueHeads !== 0) {
    throw new ConfigError(file, `num_attention_heads (${numAttentionHeads}) must be a multiple of num_key_value_heads (${numKeyValueHeads})`);
  }
  const headDim = raw.head_dim == null ? hiddenSize / numAttentionHeads : required("head_dim");
  if (!Number.isInteger(headDim) || headDim % 2 !== 0) {
    throw new ConfigError(file, `head size ${headDim} (hidden_size / num_attention_heads) must be an even integer for rotary embeddings`);
  }
  const hiddenAct = optional("hidden_act", "string", "silu");
  if (hiddenAct !== "silu") {
    throw new ConfigError(file, `hidden_act "${hiddenAct}" is not supported (Llama uses "silu")`);
  }
  const attentionBias = optional("attention_bias", "boolean", false);
  const mlpBias = optional("mlp_bias", "boolean", false);
  if (attentionBias || mlpBias) {
    throw new ConfigError(file, "attention_bias / mlp_bias true is not supported: Llama projections carry no bias");
  }

  const eos = raw.eos_token_id;
  let eosTokenIds: number[];
  if (eos === undefined || eos === null) eosTokenIds = [2];
  else if (typeof eos === "number" && Number.isInteger(eos)) eosTokenIds = [eos];
  else if (Array.isArray(eos) && eos.every((id) => Number.isInteger(id))) eosTokenIds = eos as number[];
  else throw new ConfigError(file, `field "eos_token_id" must be an integer or a list of integers, got ${JSON.stringify(eos)}`);

  const architectures = raw.architectures ?? [];
  if (!Array.isArray(architectures) || !architectures.every((a) => typeof a === "string")) {
    throw new ConfigError(file, `field "architectures" must be a list of strings`);
  }

  return {
    modelType,
    architectures,
    hiddenSize,
    intermediateSize: required("intermediate_size"),
    numHiddenLayers: required("num_hidden_layers"),
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    vocabSize: required("vocab_size"),
    rmsNormEps: required("rms_norm_eps", false),
    ...parseRope(raw, file),
    maxPositionEmbeddings: required("max_position_embeddings"),
    hiddenAct,
    tieWordEmbeddings: optional("tie_word_embeddings", "boolean", false),
    attentionBias,
    mlpBias,
    attentionDropout: optional("attention_dropout", "number", 0),
    pretrainingTp: optional("pretraining_tp", "number", 1),
    initializerRange: optional("initializer_range", "number", 0.02),
    useCache: optional("use_cache", "boolean", true),
    bosTokenId: optional<number | null>("bos_token_id", "number", 1),
    eosTokenIds,
    padTokenId: optional<number | null>("pad_token_id", "number", null),
    torchDtype: optional<string | null>("torch_dtype", "string", null),
    transformersVersion: optional<string | null>("transformers_version", "string", null),
  };
}

const ROPE_FIELDS: Record<string, string[]> = {
  default: [],
  linear: ["factor"],
  llama3: ["factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"],
};

/**
 * Rotary theta and scaling. transformers 5 writes both into `rope_parameters`; earlier versions
 * wrote `rope_theta` and `rope_scaling`. Either is read; where a config carries both they must
 * agree, and a scaling type or field this engine does not compute is refused by name, since
 * running without it would silently give another model's positions.
 */
function parseRope(raw: Record<string, unknown>, file: string): { ropeTheta: number; ropeScaling: RopeScaling | null } {
  const topTheta = raw.rope_theta ?? null;
  if (topTheta !== null && (typeof topTheta !== "number" || !(topTheta > 0))) {
    throw new ConfigError(file, `field "rope_theta" must be a positive number, got ${JSON.stringify(topTheta)}`);
  }
  const legacy = parseRopeScaling(raw.rope_scaling, "rope_scaling", file);
  const parameters = parseRopeScaling(raw.rope_parameters, "rope_parameters", file);
  const thetas = (
    [
      ["rope_theta", topTheta],
      ["rope_scaling.rope_theta", legacy.theta],
      ["rope_parameters.rope_theta", parameters.theta],
    ] as const
  ).filter(([, theta]) => theta !== null);
  if (new Set(thetas.map(([, theta]) => theta)).size > 1) {
    throw new ConfigError(file, `rotary theta given differently: ${thetas.map(([field, theta]) => `"${field}" ${theta}`).join(", ")}`);
  }
  const given = raw.rope_parameters != null;
  if (given && raw.rope_scaling != null && JSON.stringify(legacy.scaling) !== JSON.stringify(parameters.scaling)) {
    throw new ConfigError(file, `"rope_scaling" and "rope_parameters" disagree: give the scaling once`);
  }
  return { ropeTheta: (thetas[0]?.[1] as number | undefined) ?? 10000, ropeScaling: given ? parameters.scaling : legacy.scaling };
}

function parseRopeScaling(value: unknown, field: string, file: string): { theta: number | null; scaling: RopeScaling | null } {
  if (value === undefined || value === null) return { theta: null, scaling: null };
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(file, `field "${field}" must be an object or null`);
  }
  const scaling = value as Record<string, unknown>;
  // transformers renamed "type" to "rope_type"; checkpoints carry either.
  const type = scaling.rope_type ?? scaling.type ?? "default";
  if (typeof type !== "string" || !Object.hasOwn(ROPE_FIELDS, type)) {
    throw new ConfigError(file, `${field} type ${JSON.stringify(type)} is not supported (supported: ${Object.keys(ROPE_FIELDS).join(", ")})`);
  }
  for (const key of Object.keys(scaling)) {
    if (!["rope_type", "type", "rope_theta", ...ROPE_FIELDS[type]].includes(key)) {
      throw new ConfigError(
        file,
        `field "${field}.${key}" is not supported for rope type "${type}" (this engine reads: ${ROPE_FIELDS[type].join(", ") || "rope_theta only"})`,
      );
    }
  }
  const number = (key: string): number => {
    const v = scaling[key];
    if (typeof v !== "number" || !(v > 0)) {
      throw new ConfigError(file, `field "${field}.${key}" must be a positive number, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const theta = scaling.rope_theta === undefined ? null : number("rope_theta");
  if (type === "linear") return { theta, scaling: { type, factor: number("factor") } };
  if (type === "llama3") {
    return {
      theta,
      scaling: {
        type,
        factor: number("factor"),
        lowFreqFactor: number("low_freq_factor"),
        highFreqFactor: number("high_freq_factor"),
        originalMaxPositionEmbeddings: number("original_max_position_embeddings"),
      },
    };
  }
  return { theta, scaling: null };
}

/** The inverse frequencies of rotary embedding, as transformers computes them for this config. */
export function ropeInverseFrequencies(config: LlamaConfig): Float64Array {
  const half = config.headDim / 2;
  const inv = new Float64Array(half);
  for (let i = 0; i < half; i++) inv[i] = 1 / config.ropeTheta ** ((2 * i) / config.headDim);
  const scaling = config.ropeScaling;
  if (scaling?.type === "linear") {
    for (let i = 0; i < half; i++) inv[i] /= scaling.factor;
  } else if (scaling?.type === "llama3") {
    const lowWavelen = scaling.originalMaxPositionEmbeddings / scaling.lowFreqFactor;
    const highWavelen = scaling.originalMaxPositionEmbeddings / scaling.highFreqFactor;
    for (let i = 0; i < half; i++) {
      const wavelen = (2 * Math.PI) / inv[i];
      if (wavelen > lowWavelen) inv[i] /= scaling.factor;
      else if (wavelen >= highWavelen) {
        const smooth = (scaling.originalMaxPositionEmbeddings / wavelen - scaling.lowFreqFactor) / (scaling.highFreqFactor - scaling.lowFreqFactor);
        inv[i] = (1 - smooth) * (inv[i] / scaling.factor) + smooth * inv[i];
      }
    }
  }
  return inv;
}
