// One question, measured: could fp32 weights be computed from as onnxruntime maps them (no
// prepacking when the session is made, so a cached load takes milliseconds) without losing decode,
// prefill or batch speed? A chain of TinyLlama-sized MLP linears (12 up and 12 down, 1.1 GB) as
// FusedMatMul transB=1 on the checkpoint's (out, in) layout (what the engine builds) and as MatMul on
// (in, out), each with and without prepacking; session creation, then runs of 1, 16 and 64 rows,
// the variants interleaved.
//
//   cd bench && node --import tsx engine/matmul-layout.ts [WORK_DIR] [THREADS] [REPS]
import { writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import { ort } from "../../engine/onnxruntime";
import { DataType, encodeModel, int, float, type Initializer, type Node } from "../../engine/onnx";

const dir = process.argv[2] ?? "/tmp/lead/matmul-layout";
const threads = Number(process.argv[3] ?? 2);
const reps = Number(process.argv[4] ?? 3);
const H = 2048;
const F = 5632;
const pairs = 12; // up (H->F) and down (F->H) each: 12 x 92 MB = 1.1 GB
mkdirSync(dir, { recursive: true });

function weightFile(name: string, rows: number, cols: number): string {
  const path = join(dir, name);
  if (!existsSync(path)) {
    const a = new Float32Array(rows * cols);
    for (let i = 0; i < a.length; i++) a[i] = (Math.random() - 0.5) * 0.04;
    writeFileSync(path, new Uint8Array(a.buffer));
  }
  return name;
}

function model(layout: "outin" | "inout"): Uint8Array {
  const nodes: Node[] = [];
  const inits: Initializer[] = [];
  let x = "x";
  for (let i = 0; i < pairs * 2; i++) {
    const [inF, outF] = i % 2 === 0 ? [H, F] : [F, H];
    const [r, c] = layout === "outin" ? [outF, inF] : [inF, outF];
    const file = weightFile(`w${i}-${r}x${c}.bin`, r, c);
    inits.push({ name: `w${i}`, type: DataType.FLOAT, dims: [r, c], external: { location: file, offset: 0, length: r * c * 4 } });
    const y = `y${i}`;
    nodes.push(
      layout === "outin"
        ? { name: `n${i}`, op: "FusedMatMul", domain: "com.microsoft", inputs: [x, `w${i}`], outputs: [y], attributes: { transB: int(1), alpha: float(1) } }
        : { name: `n${i}`, op: "MatMul", inputs: [x, `w${i}`], outputs: [y] },
    );
    x = y;
  }
  return encodeModel(
    {
      name: layout,
      nodes,
      initializers: inits,
      inputs: [{ name: "x", type: DataType.FLOAT, dims: ["m", H] }],
      outputs: [{ name: x, type: DataType.FLOAT, dims: ["m", H] }],
    },
    { "": 17, "com.microsoft": 1 },
  );
}

const variants = {
  "transB packed (today)": { layout: "outin" as const, prepack: true },
  "(in,out) packed": { layout: "inout" as const, prepack: true },
  "(in,out) unpacked": { layout: "inout" as const, prepack: false },
  "transB unpacked": { layout: "outin" as const, prepack: false },
};
const models = { outin: model("outin"), inout: model("inout") };

async function measure(name: keyof typeof variants) {
  const v = variants[name];
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(models[v.layout], {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    enableCpuMemArena: false,
    extra: { session: { intra_op: { allow_spinning: "0" }, model_external_initializers_file_folder_path: dir, disable_prepacking: v.prepack ? "0" : "1" } },
  });
  const create = performance.now() - t0;
  const out: Record<string, number> = { create };
  for (const m of [1, 16, 64]) {
    const x = new ort.Tensor("float32", new Float32Array(m * H).fill(0.01), [m, H]);
    await session.run({ x });
    const runs = m === 1 ? 10 : 4;
    const t = performance.now();
    for (let r = 0; r < runs; r++) await session.run({ x });
    out[`M=${m}`] = (performance.now() - t) / runs;
  }
  await session.release();
  return out;
}

const names = Object.keys(variants) as (keyof typeof variants)[];
const results = new Map<string, Record<string, number>[]>();
for (let rep = 0; rep < reps; rep++) {
  const order = rep % 2 === 0 ? names : [...names].reverse();
  for (const n of order) {
    const r = await measure(n);
    results.set(n, [...(results.get(n) ?? []), r]);
    console.log(
      `rep ${rep} ${n}: ${Object.entries(r)
        .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
        .join(", ")} (load ${loadavg()[0].toFixed(1)})`,
    );
  }
}
const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
for (const [n, rs] of results)
  console.log(
    `median ${n}: ${Object.keys(rs[0])
      .map((k) => `${k} ${median(rs.map((r) => r[k])).toFixed(1)} ms`)
      .join(", ")}`,
  );
