// GroupQueryAttention against the same attention written in plain operators, 22 layers of
// TinyLlama's shapes and no weights: which one a decode step and a prefill should use, and what
// choosing per run with an If costs. The engine's decode branch (engine/graph.ts decodeAttention)
// is the plain version for one new position, which needs none of the transposes below.
//
//   cd bench && npm run engine:attention [-- 2]      (threads, default 2)
import { loadavg } from "node:os";
import { ort } from "../../engine/onnxruntime";
import { DataType, encodeModel, float, int, ints, subgraph, type Initializer, type Node, type ValueInfo } from "../../engine/onnx";

const LAYERS = 22;
const HEADS = 32;
const KV_HEADS = 4;
const D = 64;
const GROUP = HEADS / KV_HEADS;
const threads = Number(process.argv[2] ?? 2);

function graph(kind: "gqa" | "ops" | "if"): Uint8Array {
  const nodes: Node[] = [];
  const initializers: Initializer[] = [];
  const inputs: ValueInfo[] = [
    { name: "q", type: DataType.FLOAT, dims: ["batch", "sequence", HEADS * D] },
    { name: "k", type: DataType.FLOAT, dims: ["batch", "sequence", KV_HEADS * D] },
    { name: "v", type: DataType.FLOAT, dims: ["batch", "sequence", KV_HEADS * D] },
    { name: "seqlens_k", type: DataType.INT32, dims: ["batch"] },
    { name: "total_sequence_length", type: DataType.INT32, dims: [] },
  ];
  let sink = nodes;
  const node = (op: string, ins: string[], name: string, attributes: Node["attributes"] = {}, domain?: string) => {
    sink.push({ name, op, inputs: ins, outputs: [name], attributes, domain });
    return name;
  };
  const i64 = (name: string, values: number[]) => {
    initializers.push({ name, type: DataType.INT64, dims: [values.length], raw: new Uint8Array(BigInt64Array.from(values, BigInt).buffer) });
    return name;
  };
  const f32 = (name: string, value: number) => {
    initializers.push({ name, type: DataType.FLOAT, dims: [], raw: new Uint8Array(Float32Array.of(value).buffer) });
    return name;
  };
  if (kind !== "gqa") {
    node("Equal", ["seq", i64("one64", [1])], "is_decode_1d");
    node("Squeeze", ["is_decode_1d"], "is_decode");
    // Shared by every layer: the past positions each sequence holds, and causal order among the new ones.
    const shapeQ = node("Shape", ["q"], "shape_q");
    const batch = node("Gather", [shapeQ, i64("i0", [0])], "batch");
    const seq = node("Gather", [shapeQ, i64("i1", [1])], "seq");
    const capacity = node("Shape", ["past.0.key"], "capacity", { start: int(2), end: int(3) });
    const seqI32 = node("Cast", [seq], "seq_i32", { to: int(DataType.INT32) });
    const pastLen = node("Sub", [node("Add", ["seqlens_k", initI32("one", 1)], "total_len"), seqI32], "past_len");
    const positions = node("Range", [scalarI64("zero", 0), node("Squeeze", [capacity], "capacity_scalar"), scalarI64("step", 1)], "positions");
    const positions32 = node("Cast", [positions], "positions_i32", { to: int(DataType.INT32) });
    const valid = node(
      "Less",
      [node("Unsqueeze", [positions32, i64("ax0", [0])], "positions_row"), node("Unsqueeze", [pastLen, i64("ax1", [1])], "past_col")],
      "valid",
    );
    const pastMask = node("Where", [valid, f32("zero_f", 0), f32("neg_inf", Number.NEGATIVE_INFINITY)], "past_mask_2d");
    node("Reshape", [pastMask, node("Concat", [batch, i64("ones2", [1, 1]), capacity], "past_mask_shape", { axis: int(0) })], "past_mask");
    const newPositions = node("Range", [scalarI64("zero2", 0), node("Squeeze", [seq], "seq_scalar"), scalarI64("step2", 1)], "new_positions");
    const later = node(
      "Greater",
      [node("Unsqueeze", [newPositions, i64("ax0b", [0])], "np_row"), node("Unsqueeze", [newPositions, i64("ax1b", [1])], "np_col")],
      "later",
    );
    node("Where", [later, "neg_inf", "zero_f"], "causal_mask");
    // (batch, kv, group x seq, d) and back
    node("Concat", [batch, i64("kvg", [KV_HEADS, GROUP]), seq, i64("d", [D])], "q5_shape", { axis: int(0) });
    node("Concat", [batch, i64("kvgs", [KV_HEADS, -1, D])], "q4_shape", { axis: int(0) });
    node("Concat", [batch, seq, i64("kvd", [KV_HEADS, D])], "kv4_shape", { axis: int(0) });
    node("Concat", [batch, i64("kv", [KV_HEADS, GROUP]), seq, seq], "scores5_shape", { axis: int(0) });
    node("Concat", [batch, i64("kvm1", [KV_HEADS, -1]), seq], "scores4_shape", { axis: int(0) });
    node("Concat", [batch, seq, i64("hd", [HEADS * D])], "out_shape", { axis: int(0) });
  }
  function initI32(name: string, value: number) {
    initializers.push({ name, type: DataType.INT32, dims: [], raw: new Uint8Array(Int32Array.of(value).buffer) });
    return name;
  }
  function scalarI64(name: string, value: number) {
    initializers.push({ name, type: DataType.INT64, dims: [], raw: new Uint8Array(BigInt64Array.of(BigInt(value)).buffer) });
    return name;
  }
  let x = "q";
  for (let l = 0; l < LAYERS; l++) {
    inputs.push({ name: `past.${l}.key`, type: DataType.FLOAT, dims: ["batch", KV_HEADS, "capacity", D] });
    inputs.push({ name: `past.${l}.value`, type: DataType.FLOAT, dims: ["batch", KV_HEADS, "capacity", D] });
    const p = `l${l}`;
    const gqa = (target: Node[]) => {
      target.push({
        name: `${p}.gqa`,
        op: "GroupQueryAttention",
        domain: "com.microsoft",
        inputs: [x, "k", "v", `past.${l}.key`, `past.${l}.value`, "seqlens_k", "total_sequence_length"],
        outputs: [`${p}.gqa`, `${p}.present_k`, `${p}.present_v`],
        attributes: { num_heads: int(HEADS), kv_num_heads: int(KV_HEADS), scale: float(1 / Math.sqrt(D)) },
      });
      return `${p}.gqa`;
    };
    const ops = (target: Node[]) => {
      sink = target;
      // q: (b, s, kv*g*d) -> (b, kv, g, s, d) -> (b, kv, g*s, d)
      const q5 = node(
        "Transpose",
        [node("Reshape", [x, node("Concat", ["batch", "seq", i64(`${p}.kvgd`, [KV_HEADS, GROUP, D])], `${p}.qs`, { axis: int(0) })], `${p}.q_r`)],
        `${p}.q_t`,
        {
          perm: ints([0, 2, 3, 1, 4]),
        },
      );
      const q = node("Reshape", [q5, "q4_shape"], `${p}.q4`);
      const kNew = node("Transpose", [node("Reshape", ["k", "kv4_shape"], `${p}.k_r`)], `${p}.k_t`, { perm: ints([0, 2, 1, 3]) });
      const vNew = node("Transpose", [node("Reshape", ["v", "kv4_shape"], `${p}.v_r`)], `${p}.v_t`, { perm: ints([0, 2, 1, 3]) });
      const scale = 1 / Math.sqrt(D);
      const sPast = node(
        "Add",
        [node("FusedMatMul", [q, `past.${l}.key`], `${p}.s_past_raw`, { transB: int(1), alpha: float(scale) }, "com.microsoft"), "past_mask"],
        `${p}.s_past`,
      );
      const sNewRaw = node("FusedMatMul", [q, kNew], `${p}.s_new_raw`, { transB: int(1), alpha: float(scale) }, "com.microsoft");
      const sNew = node(
        "Reshape",
        [node("Add", [node("Reshape", [sNewRaw, "scores5_shape"], `${p}.s_new5`), "causal_mask"], `${p}.s_new_masked`), "scores4_shape"],
        `${p}.s_new`,
      );
      const probs = node("Softmax", [node("Concat", [sPast, sNew], `${p}.scores`, { axis: int(-1) })], `${p}.probs`, { axis: int(-1) });
      const pPast = node("Slice", [probs, i64(`${p}.st0`, [0]), "capacity", i64(`${p}.axm1`, [-1])], `${p}.p_past`);
      const pNew = node("Slice", [probs, "capacity", i64(`${p}.big`, [2 ** 62]), `${p}.axm1`], `${p}.p_new`);
      const o = node("Add", [node("MatMul", [pPast, `past.${l}.value`], `${p}.o_past`), node("MatMul", [pNew, vNew], `${p}.o_new`)], `${p}.o4`);
      const o5 = node("Reshape", [o, "q5_shape"], `${p}.o5`);
      const result = node("Reshape", [node("Transpose", [o5], `${p}.o_t`, { perm: ints([0, 3, 1, 2, 4]) }), "out_shape"], `${p}.out`);
      sink = nodes;
      return result;
    };
    let out: string;
    if (kind === "gqa") out = gqa(nodes);
    else if (kind === "ops") out = ops(nodes);
    else {
      const branch = (name: string, build: (target: Node[]) => string) => {
        const branchNodes: Node[] = [];
        const result = build(branchNodes);
        return { name, nodes: branchNodes, initializers: [], inputs: [], outputs: [{ name: result, type: DataType.FLOAT, dims: ["b", "s", HEADS * D] }] };
      };
      nodes.push({
        name: `${p}.attention`,
        op: "If",
        inputs: ["is_decode"],
        outputs: [`${p}.attention`],
        attributes: { then_branch: subgraph(branch(`${p}.then`, ops)), else_branch: subgraph(branch(`${p}.else`, gqa)) },
      });
      out = `${p}.attention`;
    }
    x = node("Add", ["q", out], `${p}.next`);
  }
  return encodeModel(
    { name: kind, nodes, initializers, inputs, outputs: [{ name: x, type: DataType.FLOAT, dims: ["batch", "sequence", HEADS * D] }] },
    { "": 17, "com.microsoft": 1 },
  );
}

function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2;
  }
  return out;
}

function feeds(batch: number, sequence: number, capacity: number, past: number[]): Record<string, ort.Tensor> {
  const f: Record<string, ort.Tensor> = {
    q: new ort.Tensor("float32", random(batch * sequence * HEADS * D, 1), [batch, sequence, HEADS * D]),
    k: new ort.Tensor("float32", random(batch * sequence * KV_HEADS * D, 2), [batch, sequence, KV_HEADS * D]),
    v: new ort.Tensor("float32", random(batch * sequence * KV_HEADS * D, 3), [batch, sequence, KV_HEADS * D]),
    seqlens_k: new ort.Tensor(
      "int32",
      Int32Array.from(past, (p) => p + sequence - 1),
      [batch],
    ),
    total_sequence_length: new ort.Tensor("int32", Int32Array.of(Math.max(...past) + sequence), []),
  };
  for (let l = 0; l < LAYERS; l++) {
    f[`past.${l}.key`] = new ort.Tensor("float32", random(batch * KV_HEADS * capacity * D, 10 + l), [batch, KV_HEADS, capacity, D]);
    f[`past.${l}.value`] = new ort.Tensor("float32", random(batch * KV_HEADS * capacity * D, 50 + l), [batch, KV_HEADS, capacity, D]);
  }
  return f;
}

const options: ort.InferenceSession.SessionOptions = {
  executionProviders: ["cpu"],
  graphOptimizationLevel: "all",
  enableCpuMemArena: false,
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  extra: { session: { intra_op: { allow_spinning: "0" } } },
};
const sessions = {
  gqa: await ort.InferenceSession.create(graph("gqa"), options),
  ops: await ort.InferenceSession.create(graph("ops"), options),
  if: await ort.InferenceSession.create(graph("if"), options),
};
const cases = [
  { name: "decode b1, 40 past", batch: 1, sequence: 1, capacity: 64, past: [40] },
  { name: "decode b16, 20-40 past", batch: 16, sequence: 1, capacity: 64, past: Array.from({ length: 16 }, (_, i) => 20 + i) },
  { name: "decode b16, 200-215 past", batch: 16, sequence: 1, capacity: 256, past: Array.from({ length: 16 }, (_, i) => 200 + i) },
  { name: "prefill 64, no past", batch: 1, sequence: 64, capacity: 64, past: [0] },
];
console.log(`${threads} thread(s), load average ${loadavg()[0].toFixed(1)}; ms per run of ${LAYERS} layers, median of 15, alternating`);
for (const c of cases) {
  const f = feeds(c.batch, c.sequence, c.capacity, c.past);
  const a = (await sessions.gqa.run(f))[sessions.gqa.outputNames[0]].data as Float32Array;
  const b = (await sessions.ops.run(f))[sessions.ops.outputNames[0]].data as Float32Array;
  const c2 = (await sessions.if.run(f))[sessions.if.outputNames[0]].data as Float32Array;
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]), Math.abs(a[i] - c2[i]));
  const times: Record<string, number[]> = { gqa: [], ops: [], if: [] };
  for (let r = 0; r < 15; r++) {
    for (const kind of r % 2 ? (["ops", "if", "gqa"] as const) : (["gqa", "if", "ops"] as const)) {
      const t0 = performance.now();
      await sessions[kind].run(f);
      times[kind].push(performance.now() - t0);
    }
  }
  const median = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)];
  console.log(
    `${c.name}: GroupQueryAttention ${median(times.gqa).toFixed(2)} ms, plain ops ${median(times.ops).toFixed(2)} ms (${(median(times.gqa) / median(times.ops)).toFixed(2)}x), If(decode: plain ops, else GroupQueryAttention) ${median(times.if).toFixed(2)} ms; max |difference| ${maxDiff.toExponential(1)}`,
  );
}
