// Where one decode step's time goes, greedy, as the bench's decode (batch 1) and batch N measure it.
//
//   cd bench && npx tsx engine/profile-step.ts [--model ../models/tiny-beluga] [--threads 1] [--steps 300] [--int4] [--batch 1]
//
// Three passes over the same prompts, each after its own warm-up:
//   1. wall clock: each InferenceSession.run timed from JavaScript, the rest of the step is JavaScript;
//   2. V8's CPU profiler (what `node --cpu-prof` records) over the steps alone: self time per function;
//   3. onnxruntime's own profiler (session option enableProfiling): time inside each run, per operator.
// The profilers slow the step down; pass 1 is the one to quote for totals, the others say where.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ort } from "../../engine/onnxruntime";
import { Runtime } from "../../engine/runtime";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: resolve(import.meta.dirname, "../../models/tiny-beluga") },
    threads: { type: "string", default: "1" },
    steps: { type: "string", default: "300" },
    int4: { type: "boolean", default: false },
    batch: { type: "string", default: "1" },
  },
});
const threads = Number(values.threads);
const steps = Number(values.steps);
const batch = Number(values.batch);
const prompts = Array.from({ length: batch }, (_, s) => [1, ...Array.from({ length: 15 }, (_, i) => 300 + s * 31 + i * 97)]);

/** Which of the runtime's sessions a run belongs to, told apart by their inputs. */
function sessionKind(session: ort.InferenceSession): string {
  const inputs = session.inputNames;
  if (inputs.includes("input_ids") && inputs.some((n) => n.startsWith("past_key_values"))) return "model";
  if (inputs.includes("input_ids")) return "embed";
  if (inputs.includes("seqlens_k")) return "blocks";
  return "head";
}

const runMs = new Map<string, number>();
// The factory's typings hide that it is the class the sessions are instances of.
const sessionPrototype = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype;
const originalRun = sessionPrototype.run;
sessionPrototype.run = async function (this: ort.InferenceSession, ...args: unknown[]) {
  const started = performance.now();
  const result = await (originalRun as (...a: unknown[]) => Promise<ort.InferenceSession.ReturnType>).apply(this, args);
  const kind = sessionKind(this);
  runMs.set(kind, (runMs.get(kind) ?? 0) + performance.now() - started);
  return result;
};

let profileDir: string | null = null;
const originalCreate = ort.InferenceSession.create;
ort.InferenceSession.create = (async (model: Uint8Array, options: ort.InferenceSession.SessionOptions) => {
  const withProfiler = profileDir ? { ...options, enableProfiling: true, profileFilePrefix: join(profileDir, "ort") } : options;
  return (originalCreate as (m: Uint8Array, o: ort.InferenceSession.SessionOptions) => Promise<ort.InferenceSession>)(model, withProfiler);
}) as typeof ort.InferenceSession.create;

/** Greedy decode of `count` steps after the prompts, as the bench's worker and generate.ts do it. */
async function decodeSteps(runtime: Runtime, count: number): Promise<number> {
  runtime.kv.lengths.fill(0);
  let tokens: number[] = [];
  for (const [slot, prompt] of prompts.entries()) tokens.push(await runtime.prefillGreedy(slot, prompt));
  const started = performance.now();
  for (let i = 0; i < count; i++) tokens = await runtime.decodeGreedy(tokens);
  return performance.now() - started;
}

const ms = (x: number) => (x / steps).toFixed(3);
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

say(
  `model ${values.model}, ${values.int4 ? "int4" : "fp32"}, ${threads} thread(s), batch ${batch}, ${steps} steps after a ${prompts[0].length}-token prompt; load average ${loadavg()[0].toFixed(1)}`,
);

// 1. Wall clock.
{
  const runtime = await Runtime.load(values.model, { threads, int4: values.int4, maxBatch: 16, maxSequenceLength: 512 });
  await decodeSteps(runtime, 50);
  runMs.clear();
  const total = await decodeSteps(runtime, steps);
  say("");
  say("| part of a step | ms/step | share |");
  say("|---|---:|---:|");
  let inRuns = 0;
  for (const [kind, t] of runMs) {
    inRuns += t;
    say(`| InferenceSession.run: ${kind} | ${ms(t)} | ${((t / total) * 100).toFixed(0)}% |`);
  }
  say(`| JavaScript outside the runs | ${ms(total - inRuns)} | ${(((total - inRuns) / total) * 100).toFixed(0)}% |`);
  say(`| **step** | **${ms(total)}** | ${(1000 / (total / steps)).toFixed(1)} tok/s |`);

  // 2. V8's sampling profiler over the steps alone.
  const inspector = new Session();
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.setSamplingInterval", { interval: 100 });
  await inspector.post("Profiler.start");
  const profiledMs = await decodeSteps(runtime, steps);
  const { profile } = await inspector.post("Profiler.stop");
  inspector.disconnect();
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(engine|bench)\//, "$1/")}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const sampled = [...self.values()].reduce((a, b) => a + b, 0);
  say("");
  say(`V8 CPU profile of ${steps} steps (${ms(profiledMs)} ms/step wall clock under the profiler, ${ms(sampled)} sampled), self time, top 12:`);
  say("");
  say("| function | ms/step | share |");
  say("|---|---:|---:|");
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) say(`| \`${key}\` | ${ms(t)} | ${((t / sampled) * 100).toFixed(0)}% |`);
  await runtime.close();
}

// 3. onnxruntime's profiler.
{
  profileDir = mkdtempSync(join(tmpdir(), "engine-profile-"));
  const runtime = await Runtime.load(values.model, { threads, int4: values.int4, maxBatch: 16, maxSequenceLength: 512 });
  await decodeSteps(runtime, steps);
  await runtime.close();
  // The profile holds the warm-up too: each file's runs are averaged over its own count.
  interface Event {
    cat: string;
    name: string;
    ts: number;
    dur: number;
    args?: { op_name?: string };
  }
  // Each session's first runs are the prompts' prefills: their kernels are left out by their time stamps.
  const ops = new Map<string, number>();
  const sessions: Array<{ parts: string; run: number; kernels: number }> = [];
  let runs = 0;
  for (const file of readdirSync(profileDir)) {
    const events = JSON.parse(readFileSync(join(profileDir, file), "utf8")) as Event[];
    const fileRuns = events.filter((e) => e.cat === "Session" && e.name === "model_run");
    if (fileRuns.length <= batch) continue;
    const decodeRuns = fileRuns.slice(batch);
    const from = decodeRuns[0].ts;
    runs = Math.max(runs, decodeRuns.length);
    const kernelEvents = events.filter((e) => e.cat === "Node" && e.name.endsWith("_kernel_time") && e.args?.op_name && e.ts >= from);
    for (const e of kernelEvents) ops.set(e.args!.op_name!, (ops.get(e.args!.op_name!) ?? 0) + e.dur / decodeRuns.length);
    const names = kernelEvents.map((e) => e.name).join(" ");
    const parts = [
      ["embed", "embed_tokens"],
      ["blocks", "self_attn"],
      ["head", "lm_head"],
      ["argmax", "ArgMax"],
    ]
      .filter(([, tag]) => names.includes(tag))
      .map(([part]) => part);
    sessions.push({
      parts: parts.join(" + "),
      run: decodeRuns.reduce((s, e) => s + e.dur, 0) / decodeRuns.length,
      kernels: kernelEvents.reduce((s, e) => s + e.dur, 0) / decodeRuns.length,
    });
  }
  rmSync(profileDir, { recursive: true, force: true });
  const kernels = [...ops.values()].reduce((a, b) => a + b, 0);
  say("");
  say(`onnxruntime profiler, ${runs} decode runs (it adds its own overhead per node):`);
  say("");
  say("| session | model_run ms/step | kernels ms/step | onnxruntime outside kernels |");
  say("|---|---:|---:|---:|");
  for (const x of sessions)
    say(`| ${x.parts} | ${(x.run / 1000).toFixed(3)} | ${(x.kernels / 1000).toFixed(3)} | ${((x.run - x.kernels) / 1000).toFixed(3)} |`);
  say("");
  say("| operator | ms/step | share of kernels |");
  say("|---|---:|---:|");
  for (const [op, t] of [...ops].sort((a, b) => b[1] - a[1])) say(`| ${op} | ${(t / 1000).toFixed(3)} | ${((t / kernels) * 100).toFixed(0)}% |`);
}
