// What loading a model will take, worked out from its config before a weight is read: the weights
// in the form they are computed in (fp32, or 4-bit packed), the KV cache for the batch and length
// asked, and the working memory of loading (a session's weights exist twice while onnxruntime
// copies them) and of running. Compared with what the machine has, it turns a load the kernel
// would kill half-way into a refusal that says what to do instead.

import { constrainedMemory } from "node:process";
import { readFileSync } from "node:fs";
import { freemem } from "node:os";
import { spanPartTensors, type BlockSpan } from "./checkpoint";
import type { LlamaConfig } from "./config";

export interface MemoryPlan {
  /** Its embeddings and head come with it where it starts or ends the model (checkpoint.ts spanParts). */
  span: BlockSpan;
  /** 4-bit weights with this block size; null for fp32. */
  int4BlockSize: number | null;
  maxBatch: number;
  maxSequenceLength: number;
  /** Most decoder-block weight bytes per onnxruntime session (runtime.ts). */
  maxSessionBytes: number;
}

export interface MemoryEstimate {
  weights: number;
  kvCache: number;
  /** Loading (one session's weights held twice) and running (activations, onnxruntime's arenas). */
  working: number;
  total: number;
}

/** Activations, logits and onnxruntime's own arenas: measured on the tiny model and TinyLlama as under this. */
const RUNNING_OVERHEAD = 512 * 2 ** 20;

export function blockParameters(config: LlamaConfig): number {
  const { hiddenSize: h, intermediateSize: m, numAttentionHeads: heads, numKeyValueHeads: kv, headDim: d } = config;
  return h * heads * d * 2 + h * kv * d * 2 + 3 * h * m + 2 * h;
}

/** The embeddings, final norm and lm_head a span holds beside its blocks, as the weights a load computes with. */
export function spanPartParameters(config: LlamaConfig, span: BlockSpan): number {
  return Object.values(spanPartTensors(config, span)).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}

export function estimateMemory(config: LlamaConfig, plan: MemoryPlan): MemoryEstimate {
  const blocks = plan.span.end - plan.span.start;
  const linear = blockParameters(config) - 2 * config.hiddenSize;
  // 4-bit: half a byte a weight, plus a float scale and half a byte of zero point a block.
  const bytesPerLinearWeight = plan.int4BlockSize ? 0.5 + 4.5 / plan.int4BlockSize : 4;
  const blockBytes = linear * bytesPerLinearWeight + 2 * config.hiddenSize * 4;
  const weights = blocks * blockBytes + spanPartParameters(config, plan.span) * 4;
  const kvCache = 2 * blocks * plan.maxBatch * config.numKeyValueHeads * plan.maxSequenceLength * config.headDim * 4;
  const working = Math.max(Math.min(plan.maxSessionBytes, blocks * blockBytes), blockBytes) + RUNNING_OVERHEAD;
  return { weights, kvCache, working, total: weights + kvCache + working };
}

/**
 * Memory this process may still take: what the kernel reports available, within the cgroup's limit
 * when there is one. A process started to take huge pages from the host's pool
 * (scripts/with-engine-malloc.sh) may also take the pool's free pages, which the kernel does not
 * count as available.
 */
export function availableMemory(): number {
  const limit = constrainedMemory?.() ?? 0;
  const inCgroup = limit > 0 && limit < Number.MAX_SAFE_INTEGER ? limit - process.memoryUsage().rss : Infinity;
  return Math.min(freemem() + freeHugePageBytes(process.env.GLIBC_TUNABLES, readMeminfo()), inCgroup);
}

function readMeminfo(): string {
  try {
    return readFileSync("/proc/meminfo", "utf8");
  } catch {
    return "";
  }
}

/** The pool's free bytes, when glibc's malloc was told to take from it (glibc.malloc.hugetlb=2). */
export function freeHugePageBytes(glibcTunables: string | undefined, meminfo: string): number {
  if (!/(^|:)glibc\.malloc\.hugetlb=2(:|$)/.test(glibcTunables ?? "")) return 0;
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(meminfo)?.[1] ?? 0);
  return field("HugePages_Free") * field("Hugepagesize") * 1024;
}

export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/**
 * Throws, before anything is loaded, when the plan needs more than `available`: how much it
 * needs and why, how much there is, and what would fit instead.
 */
export function refuseWhatDoesNotFit(config: LlamaConfig, plan: MemoryPlan, available: number, dir: string): MemoryEstimate {
  const estimate = estimateMemory(config, plan);
  if (estimate.total <= available) return estimate;
  const blocks = plan.span.end - plan.span.start;
  const what = `${blocks === config.numHiddenLayers ? "the whole model" : `blocks ${plan.span.start}:${plan.span.end}`}${plan.int4BlockSize ? " in 4 bits" : " in fp32"}`;
  const options: string[] = [];
  if (!plan.int4BlockSize) {
    const int4 = estimateMemory(config, { ...plan, int4BlockSize: 128 });
    options.push(`--int4 (about ${formatGiB(int4.total)}${int4.total <= available ? ", fits" : ", does not fit either"})`);
  }
  const fitting = largestFittingSpan(config, plan, available);
  if (fitting > 0) {
    const span = `${plan.span.start}:${plan.span.start + fitting}`;
    const bytes = estimateMemory(config, { ...plan, span: { start: plan.span.start, end: plan.span.start + fitting } }).total;
    options.push(
      `a span of blocks per machine (blocks ${span} would fit, about ${formatGiB(bytes)}; \`engine inspect ${dir} --blocks ${span}\` lists the shards it needs)`,
    );
  }
  if (plan.maxBatch > 1 || plan.maxSequenceLength > 512)
    options.push(`a smaller batch or --max-sequence-length (the KV cache alone is ${formatGiB(estimate.kvCache)})`);
  options.push("or serve it with vLLM or SGLang on GPUs and run campaigns through the openai backend (README: the real model)");
  throw new Error(
    `${dir}: loading ${what} needs about ${formatGiB(estimate.total)} (weights ${formatGiB(estimate.weights)}, KV cache ${formatGiB(estimate.kvCache)} ` +
      `for ${plan.maxBatch} x ${plan.maxSequenceLength} tokens, ${formatGiB(estimate.working)} to load and run), and this machine has ${formatGiB(available)} available. ` +
      `Instead: ${options.join("; ")}.`,
  );
}

function largestFittingSpan(config: LlamaConfig, plan: MemoryPlan, available: number): number {
  let blocks = 0;
  while (blocks < plan.span.end - plan.span.start) {
    const next = { ...plan, span: { start: plan.span.start, end: plan.span.start + blocks + 1 } };
    if (estimateMemory(config, next).total > available) break;
    blocks++;
  }
  return blocks;
}
