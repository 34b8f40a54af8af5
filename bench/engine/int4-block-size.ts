// The 4-bit block size, measured both ways: what it costs in accuracy and what it buys in speed.
// Issue 20's 4-bit prefill target depends on it; nothing here can measure a trained model, so the
// accuracy half is the weights' own error (relative RMS of dequantized - original) on four kinds of
// weight rows of 2048: Gaussian, Laplace, Student-t (4 degrees of freedom) and Gaussian with 0.1% of
// values ten times larger, against llama.cpp's Q4_0 on the same values, and against blocks whose scales are fitted
// to the weights (fittedInt4: the same layout, so the same speed; the engine does not fit them). The speed half is
// onnxruntime's MatMulNBits alone (int8 compute, as the engine builds it) on TinyLlama's MLP shapes,
// 12 up/down pairs in a chain, at 1, 16 and 64 rows, the block sizes interleaved in each rep.
//
//   cd bench && npm run engine:int4-block-size -- [--threads 2] [--reps 3]
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { ort } from "../../engine/onnxruntime";
import { DataType, encodeModel, type Initializer, int, type Node } from "../../engine/onnx";
import { dequantizeInt4, quantizeInt4 } from "../../engine/quantize";
import { Sampler } from "../../engine/sampler";
import { dequantizeQ4_0, quantizeQ4_0 } from "./gguf-writer";

const { values } = parseArgs({ options: { threads: { type: "string", default: "2" }, reps: { type: "string", default: "3" } } });
const threads = Number(values.threads);
const reps = Number(values.reps);
const HIDDEN = 2048;
const INTERMEDIATE = 5632;
const PAIRS = 12;

/** The engine sampler's seeded generator: the same weights on every run. */
function random(seed: number): () => number {
  const sampler = new Sampler({ temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1, seed });
  return () => sampler.random();
}

function weightRows(kind: string, count: number, next: () => number): Float32Array {
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    if (kind === "Laplace") out[i] = (next() < 0.5 ? -1 : 1) * Math.log(1 - next());
    else if (kind === "Student-t, 4 d.o.f.") {
      let chi = 0;
      for (let k = 0; k < 4; k++) chi += gaussian() ** 2;
      out[i] = gaussian() / Math.sqrt(chi / 4);
    } else out[i] = gaussian() * (kind.includes("outliers") && next() < 0.001 ? 10 : 1);
  }
  return out;
}

/** The issue's suggestion, blocks without zero points: scale = the value of largest magnitude / -8, as Q4_0 but an fp32 scale. */
function symmetricInt4(x: Float32Array, block: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let start = 0; start < x.length; start += block) {
    let max = 0;
    for (let i = start; i < start + block; i++) if (Math.abs(x[i]) > Math.abs(max)) max = x[i];
    const d = max / -8;
    for (let i = start; i < start + block; i++) out[i] = d === 0 ? 0 : (Math.min(15, Math.max(0, Math.round(x[i] / d) + 8)) - 8) * d;
  }
  return out;
}

/**
 * Blocks with scales fitted to the weights instead of spanning their range (as llama.cpp's k-quants search theirs):
 * the range is shrunk toward zero by each of a few factors, the weights rounded to its 16 levels with the zero point
 * the full range gives, and the scale then set by least squares for those levels; the factor whose error is least is
 * kept. Never further from a block than the range's own quantization (factor 1, its scale refitted), which the engine uses.
 */
const FIT_FACTORS = [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65];
function fittedInt4(x: Float32Array, block: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let start = 0; start < x.length; start += block) {
    let min = 0;
    let max = 0;
    let energy = 0;
    for (let i = start; i < start + block; i++) {
      min = Math.min(min, x[i]);
      max = Math.max(max, x[i]);
      energy += x[i] ** 2;
    }
    if (max === min) continue;
    const rangeScale = (max - min) / 15;
    const zero = Math.min(15, Math.max(0, Math.round(-min / rangeScale)));
    const level = (v: number, inverse: number) => Math.min(15, Math.max(0, Math.round(v * inverse + zero))) - zero;
    let best = { error: Number.POSITIVE_INFINITY, inverse: 1 / rangeScale, scale: rangeScale };
    for (const factor of FIT_FACTORS) {
      const inverse = 1 / (rangeScale * factor);
      let dot = 0;
      let levels = 0;
      for (let i = start; i < start + block; i++) {
        const q = level(x[i], inverse);
        dot += x[i] * q;
        levels += q * q;
      }
      // The least-squares scale for these levels leaves energy - dot^2 / levels.
      const error = energy - (dot * dot) / levels;
      if (levels > 0 && error < best.error) best = { error, inverse, scale: dot / levels };
    }
    for (let i = start; i < start + block; i++) out[i] = level(x[i], best.inverse) * best.scale;
  }
  return out;
}

function relativeRmsError(original: Float32Array, dequantized: Float32Array): number {
  let error = 0;
  let energy = 0;
  for (let i = 0; i < original.length; i++) {
    error += (dequantized[i] - original[i]) ** 2;
    energy += original[i] ** 2;
  }
  return Math.sqrt(error / energy);
}

function accuracyTable(): string[] {
  const rows = 1024;
  const lines = [
    "| weight rows of 2048 | llama.cpp Q4_0 (32, no zero point, fp16 scale) | blocks of 64 | blocks of 128 (default) | blocks of 128, no zero points | blocks of 256 | blocks of 128, scales fitted | blocks of 256, scales fitted |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const kind of ["Gaussian", "Laplace", "Student-t, 4 d.o.f.", "Gaussian, 0.1% outliers x10"]) {
    const w = weightRows(kind, rows * HIDDEN, random(20));
    const ours = (block: number) => relativeRmsError(w, dequantizeInt4(quantizeInt4(w, rows, HIDDEN, block)));
    const cells = [
      relativeRmsError(w, dequantizeQ4_0(quantizeQ4_0(w))),
      ours(64),
      ours(128),
      relativeRmsError(w, symmetricInt4(w, 128)),
      ours(256),
      relativeRmsError(w, fittedInt4(w, 128)),
      relativeRmsError(w, fittedInt4(w, 256)),
    ];
    lines.push(`| ${kind} | ${cells.map((e) => e.toFixed(4)).join(" | ")} |`);
  }
  return lines;
}

type Variant = { block: number; zeroPoints: boolean };
const variants: Record<string, Variant> = {
  "blocks of 64": { block: 64, zeroPoints: true },
  "blocks of 128 (default)": { block: 128, zeroPoints: true },
  "blocks of 128, no zero points": { block: 128, zeroPoints: false },
  "blocks of 256": { block: 256, zeroPoints: true },
};

function chainModel({ block, zeroPoints }: Variant, weights: Float32Array[]): Uint8Array {
  const nodes: Node[] = [];
  const initializers: Initializer[] = [];
  let x = "x";
  weights.forEach((w, i) => {
    const [k, n] = i % 2 === 0 ? [HIDDEN, INTERMEDIATE] : [INTERMEDIATE, HIDDEN];
    const q = quantizeInt4(w, n, k, block);
    initializers.push({ name: `q${i}`, type: DataType.UINT8, dims: [n, k / block, block / 2], raw: q.packed });
    initializers.push({ name: `s${i}`, type: DataType.FLOAT, dims: [n, k / block], raw: new Uint8Array(q.scales.buffer) });
    const inputs = [x, `q${i}`, `s${i}`];
    if (zeroPoints) {
      initializers.push({ name: `z${i}`, type: DataType.UINT8, dims: [n, Math.ceil(k / block / 2)], raw: q.zeroPoints });
      inputs.push(`z${i}`);
    }
    const attributes = { K: int(k), N: int(n), bits: int(4), block_size: int(block), accuracy_level: int(4) };
    nodes.push({ name: `linear${i}`, op: "MatMulNBits", domain: "com.microsoft", inputs, outputs: [`y${i}`], attributes });
    x = `y${i}`;
  });
  return encodeModel(
    {
      name: "mlp chain",
      nodes,
      initializers,
      inputs: [{ name: "x", type: DataType.FLOAT, dims: ["m", HIDDEN] }],
      outputs: [{ name: x, type: DataType.FLOAT, dims: ["m", HIDDEN] }],
    },
    { "": 17, "com.microsoft": 1 },
  );
}

const ROWS = [1, 16, 64];
const gigaOps = (m: number) => (PAIRS * 2 * HIDDEN * INTERMEDIATE * 2 * m) / 1e9;

async function rowsPerSecond(model: Uint8Array): Promise<number[]> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    enableCpuMemArena: false,
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  });
  const gops: number[] = [];
  for (const m of ROWS) {
    const x = new ort.Tensor("float32", new Float32Array(m * HIDDEN).fill(0.01), [m, HIDDEN]);
    await session.run({ x });
    const runs = m === 1 ? 20 : 6;
    const started = performance.now();
    for (let r = 0; r < runs; r++) await session.run({ x });
    gops.push(gigaOps(m) / ((performance.now() - started) / runs / 1000));
  }
  await session.release();
  return gops;
}

async function speedTable(): Promise<string[]> {
  const next = random(7);
  const weights = Array.from({ length: PAIRS * 2 }, () => Float32Array.from({ length: HIDDEN * INTERMEDIATE }, () => (next() - 0.5) * 0.04));
  const names = Object.keys(variants);
  const models = new Map(names.map((name) => [name, chainModel(variants[name], weights)]));
  const measured = new Map<string, number[][]>();
  for (let rep = 0; rep < reps; rep++) {
    for (const name of rep % 2 ? [...names].reverse() : names) measured.set(name, [...(measured.get(name) ?? []), await rowsPerSecond(models.get(name)!)]);
  }
  const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  const medians = new Map(names.map((name) => [name, ROWS.map((_, i) => median(measured.get(name)!.map((r) => r[i])))]));
  const base = medians.get("blocks of 128 (default)")!;
  return [
    `| MatMulNBits, ${threads} thread(s) | ${ROWS.map((m) => `${m} row${m > 1 ? "s" : ""}: GOPS (vs 128)`).join(" | ")} |`,
    `|---|${ROWS.map(() => "---:").join("|")}|`,
    ...names.map(
      (name) =>
        `| ${name} | ${medians
          .get(name)!
          .map((g, i) => `${g.toFixed(0)} (${(g / base[i]).toFixed(2)}x)`)
          .join(" | ")} |`,
    ),
  ];
}

const load = loadavg()[0];
console.log("Weights' relative RMS error after 4-bit quantization (lower is better):\n");
console.log(accuracyTable().join("\n"));
const speed = await speedTable();
console.log(`\nSpeed, median of ${reps} interleaved reps, load average ${load.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end:\n`);
console.log(speed.join("\n"));
