// Load time alone: this engine against llama.cpp on the same TinyLlama-shaped weights, each started
// in a process of its own until it is ready to compute, the two interleaved (A B / B A ...), after
// one load of each that is not counted (it writes this engine's caches and warms the page cache for
// both). run.ts measures one load per engine per run; this takes several, for the load target of
// issue 20 (cached load <= 1.5x llama.cpp's). Each load is also timed to its first token (a 16-token
// prompt run once): an engine that maps its weights and reads them only when it computes is ready
// sooner but pays for the reading there, so that figure compares the two on the same work.
//
//   cd bench && npm run engine:load -- [--model tinyllama-1.1b] [--precision fp32] [--reps 5] [--threads 2]
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { TINY_SHAPES, type TinyModelName, writeTinyModel } from "../../engine/tiny-model";
import { EngineProcess, type EngineName } from "./engine-process";
import { DEFAULT_THREADS } from "./protocol";
import { ensureGguf, type Precision, WORK } from "./work-files";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "tinyllama-1.1b" },
    precision: { type: "string", default: "fp32" },
    reps: { type: "string", default: "5" },
    threads: { type: "string", default: String(DEFAULT_THREADS) },
  },
});
const model = values.model as TinyModelName;
if (!(model in TINY_SHAPES)) throw new Error(`unknown model ${model}; known: ${Object.keys(TINY_SHAPES).join(", ")}`);
const precision = values.precision as Precision;
if (precision !== "fp32" && precision !== "int4") throw new Error(`--precision must be fp32 or int4, not ${values.precision}`);
const reps = Number(values.reps);
const threads = Number(values.threads);

const dir = join(WORK, model);
if (writeTinyModel(dir, model)) console.error(`[bench] generated ${model} in ${dir}`);
const gguf = ensureGguf(dir, model, precision);
const args: Record<EngineName, string[]> = {
  ours: ["ours", dir, String(threads), ...(precision === "int4" ? ["--int4"] : [])],
  "llama.cpp": ["llama", gguf.file, String(threads)],
};

const FIRST_PROMPT = Array.from({ length: 16 }, (_, i) => 1 + ((i * 7919) % 1000));

/**
 * Seconds from starting the process to the engine being ready, as the worker measures it (imports
 * excluded), and to the end of its first prompt.
 */
async function loadSeconds(engine: EngineName): Promise<{ ready: number; firstToken: number }> {
  const worker = EngineProcess.start(engine, args[engine]);
  try {
    const ready = (await worker.ready).loadMs / 1000;
    const { ms } = await worker.ask<{ ms: number }>({ op: "prefill", prompt: FIRST_PROMPT });
    return { ready, firstToken: ready + ms / 1000 };
  } finally {
    await worker.stop();
  }
}

const loadAtStart = loadavg()[0];
const firstLoads = { ours: await loadSeconds("ours"), "llama.cpp": await loadSeconds("llama.cpp") };
const times: Record<EngineName, number[]> = { ours: [], "llama.cpp": [] };
const firstTokens: Record<EngineName, number[]> = { ours: [], "llama.cpp": [] };
for (let rep = 0; rep < reps; rep++) {
  const order: EngineName[] = rep % 2 === 0 ? ["ours", "llama.cpp"] : ["llama.cpp", "ours"];
  for (const engine of order) {
    const { ready, firstToken } = await loadSeconds(engine);
    times[engine].push(ready);
    firstTokens[engine].push(firstToken);
  }
  const said = (engine: EngineName) => `${times[engine].at(-1)!.toFixed(2)} s (first token ${firstTokens[engine].at(-1)!.toFixed(2)} s)`;
  console.error(`[bench] rep ${rep + 1}/${reps}: ours ${said("ours")}, llama.cpp ${said("llama.cpp")}`);
}
const loadAtEnd = loadavg()[0];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
const row = (engine: EngineName) =>
  `| ${engine} | ${firstLoads[engine].ready.toFixed(1)} | ${median(times[engine]).toFixed(2)} | ${range(times[engine])} | ${median(firstTokens[engine]).toFixed(2)} | ${range(firstTokens[engine])} |`;
console.log(`${model} ${precision}, ${threads} thread${threads === 1 ? "" : "s"}, ${reps} interleaved loads each, load average ${loadAtStart.toFixed(1)} -> ${loadAtEnd.toFixed(1)}

| engine | first load s (not counted) | ready, median s | range s | first token, median s | range s |
|---|---:|---:|---:|---:|---:|
${row("ours")}
${row("llama.cpp")}

ours / llama.cpp (medians): ready ${(median(times.ours) / median(times["llama.cpp"])).toFixed(2)}x, first token ${(median(firstTokens.ours) / median(firstTokens["llama.cpp"])).toFixed(2)}x`);
