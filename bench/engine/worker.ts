// One engine in a process of its own, driven by run.ts over IPC: each engine's peak RSS is its
// own, and the parent can interleave the two engines' runs (A B B A ...) so drift in this VM's
// speed falls on both alike.
//
//   worker.ts ours DIR THREADS [--int4] [--spin-within-run]   this engine (engine/runtime.ts on onnxruntime-node)
//   worker.ts llama FILE.gguf THREADS     llama.cpp through node-llama-cpp's prebuilt CPU binary
//
// Both are handed token ids, never text, so they see exactly the same input.

import { readFileSync } from "node:fs";
import type { Token } from "node-llama-cpp";
import { MAX_BATCH, MAX_SEQUENCE, type Command, type DecodeAnswer } from "./protocol";

interface Engine {
  /** Prompt in, its KV cache filled; the time of that alone. */
  prefill(prompt: number[]): Promise<number>;
  /** Each prompt prefilled, then `steps` greedy decode steps of all of them together, timed. */
  decode(prompts: number[][], steps: number): Promise<DecodeAnswer>;
  /** Softmax of the next-token logits after the prompt, over the whole vocabulary. */
  probabilities(prompt: number[]): Promise<number[]>;
  /**
   * The instruction sets the engine's kernels were built for, where it says. llama.cpp's prebuilt
   * binary loads the best of several CPU builds for the host (on an AMX host its Q4_0 linears run on
   * AMX tiles, which doubled its 4-bit prefill there), so a table means little without this.
   */
  cpuFeatures?: string;
}

/**
 * RSS leaves out huge pages taken from the host's pool (scripts/with-engine-malloc.sh takes them where
 * there is one), and the kernel keeps no peak of those, so they are sampled while the process runs
 * and their largest use is added to its peak RSS: an upper bound, as the two peaks may fall apart.
 */
let peakHugetlbBytes = 0;
function statusBytes(field: string): number {
  const status = readFileSync("/proc/self/status", "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
}
function sampleHugetlb(): void {
  peakHugetlbBytes = Math.max(peakHugetlbBytes, statusBytes("HugetlbPages"));
}
setInterval(sampleHugetlb, 20).unref();

/**
 * The share of the process's resident memory mapped in 2 MiB pages: anonymous huge pages, the host's
 * pool, and a mapped file's page cache where it holds 2 MiB folios. Both engines decode from mapped
 * files (this engine's saved packed model, llama.cpp's GGUF), whose page size depends on the host's
 * memory when the file was read, not on the engine: the table says what each run had.
 */
function hugePageShare(): number {
  const rollup = readFileSync("/proc/self/smaps_rollup", "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
  const hugetlb = statusBytes("HugetlbPages") / 1024;
  return (kb("AnonHugePages") + kb("FilePmdMapped") + hugetlb) / (kb("Rss") + hugetlb);
}

function memory(): { peakRssBytes: number; rssBytes: number; hugePageShare: number } {
  sampleHugetlb();
  return {
    peakRssBytes: statusBytes("VmHWM") + peakHugetlbBytes,
    rssBytes: statusBytes("VmRSS") + statusBytes("HugetlbPages"),
    hugePageShare: hugePageShare(),
  };
}

async function ours(dir: string, threads: number, int4: boolean, spinWithinRun: boolean): Promise<Engine> {
  const { Runtime } = await import("../../engine/runtime");
  const rt = await Runtime.load(dir, { int4, threads, spinWithinRun, maxBatch: MAX_BATCH, maxSequenceLength: MAX_SEQUENCE });
  const reset = () => rt.kv.lengths.fill(0);
  return {
    async prefill(prompt) {
      reset();
      const started = performance.now();
      await rt.prefillGreedy(0, prompt);
      return performance.now() - started;
    },
    async decode(prompts, steps) {
      reset();
      const tokens: number[][] = [];
      for (let s = 0; s < prompts.length; s++) tokens.push([await rt.prefillGreedy(s, prompts[s])]);
      const started = performance.now();
      // As generate.ts decodes greedy sequences: the graph picks the tokens, only their ids come back.
      for (let step = 0; step < steps; step++) {
        const next = await rt.decodeGreedy(tokens.map((t) => t[t.length - 1]));
        for (const [s, id] of next.entries()) tokens[s].push(id);
      }
      return { ms: performance.now() - started, tokens };
    },
    async probabilities(prompt) {
      reset();
      const logits = await rt.prefill(0, prompt);
      const max = Math.max(...logits);
      const exp = Array.from(logits, (l) => Math.exp(l - max));
      const sum = exp.reduce((a, b) => a + b, 0);
      return exp.map((e) => e / sum);
    },
  };
}

async function llamaCpp(file: string, threads: number): Promise<Engine> {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  // node-llama-cpp brands token ids; these are plain ids of the same vocabulary.
  const ids = (tokens: number[]) => tokens as unknown as Token[];
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: file });
  // Flash attention off: this engine's attention on CPU is plain kernels too.
  const context = await model.createContext({ contextSize: MAX_SEQUENCE, sequences: MAX_BATCH, threads, batchSize: 512, flashAttention: false });
  const sequences = Array.from({ length: MAX_BATCH }, () => context.getSequence());
  return {
    cpuFeatures: llama.systemInfo,
    async prefill(prompt) {
      await sequences[0].clearHistory();
      const started = performance.now();
      await sequences[0].evaluateWithoutGeneratingNewTokens(ids(prompt));
      return performance.now() - started;
    },
    async decode(prompts, steps) {
      await Promise.all(prompts.map((_, s) => sequences[s].clearHistory()));
      // Random weights may pick the end-of-sequence token; this engine decodes past it, so llama.cpp must too.
      const generators = prompts.map((p, s) => sequences[s].evaluate(ids(p), { temperature: 0, yieldEogToken: true })[Symbol.asyncIterator]());
      const next = async (g: AsyncIterator<Token>) => {
        const r = await g.next();
        if (r.done) throw new Error("llama.cpp stopped generating inside a timed run");
        return r.value as unknown as number;
      };
      // The first token comes out of the prompt's evaluation; every later one is a decode step,
      // and node-llama-cpp puts the steps of concurrent sequences into one llama_decode batch.
      const tokens = await Promise.all(generators.map(async (g) => [await next(g)]));
      const started = performance.now();
      await Promise.all(
        generators.map(async (g, s) => {
          for (let step = 0; step < steps; step++) tokens[s].push(await next(g));
        }),
      );
      const ms = performance.now() - started;
      await Promise.all(generators.map((g) => g.return?.()));
      return { ms, tokens };
    },
    async probabilities(prompt) {
      await sequences[0].clearHistory();
      const last = prompt.length - 1;
      const input = prompt.map((t, i) =>
        i === last ? ([t, { generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } }] as const) : t,
      );
      const out = await sequences[0].controlledEvaluate(input as never);
      // topK 0 keeps the whole vocabulary, so the map holds every token.
      const map = out[last]!.next.probabilities!;
      const probs = new Array<number>(map.size).fill(0);
      for (const [token, p] of map) probs[token as unknown as number] = p;
      return probs;
    },
  };
}

async function main(): Promise<void> {
  const [kind, path, threadArg, ...flags] = process.argv.slice(2);
  const threads = Number(threadArg);
  const before = memory();
  const started = performance.now();
  const engine = kind === "ours" ? await ours(path, threads, flags.includes("--int4"), flags.includes("--spin-within-run")) : await llamaCpp(path, threads);
  // Dies with its parent: a bench stopped half-way leaves no engine holding gigabytes.
  process.on("disconnect", () => process.exit(0));
  process.send!({ ready: true, loadMs: performance.now() - started, baseRssBytes: before.rssBytes, cpuFeatures: engine.cpuFeatures });
  process.on("message", async (command: Command) => {
    try {
      let answer: unknown;
      if (command.op === "prefill") answer = { ms: await engine.prefill(command.prompt) };
      else if (command.op === "decode") answer = await engine.decode(command.prompts, command.steps);
      else if (command.op === "probabilities") answer = { probabilities: await engine.probabilities(command.prompt) };
      else answer = memory();
      process.send!({ answer });
    } catch (error) {
      process.send!({ error: (error as Error).stack ?? String(error) });
    }
  });
}

await main();
