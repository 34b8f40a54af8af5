// Making an onnxruntime session from a built graph, and keeping what it made for next time.
//
// When a session is made, onnxruntime prepacks every weight of a MatMul into the layout its kernels
// read: for TinyLlama in fp32 that is 4.1 GB of fresh memory filled from the cache's 4.4 GB, and on
// this VM most of a cached load (13-37 s) went to that packing, its page faults and zeroing. So the
// first load of a graph also saves onnxruntime's optimized model with the prepacked weights as its
// external data, in the weight cache:
//
//   <checkpoint>/onnx-cache/<revision:16>-fp32/session-<label>-<key:16>/model.onnx, model.bin
//
// and later loads open that model (2-3 s for TinyLlama fp32): it is optimized already, and onnxruntime
// computes with the packed weights mapped from its file, which count once, as page cache. onnxruntime
// 1.30 still packs each weight again while it makes the session, into memory it frees before the first
// run (3.9 GB for TinyLlama fp32; BENCHMARKS.md), so a load costs what fresh memory costs on the
// machine. With a cacheDir of null (no cache, or a form whose saved model is not to be trusted) it only
// makes the session.
// The key is the graph's own bytes (shapes, operators, which cache files hold its weights: the
// folder is already keyed by revision and form) with onnxruntime's version and the CPU, because the
// packed layout is the kernels' for this build on this processor. The label names what the caller
// loads (which blocks, how many positions): a new key under a label means the engine, onnxruntime or
// the processor changed, so saving it removes the label's older folders, each as large as the
// weights, which no load would open again. A folder is written under a temporary name and renamed
// when complete, so a load cut short leaves nothing half-made (and the next save removes what a
// process that died mid-save left), and two processes loading at once each keep their own. A saved
// folder that onnxruntime cannot open (cut short or emptied since) is removed and made again.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ort } from "./onnxruntime";
import type { BuiltGraph } from "./graph";

/** What the session was made from: the graph itself, or the packed model saved by an earlier load. */
export type SessionSource = "graph" | "saved packed model";

export async function createSession(
  graph: BuiltGraph,
  options: ort.InferenceSession.SessionOptions,
  saveTo: { cacheDir: string; label: string } | null,
): Promise<{ session: ort.InferenceSession; source: SessionSource }> {
  if (!saveTo) return { session: await ort.InferenceSession.create(graph.model, options), source: "graph" };
  const { cacheDir, label } = saveTo;
  const folder = join(/*turbopackIgnore: true*/ cacheDir, `session-${label}-${sessionKey(graph)}`);
  const saved = join(/*turbopackIgnore: true*/ folder, "model.onnx");
  if (existsSync(saved)) {
    try {
      return { session: await ort.InferenceSession.create(saved, savedModelOptions(options)), source: "saved packed model" };
    } catch {
      // Its files cut short or gone (a copy or a crash): onnxruntime refuses it on every load until it is made again.
      rmSync(folder, { recursive: true, force: true });
    }
  }

  const temporary = `${folder}.${process.pid}.tmp`;
  try {
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary, { recursive: true });
    const session = await ort.InferenceSession.create(graph.model, savingOptions(options, join(/*turbopackIgnore: true*/ temporary, "model.onnx")));
    try {
      renameSync(temporary, folder);
    } catch {
      // Another process saved the same graph first: theirs is as good.
      rmSync(temporary, { recursive: true, force: true });
    }
    removeOutdatedSessions(cacheDir, label, folder);
    return { session, source: "graph" };
  } catch {
    // Saving failed (a full or read-only disk): this load makes the session from the graph as it would have without a
    // cache, and a graph that cannot be made at all fails there with onnxruntime's own message.
    rmSync(temporary, { recursive: true, force: true });
    return { session: await ort.InferenceSession.create(graph.model, options), source: "graph" };
  }
}

/**
 * Removes the label's saved sessions other than `kept`, the folders of the format before labels
 * (session-<key:16>), and temporary folders of processes no longer running.
 */
function removeOutdatedSessions(cacheDir: string, label: string, kept: string): void {
  for (const name of readdirSync(/*turbopackIgnore: true*/ cacheDir)) {
    const path = join(/*turbopackIgnore: true*/ cacheDir, name);
    const temporary = /^session-.+\.(\d+)\.tmp$/.exec(name);
    const outdated = temporary
      ? !processRunning(Number(temporary[1]))
      : path !== kept && (name.startsWith(`session-${label}-`) || /^session-[0-9a-f]{16}$/.test(name));
    if (outdated) rmSync(path, { recursive: true, force: true });
  }
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sessionKey(graph: BuiltGraph): string {
  return createHash("sha256")
    .update(graph.model)
    .update(`\0onnxruntime ${ort.env.versions.node ?? ort.env.versions.common}\0${cpus()[0]?.model ?? "unknown cpu"}`)
    .digest("hex")
    .slice(0, 16);
}

function sessionConfig(options: ort.InferenceSession.SessionOptions): Record<string, unknown> {
  const extra = (options.extra ?? {}) as { session?: Record<string, unknown> };
  return extra.session ?? {};
}

function savingOptions(options: ort.InferenceSession.SessionOptions, path: string): ort.InferenceSession.SessionOptions {
  return {
    ...options,
    // onnxruntime warns that a model saved after all optimizations fits only this machine: that is why the key names the CPU.
    logSeverityLevel: 3,
    extra: {
      ...options.extra,
      session: {
        ...sessionConfig(options),
        optimized_model_filepath: path,
        optimized_model_external_initializers_file_name: "model.bin",
        optimized_model_external_initializers_min_size_in_bytes: "1024",
        save_external_prepacked_constant_initializers: "1",
      },
    },
  };
}

/** The saved model is already optimized and names its own external data, beside it. */
function savedModelOptions(options: ort.InferenceSession.SessionOptions): ort.InferenceSession.SessionOptions {
  const { externalData: _, ...rest } = options;
  const { model_external_initializers_file_folder_path: __, ...session } = sessionConfig(options);
  return { ...rest, graphOptimizationLevel: "disabled", extra: { ...options.extra, session } };
}
