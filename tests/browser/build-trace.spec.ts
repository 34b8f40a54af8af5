import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { e2eDistDir } from "./support/e2e-server";

// A server file that reads a path Turbopack cannot resolve makes `next build` trace the whole
// project, and the tracer reads every file it finds: with a benchmark's models under bench/work
// (23 GB) the build was killed for memory, and a path pattern the engine builds (model_*-of-*.safetensors,
// onnx-cache/*/model.layers.*.bin) made it read every checkpoint shard it matched: a 70B checkpoint in
// models/ would be 140 GB. The folders that hold gigabytes, or the sign-in secret, must never be traced.
const NEVER_TRACED = ["bench/", "models/", "data/"];

function traceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".nft.json"))
    .map((name) => join(dir, name));
}

test("the production build traces nothing under bench/, models/ or data/", () => {
  const root = resolve(".");
  const traces = traceFiles(join(root, e2eDistDir, "server"));
  expect(traces.length).toBeGreaterThan(0);
  const strays: string[] = [];
  for (const trace of traces) {
    const { files } = JSON.parse(readFileSync(trace, "utf8")) as { files: string[] };
    for (const file of files) {
      const fromRoot = relative(root, resolve(trace, "..", file));
      if (NEVER_TRACED.some((folder) => fromRoot.startsWith(folder))) strays.push(`${relative(root, trace)}: ${fromRoot}`);
    }
  }
  expect(strays.slice(0, 10), `${strays.length} traced files outside the server's own`).toEqual([]);
});
