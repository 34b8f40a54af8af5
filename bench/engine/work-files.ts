// The files the engine benches compare on, generated under bench/work: the tiny models in the
// checkpoint layout (engine/tiny-model.ts) and, for llama.cpp, a GGUF of the same weights written
// again only when the checkpoint or the writer changed.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeLlamaGguf, type GgufWritten } from "./gguf-writer";

export type Precision = "fp32" | "int4";

const HERE = import.meta.dirname;
export const WORK = resolve(HERE, "../work");

export function ensureGguf(dir: string, model: string, precision: Precision): GgufWritten {
  const file = join(WORK, `${model}-${precision === "fp32" ? "F32" : "Q4_0"}.gguf`);
  const meta = `${file}.json`;
  const source = statSync(join(dir, "config.json")).mtimeMs;
  const writer = statSync(join(HERE, "gguf-writer.ts")).mtimeMs;
  if (existsSync(meta) && existsSync(file) && statSync(file).mtimeMs > Math.max(source, writer)) {
    return JSON.parse(readFileSync(meta, "utf8"));
  }
  console.error(`[bench] writing ${file}`);
  const written = writeLlamaGguf(dir, file, precision === "fp32" ? { weights: "F32" } : { weights: "Q4_0", embeddings: "F32", name: model });
  writeFileSync(meta, JSON.stringify(written));
  return written;
}
