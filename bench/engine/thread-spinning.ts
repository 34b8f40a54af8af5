// Whether the engine's intra-op threads should spin between a run's operators (RuntimeOptions.spinWithinRun)
// instead of sleeping, as onnxruntime does by default. This engine twice, spinning and not, and llama.cpp on the
// same weights, each in its own process, interleaved in rotating orders; prefill (64 tokens, three a round), decode
// at batch 1 and batch 16. With --busy, a process that only burns one core runs beside them all along: the engine
// shares its machine with the app, its database and other workers, and a spinning thread waits on a peer that
// another process has preempted.
//
//   cd bench && npm run engine:thread-spinning [-- --model tinyllama-1.1b --precision int4 --threads 2 --rounds 8 --busy]
import { type ChildProcess, spawn } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeTinyModel, type TinyModelName } from "../../engine/tiny-model";
import { EngineProcess } from "./engine-process";
import { DEFAULT_THREADS } from "./protocol";
import { ensureGguf, type Precision, WORK } from "./work-files";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "tinyllama-1.1b" },
    precision: { type: "string", default: "int4" },
    threads: { type: "string", default: String(DEFAULT_THREADS) },
    rounds: { type: "string", default: "8" },
    busy: { type: "boolean", default: false },
  },
});
const model = values.model as TinyModelName;
const precision = values.precision as Precision;
const threads = values.threads;
const rounds = Number(values.rounds);

const dir = join(WORK, model);
writeTinyModel(dir, model);
const gguf = ensureGguf(dir, model, precision);
const int4 = precision === "int4" ? ["--int4"] : [];

const names = ["sleeping", "spinning", "llama.cpp"] as const;
type Name = (typeof names)[number];
const engines: Record<Name, EngineProcess> = {
  sleeping: EngineProcess.start("ours", ["ours", dir, threads, ...int4]),
  spinning: EngineProcess.start("ours", ["ours", dir, threads, ...int4, "--spin-within-run"]),
  "llama.cpp": EngineProcess.start("llama.cpp", ["llama", gguf.file, threads]),
};
await Promise.all(Object.values(engines).map((e) => e.ready));

let seed = 7;
const nextToken = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return 500 + (seed % 31000);
};
const prompt = (length: number) => [1, ...Array.from({ length: length - 1 }, nextToken)];
const long = prompt(64);
const short = Array.from({ length: 16 }, () => prompt(16));
const DECODE_STEPS = 24;
const BATCH_STEPS = 8;

for (const engine of Object.values(engines)) {
  await engine.ask({ op: "prefill", prompt: long });
  await engine.ask({ op: "decode", prompts: short, steps: 2 });
}

let busy: ChildProcess | null = null;
if (values.busy) busy = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
const loadAtStart = loadavg()[0];

const measured = Object.fromEntries(names.map((n) => [n, { prefill: [] as number[], decode: [] as number[], batch16: [] as number[] }])) as Record<
  Name,
  { prefill: number[]; decode: number[]; batch16: number[] }
>;
const orders: Name[][] = [
  ["sleeping", "spinning", "llama.cpp"],
  ["llama.cpp", "spinning", "sleeping"],
  ["spinning", "llama.cpp", "sleeping"],
  ["sleeping", "llama.cpp", "spinning"],
];
for (let round = 0; round < rounds; round++) {
  for (const name of orders[round % orders.length]) {
    const engine = engines[name];
    for (let i = 0; i < 3; i++) {
      const { ms } = await engine.ask<{ ms: number }>({ op: "prefill", prompt: long });
      measured[name].prefill.push((long.length * 1000) / ms);
    }
    const one = await engine.ask<{ ms: number }>({ op: "decode", prompts: [short[0]], steps: DECODE_STEPS });
    measured[name].decode.push((DECODE_STEPS * 1000) / one.ms);
    const sixteen = await engine.ask<{ ms: number }>({ op: "decode", prompts: short, steps: BATCH_STEPS });
    measured[name].batch16.push((short.length * BATCH_STEPS * 1000) / sixteen.ms);
  }
}
busy?.kill();
await Promise.all(Object.values(engines).map((e) => e.stop()));

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const m = (name: Name, what: "prefill" | "decode" | "batch16") => median(measured[name][what]);

console.log(
  `${model} ${precision}, ${threads} threads, ${rounds} rounds${values.busy ? ", one busy process beside" : ""}; ` +
    `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end. Medians, tokens/s:`,
);
console.log("| engine | prefill | decode | batch 16 | b16 / b1 |\n|---|---:|---:|---:|---:|");
for (const name of names) {
  console.log(
    `| ${name} | ${m(name, "prefill").toFixed(1)} | ${m(name, "decode").toFixed(2)} | ${m(name, "batch16").toFixed(1)} | ${(m(name, "batch16") / m(name, "decode")).toFixed(2)}x |`,
  );
}
for (const what of ["prefill", "decode", "batch16"] as const) {
  console.log(
    `${what}: spinning / sleeping ${(m("spinning", what) / m("sleeping", what)).toFixed(3)}x; ` +
      `against llama.cpp, sleeping ${(m("sleeping", what) / m("llama.cpp", what)).toFixed(2)}x, spinning ${(m("spinning", what) / m("llama.cpp", what)).toFixed(2)}x`,
  );
}
