// Load time alone: this engine against llama.cpp on the same TinyLlama-shaped weights, each started
// in a process of its own until it is ready to compute, the two interleaved (A B / B A ...), after
// one load of each that is not counted (it writes this engine's caches and warms the page cache for
// both). run.ts measures one load per engine per run; this takes several, for the load target of
// issue 20 (cached load <= 1.5x llama.cpp's). Each load is also timed to its first token (a 16-token
// prompt run once): an engine that maps its weights and reads them only when it computes is ready
// sooner but pays for the reading there, so that figure compares the two on the same work.
//
// By default both engines start as the npm scripts start ours (scripts/with-engine-malloc.sh: huge
// pages from the host's pool where it has one). `--huge-page-pool compare` needs a pool and loads
// ours twice in each round, from the pool and on transparent huge pages, to say what the pool buys.
//
//   cd bench && npm run engine:load -- [--model tinyllama-1.1b] [--precision fp32] [--reps 5] [--threads 2]
//                                      [--huge-page-pool as-started|compare]
import { readFileSync } from "node:fs";
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
    "huge-page-pool": { type: "string", default: "as-started" },
  },
});
const model = values.model as TinyModelName;
if (!(model in TINY_SHAPES)) throw new Error(`unknown model ${model}; known: ${Object.keys(TINY_SHAPES).join(", ")}`);
const precision = values.precision as Precision;
if (precision !== "fp32" && precision !== "int4") throw new Error(`--precision must be fp32 or int4, not ${values.precision}`);
const reps = Number(values.reps);
const poolChoice = values["huge-page-pool"];
if (poolChoice !== "as-started" && poolChoice !== "compare") throw new Error(`--huge-page-pool must be as-started or compare, not ${poolChoice}`);
const freeHugePages = Number(/^HugePages_Free:\s+(\d+)/m.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0);
if (poolChoice === "compare" && freeHugePages === 0)
  throw new Error("--huge-page-pool compare needs a pool of huge pages: echo 2600 > /proc/sys/vm/nr_hugepages (5 GiB), then 0 after");
const threads = Number(values.threads);

const dir = join(WORK, model);
if (writeTinyModel(dir, model)) console.error(`[bench] generated ${model} in ${dir}`);
const gguf = ensureGguf(dir, model, precision);
const args: Record<EngineName, string[]> = {
  ours: ["ours", dir, String(threads), ...(precision === "int4" ? ["--int4"] : [])],
  "llama.cpp": ["llama", gguf.file, String(threads)],
};

const FIRST_PROMPT = Array.from({ length: 16 }, (_, i) => 1 + ((i * 7919) % 1000));

/** One engine started one way: what the table calls it, and glibc's malloc settings if not the script's. */
type Contender = { label: string; engine: EngineName; tunables?: string };
const MMAP_THRESHOLD = "glibc.malloc.mmap_threshold=1048576";
const contenders: Contender[] =
  poolChoice === "compare"
    ? [
        { label: "ours, pool", engine: "ours", tunables: `glibc.malloc.hugetlb=2:${MMAP_THRESHOLD}` },
        { label: "ours, transparent", engine: "ours", tunables: `glibc.malloc.hugetlb=1:${MMAP_THRESHOLD}` },
        { label: "llama.cpp", engine: "llama.cpp" },
      ]
    : [
        { label: "ours", engine: "ours" },
        { label: "llama.cpp", engine: "llama.cpp" },
      ];

/**
 * Seconds from starting the process to the engine being ready, as the worker measures it (imports
 * excluded), and to the end of its first prompt.
 */
async function loadSeconds({ engine, tunables }: Contender): Promise<{ ready: number; firstToken: number }> {
  const worker = EngineProcess.start(engine, args[engine], tunables);
  try {
    const ready = (await worker.ready).loadMs / 1000;
    const { ms } = await worker.ask<{ ms: number }>({ op: "prefill", prompt: FIRST_PROMPT });
    return { ready, firstToken: ready + ms / 1000 };
  } finally {
    await worker.stop();
  }
}

const loadAtStart = loadavg()[0];
const firstLoads = new Map<Contender, { ready: number }>();
for (const contender of contenders) firstLoads.set(contender, await loadSeconds(contender));
const times = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
const firstTokens = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
for (let rep = 0; rep < reps; rep++) {
  const order = rep % 2 === 0 ? contenders : [...contenders].reverse();
  for (const contender of order) {
    const { ready, firstToken } = await loadSeconds(contender);
    times.get(contender)!.push(ready);
    firstTokens.get(contender)!.push(firstToken);
  }
  const said = (c: Contender) => `${c.label} ${times.get(c)!.at(-1)!.toFixed(2)} s (first token ${firstTokens.get(c)!.at(-1)!.toFixed(2)} s)`;
  console.error(`[bench] rep ${rep + 1}/${reps}: ${contenders.map(said).join(", ")}`);
}
const loadAtEnd = loadavg()[0];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
const row = (c: Contender) =>
  `| ${c.label} | ${firstLoads.get(c)!.ready.toFixed(1)} | ${median(times.get(c)!).toFixed(2)} | ${range(times.get(c)!)} | ${median(firstTokens.get(c)!).toFixed(2)} | ${range(firstTokens.get(c)!)} |`;
const llama = contenders.find((c) => c.engine === "llama.cpp")!;
const ratio = (c: Contender) =>
  `${c.label} / llama.cpp (medians): ready ${(median(times.get(c)!) / median(times.get(llama)!)).toFixed(2)}x, first token ${(median(firstTokens.get(c)!) / median(firstTokens.get(llama)!)).toFixed(2)}x`;
console.log(`${model} ${precision}, ${threads} thread${threads === 1 ? "" : "s"}, ${reps} interleaved loads each, load average ${loadAtStart.toFixed(1)} -> ${loadAtEnd.toFixed(1)}, huge page pool: ${freeHugePages} pages free at the start

| engine | first load s (not counted) | ready, median s | range s | first token, median s | range s |
|---|---:|---:|---:|---:|---:|
${contenders.map(row).join("\n")}

${contenders
  .filter((c) => c !== llama)
  .map(ratio)
  .join("\n")}`);
