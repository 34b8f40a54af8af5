// `engine inspect` on the full-size Stable Beluga 2 layout (81 sparse shards with real headers):
// the parameter count, bytes in GB (10^9) and GiB (2^30) each labelled as what it is, and what a
// span needs, through the real command.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSparseStableBeluga2 } from "../support/sparse-beluga";
import { programArgs } from "../support/program-bundle";

let beluga: string;
const inspect = async (...args: string[]) =>
  (await promisify(execFile)(process.execPath, [...programArgs("engine/cli.ts"), "inspect", beluga, ...args], { encoding: "utf8" })).stdout;
const shard = (i: number) => `model_${String(i).padStart(5, "0")}-of-00081.safetensors`;

beforeAll(() => {
  beluga = mkdtempSync(join(tmpdir(), "sparse-beluga-"));
  writeSparseStableBeluga2(beluga, "models/tiny-beluga");
});
afterAll(() => rmSync(beluga, { recursive: true, force: true }));

describe("engine inspect", () => {
  it("prints Stable Beluga 2's 69 billion parameters and 138 GB (128.5 GiB) of bf16, each unit labelled as it is", async () => {
    const out = await inspect();
    expect(out).toContain("68,976,648,192 (68.98 billion) parameters, 137.95 GB (128.48 GiB) of tensors per the index; 275.91 GB (256.96 GiB) in fp32");
    expect(out).toContain(`    ${shard(1)}  1.71 GB (1.59 GiB)  9 tensors BF16  blocks 0`);
    expect(out).toContain(`    ${shard(81)}  1.05 GB (0.98 GiB)  3 tensors BF16  embeddings/norm/lm_head`);
    expect(out).toMatch(
      /the whole model \(with embeddings, final norm and lm_head\): 68,976,648,192 \(68\.98 billion\) parameters, 137\.95 GB \(128\.48 GiB\) of tensors, 275\.91 GB \(256\.96 GiB\) in fp32; needs 81 shard\(s\), 137\.95 GB \(128\.48 GiB\)\n/,
    );
  });

  it("prints per span the shards and bytes it needs: the embeddings' shard for a span from block 0, neither it nor the others for a middle span", async () => {
    const front = await inspect("--blocks", "0:8");
    const first8 = Array.from({ length: 8 }, (_, i) => shard(i + 1));
    // 8 blocks of 855,654,400 parameters and the 262,144,000-parameter embedding table, whose shard holds lm_head too.
    expect(front).toContain(
      `blocks 0:8 (with embeddings): 7,107,379,200 (7.11 billion) parameters, 14.21 GB (13.24 GiB) of tensors, 28.43 GB (26.48 GiB) in fp32; ` +
        `needs 9 shard(s), 14.74 GB (13.73 GiB): ${[...first8, shard(81)].join(", ")}`,
    );
    const middle = await inspect("--blocks", "8:16");
    expect(middle).toContain(`blocks 8:16: 6,845,235,200 (6.85 billion) parameters, 13.69 GB (12.75 GiB) of tensors`);
    expect(middle).toContain(`needs 8 shard(s), 13.69 GB (12.75 GiB): ${Array.from({ length: 8 }, (_, i) => shard(i + 9)).join(", ")}`);
  });

  it("counts a config.json claiming a million blocks at once, then refuses it at the first block its weight_map lacks", async () => {
    const claims = join(beluga, "claims-a-million-blocks");
    cpSync("models/tiny-beluga", claims, { recursive: true, filter: (source) => !source.includes("onnx-cache") });
    const config = JSON.parse(readFileSync(join(claims, "config.json"), "utf8"));
    writeFileSync(join(claims, "config.json"), JSON.stringify({ ...config, num_hidden_layers: 1_000_000 }));
    // Counting tensor by tensor, a million blocks ran for minutes.
    const run = promisify(execFile)(process.execPath, [...programArgs("engine/cli.ts"), "inspect", claims], { encoding: "utf8", timeout: 20_000 });
    const error = await run.catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect(error).toMatchObject({
      code: 1,
      stdout: expect.stringContaining("llama: 1000000 blocks"),
      stderr: expect.stringContaining(
        `${join(claims, "model.safetensors.index.json")}: weight_map has no entry for tensor "model.layers.4.input_layernorm.weight"`,
      ),
    });
  });

  it("refuses a bad span naming what is wrong", async () => {
    const error = await inspect("--blocks", "5:2").catch((e: { stderr: string; code: number }) => e);
    expect(error).toMatchObject({ code: 1, stderr: expect.stringContaining("engine inspect: block span 5:2 holds no block: its start must be below its end") });
  });
});
