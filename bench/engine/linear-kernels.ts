// The linears of four TinyLlama layers, as the engine lays them out (engine/graph.ts linear: q, k, v, o, gate, up,
// down, each its own node), against the layouts issue 20 asks about: q/k/v and gate/up each fused into one node,
// 4-bit blocks without zero points, blocks of 256, and 4-bit weights computed in fp32 (accuracy level 1) instead of
// int8. Rows of 64 (a prefill), 16 (batch 16) and 1 (decode). Random weights: the kernels' time does not depend on
// the values. Each layout is its own session; they run interleaved, A B ... B A, and the medians are compared with
// the engine's layout of the same bit width.
//
//   cd bench && npm run engine:linear-kernels [-- 2]      (threads, default 2)
import { loadavg } from "node:os";
import { ort } from "../../engine/onnxruntime";
import { DataType, encodeModel, float, int, type Initializer, type Node } from "../../engine/onnx";

const HIDDEN = 2048;
const KV = 256;
const MLP = 5632;
const LAYERS = 4;
const threads = Number(process.argv[2] ?? 2);

interface Layout {
  name: string;
  /** 4-bit: block size, zero points, accuracy level; null: fp32 FusedMatMul as the engine's fp32 graph. */
  int4: { blockSize: number; zeroPoints: boolean; accuracyLevel: number } | null;
  fused: boolean;
}

const ENGINE_INT4 = { blockSize: 128, zeroPoints: true, accuracyLevel: 4 };
const layouts: Layout[] = [
  { name: "4-bit, the engine's", int4: ENGINE_INT4, fused: false },
  { name: "4-bit, q/k/v and gate/up fused", int4: ENGINE_INT4, fused: true },
  { name: "4-bit, no zero points", int4: { ...ENGINE_INT4, zeroPoints: false }, fused: false },
  { name: "4-bit, blocks of 256", int4: { ...ENGINE_INT4, blockSize: 256 }, fused: false },
  { name: "4-bit, fp32 compute (level 1)", int4: { ...ENGINE_INT4, accuracyLevel: 1 }, fused: false },
  { name: "fp32, the engine's", int4: null, fused: false },
  { name: "fp32, q/k/v and gate/up fused", int4: null, fused: true },
];

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i++) bytes[i] = (Math.random() * 256) | 0;
  return bytes;
}

function randomFloats(count: number, scale: number): Uint8Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = (Math.random() - 0.5) * scale;
  return new Uint8Array(values.buffer);
}

function graph(layout: Layout): Uint8Array {
  const nodes: Node[] = [];
  const initializers: Initializer[] = [];
  const outputs: string[] = [];
  const linear = (name: string, input: string, n: number, k: number) => {
    const output = `${name}/output`;
    outputs.push(output);
    if (!layout.int4) {
      initializers.push({ name: `${name}.weight`, type: DataType.FLOAT, dims: [n, k], raw: randomFloats(n * k, 0.1) });
      nodes.push({
        name,
        op: "FusedMatMul",
        domain: "com.microsoft",
        inputs: [input, `${name}.weight`],
        outputs: [output],
        attributes: { transB: int(1), alpha: float(1) },
      });
      return;
    }
    const { blockSize, zeroPoints, accuracyLevel } = layout.int4;
    const blocks = k / blockSize;
    initializers.push({ name: `${name}.q4`, type: DataType.UINT8, dims: [n, blocks, blockSize / 2], raw: randomBytes((n * k) / 2) });
    initializers.push({ name: `${name}.scales`, type: DataType.FLOAT, dims: [n, blocks], raw: randomFloats(n * blocks, 0.02) });
    const inputs = [input, `${name}.q4`, `${name}.scales`];
    if (zeroPoints) {
      initializers.push({ name: `${name}.zero_points`, type: DataType.UINT8, dims: [n, Math.ceil(blocks / 2)], raw: randomBytes(n * Math.ceil(blocks / 2)) });
      inputs.push(`${name}.zero_points`);
    }
    const attributes = { K: int(k), N: int(n), bits: int(4), block_size: int(blockSize), accuracy_level: int(accuracyLevel) };
    nodes.push({ name, op: "MatMulNBits", domain: "com.microsoft", inputs, outputs: [output], attributes });
  };
  for (let layer = 0; layer < LAYERS; layer++) {
    const p = `layers.${layer}`;
    if (layout.fused) {
      linear(`${p}.qkv_proj`, "normed", HIDDEN + 2 * KV, HIDDEN);
      linear(`${p}.gate_up_proj`, "normed", 2 * MLP, HIDDEN);
    } else {
      linear(`${p}.q_proj`, "normed", HIDDEN, HIDDEN);
      linear(`${p}.k_proj`, "normed", KV, HIDDEN);
      linear(`${p}.v_proj`, "normed", KV, HIDDEN);
      linear(`${p}.gate_proj`, "normed", MLP, HIDDEN);
      linear(`${p}.up_proj`, "normed", MLP, HIDDEN);
    }
    linear(`${p}.o_proj`, "normed", HIDDEN, HIDDEN);
    linear(`${p}.down_proj`, "product", HIDDEN, MLP);
  }
  return encodeModel(
    {
      name: layout.name,
      nodes,
      initializers,
      inputs: [
        { name: "normed", type: DataType.FLOAT, dims: ["rows", HIDDEN] },
        { name: "product", type: DataType.FLOAT, dims: ["rows", MLP] },
      ],
      outputs: outputs.map((name) => ({ name, type: DataType.FLOAT, dims: ["rows", "features"] })),
    },
    { "": 17, "com.microsoft": 1 },
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

const loadAtStart = loadavg()[0];
const sessions = await Promise.all(
  layouts.map((layout) =>
    ort.InferenceSession.create(graph(layout), {
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      enableCpuMemArena: false,
      // As the engine runs: idle threads sleep between runs (engine/runtime.ts sessionOptions).
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    }),
  ),
);
console.log(`${LAYERS} TinyLlama layers' linears, ${threads} threads, onnxruntime ${ort.env.versions.common}; medians in ms`);
for (const rows of [64, 16, 1]) {
  const feeds = {
    normed: new ort.Tensor(
      "float32",
      Float32Array.from({ length: rows * HIDDEN }, () => Math.random() - 0.5),
      [rows, HIDDEN],
    ),
    product: new ort.Tensor(
      "float32",
      Float32Array.from({ length: rows * MLP }, () => Math.random() - 0.5),
      [rows, MLP],
    ),
  };
  const reps = rows === 1 ? 40 : 10;
  const times = layouts.map(() => [] as number[]);
  for (const session of sessions) await session.run(feeds);
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? sessions.keys() : [...sessions.keys()].reverse();
    for (const index of order) {
      const started = performance.now();
      await sessions[index].run(feeds);
      times[index].push(performance.now() - started);
    }
  }
  console.log(`\n${rows} row${rows === 1 ? "" : "s"} (${reps} reps):`);
  layouts.forEach((layout, index) => {
    const base = median(times[layout.int4 ? 0 : layouts.findIndex((l) => !l.int4)]);
    console.log(`  ${layout.name.padEnd(34)} ${median(times[index]).toFixed(2).padStart(8)}   ${(base / median(times[index])).toFixed(2)}x the engine's`);
  });
}
console.log(`\nload average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
