// A damaged checkpoint is refused with an error that names the file and what is wrong with it.
import { mkdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openCheckpoint, parseSpan } from "../../engine/checkpoint";
import { openLocalBackend } from "../../engine/local-backend";
import { readSafetensorsHeader, readTensorFloat32, toBfloat16, toFloat32, writeSafetensors } from "../../engine/safetensors";
import { writeTinyModel } from "../../engine/tiny-model";
import { freshTinyModel } from "../fixtures/engine/tiny-model";

const SHARD = "model_00002-of-00005.safetensors";

/** Rewrites a shard's JSON header, keeping its data bytes as they are. */
function editHeader(file: string, edit: (header: Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>) => void) {
  const bytes = readFileSync(file);
  const length = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + length).toString("utf8"));
  edit(header);
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(file, Buffer.concat([prefix, json, bytes.subarray(8 + length)]));
}

function editConfig(dir: string, edit: (config: Record<string, unknown>) => void) {
  const file = join(dir, "config.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  edit(config);
  writeFileSync(file, JSON.stringify(config));
}

describe("a damaged checkpoint", () => {
  let dir: string;
  let shard: string;

  beforeEach(() => {
    dir = freshTinyModel();
    shard = join(dir, SHARD);
  });

  afterEach(() => rmSync(dirname(dir), { recursive: true, force: true }));

  /** The error the local backend refuses to open with (it must reject, not crash). */
  async function openError(): Promise<string> {
    const error = await openLocalBackend(dir).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    return error!.message;
  }

  it("names the missing shard when a block's shard is gone", async () => {
    unlinkSync(shard);
    expect(await openError()).toBe(`${shard}: shard file is missing`);
  });

  it("says a shard is truncated when its file ends before its last tensor", async () => {
    truncateSync(shard, readFileSync(shard).length - 1000);
    expect(await openError()).toMatch(new RegExp(`^${shard}: truncated: the header describes \\d+ bytes of tensor data but the file holds only \\d+$`));
  });

  it("refuses a header length that runs past the end of the file", async () => {
    const fd = openSync(shard, "r+");
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(10_000_000n);
    writeSync(fd, length, 0, 8, 0);
    closeSync(fd);
    expect(await openError()).toMatch(new RegExp(`^${shard}: header length 10000000 runs past the end of the file \\(\\d+ bytes\\)$`));
  });

  it("refuses tensor offsets that point outside the data", async () => {
    editHeader(shard, (header) => {
      const t = header["model.layers.1.input_layernorm.weight"];
      t.data_offsets = [t.data_offsets[0] + 10_000_000, t.data_offsets[1] + 10_000_000];
    });
    expect(await openError()).toMatch(
      new RegExp(
        `^${shard}: tensor "model.layers.1.input_layernorm.weight" data_offsets \\[\\d+, \\d+\\] are out of range: the data section holds \\d+ bytes$`,
      ),
    );
  });

  it("refuses two tensors whose bytes overlap", async () => {
    editHeader(shard, (header) => {
      const norm = header["model.layers.1.input_layernorm.weight"];
      const other = header["model.layers.1.post_attention_layernorm.weight"];
      other.data_offsets = [norm.data_offsets[0] + 2, norm.data_offsets[1] + 2];
    });
    expect(await openError()).toMatch(
      new RegExp(`^${shard}: tensors "model\\.layers\\.1\\.\\w+\\.weight" \\[\\d+, \\d+\\] and "model\\.layers\\.1\\.\\w+\\.weight" \\[\\d+, \\d+\\] overlap$`),
    );
  });

  it("refuses two tensors whose bytes overlap with an empty tensor between them", async () => {
    editHeader(shard, (header) => {
      // The norm's bytes moved inside q_proj's, an empty tensor starting between the two.
      const [start] = header["model.layers.1.self_attn.q_proj.weight"].data_offsets;
      header["model.layers.1.empty"] = { dtype: "BF16", shape: [0], data_offsets: [start + 32, start + 32] };
      header["model.layers.1.post_attention_layernorm.weight"].data_offsets = [start + 64, start + 64 + 256];
    });
    expect(await openError()).toMatch(
      new RegExp(
        `^${shard}: tensors "model\\.layers\\.1\\.self_attn\\.q_proj\\.weight" \\[\\d+, \\d+\\] and "model\\.layers\\.1\\.post_attention_layernorm\\.weight" \\[\\d+, \\d+\\] overlap$`,
      ),
    );
  });

  it("refuses a shard that is a folder, not a file, naming it", async () => {
    unlinkSync(shard);
    mkdirSync(shard);
    expect(await openError()).toBe(`${shard}: is not a file`);
  });

  it("names an unknown dtype and the tensor that has it", async () => {
    editHeader(shard, (header) => (header["model.layers.1.mlp.up_proj.weight"].dtype = "Q3_K"));
    expect(await openError()).toBe(`${shard}: tensor "model.layers.1.mlp.up_proj.weight" has dtype "Q3_K", which is unknown here (supported: BF16, F16, F32)`);
  });

  it("says which tensor's shape disagrees with config.json", async () => {
    editConfig(dir, (config) => (config.intermediate_size = 512));
    expect(await openError()).toMatch(
      new RegExp(
        `^${join(dir, "model_00001-of-00005.safetensors")}: tensor "model.layers.0.mlp.\\w+_proj.weight" has shape \\[\\d+, \\d+\\] but config.json implies \\[\\d+, \\d+\\]$`,
      ),
    );
  });

  it("refuses a config.json claiming far more blocks than the weight_map holds at the first missing one, without listing the blocks it claims", async () => {
    // Listing every tensor the blocks would have before looking one up took seconds for 100,000 blocks
    // (a million: minutes and gigabytes). No listing of 2^53 - 1 blocks ends, or fits in memory: only
    // a lookup that stops at the first missing block gives this error.
    editConfig(dir, (config) => (config.num_hidden_layers = Number.MAX_SAFE_INTEGER));
    expect(await openError()).toBe(`${join(dir, "model.safetensors.index.json")}: weight_map has no entry for tensor "model.layers.4.input_layernorm.weight"`);
  });

  it("names the required field a config.json is missing", async () => {
    editConfig(dir, (config) => delete config.num_attention_heads);
    expect(await openError()).toBe(`${join(dir, "config.json")}: required field "num_attention_heads" is missing`);
  });
});

describe("a sharded checkpoint", () => {
  let dir: string;

  beforeEach(() => (dir = freshTinyModel()));
  afterEach(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it("serves a block span from a folder that holds only that span's shards", () => {
    for (const n of [1, 4, 5]) unlinkSync(join(dir, `model_0000${n}-of-00005.safetensors`));
    const span = openCheckpoint(dir, { blocks: "1:3" });
    expect([...span.shards.keys()]).toEqual(["model_00002-of-00005.safetensors", "model_00003-of-00005.safetensors"]);
    expect(span.tensor("model.layers.2.mlp.down_proj.weight")).toHaveLength(128 * 384);
    expect(() => openCheckpoint(dir)).toThrow(/model_00001-of-00005\.safetensors: shard file is missing/);
  });

  it("finds shards through the weight_map whatever they are named", () => {
    const before = openCheckpoint(dir);
    const kProj = before.tensor("model.layers.3.self_attn.k_proj.weight");
    const index = JSON.parse(readFileSync(join(dir, "model.safetensors.index.json"), "utf8"));
    // Rename to the transformers convention, with two blocks sharing a shard.
    const renamed = (name: string) => (name === "model_00005-of-00005.safetensors" ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors");
    const tensors = Object.keys(index.weight_map).filter((t) => index.weight_map[t] !== "model_00005-of-00005.safetensors");
    const first = tensors.map((name) => {
      const file = readSafetensorsHeader(join(dir, index.weight_map[name]));
      const info = file.tensors.get(name)!;
      return { name, dtype: info.dtype, shape: info.shape, data: new Uint8Array(toBfloat16(readTensorFloat32(file, name)).buffer) };
    });
    writeSafetensors(join(dir, "model-00001-of-00002.safetensors"), first, { format: "pt" });
    writeFileSync(join(dir, "model-00002-of-00002.safetensors"), readFileSync(join(dir, "model_00005-of-00005.safetensors")));
    for (let n = 1; n <= 5; n++) unlinkSync(join(dir, `model_0000${n}-of-00005.safetensors`));
    index.weight_map = Object.fromEntries(Object.entries(index.weight_map).map(([t, f]) => [t, renamed(f as string)]));
    writeFileSync(join(dir, "model.safetensors.index.json"), JSON.stringify(index));

    const after = openCheckpoint(dir);
    expect([...after.shards.keys()]).toEqual(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]);
    expect(after.tensor("model.layers.3.self_attn.k_proj.weight")).toEqual(kProj);
    expect(after.revision).not.toBe(before.revision);
  });

  it("has a revision hash that is stable across opens and changes when a header changes", () => {
    const a = openCheckpoint(dir).revision;
    expect(openCheckpoint(dir).revision).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    editHeader(join(dir, SHARD), (header) => ((header as Record<string, unknown>).__metadata__ = { format: "pt", note: "changed" }));
    expect(openCheckpoint(dir).revision).not.toBe(a);
  });

  it("reads a span like 0:8 and refuses one outside the model", () => {
    expect(parseSpan("1:3", 4)).toEqual({ start: 1, end: 3 });
    expect(parseSpan(":2", 4)).toEqual({ start: 0, end: 2 });
    expect(() => parseSpan("2:9", 4)).toThrow("block span 2:9 ends beyond the model's 4 blocks (0:4 is all of them)");
  });

  it("is generated deterministically, and written again only when what is on disk is damaged", () => {
    const other = freshTinyModel();
    try {
      expect(openCheckpoint(other).revision).toBe(openCheckpoint(dir).revision);
    } finally {
      rmSync(dirname(other), { recursive: true, force: true });
    }
    expect(writeTinyModel(dir)).toBe(false);
    truncateSync(join(dir, SHARD), 100);
    expect(writeTinyModel(dir)).toBe(true);
    expect(openCheckpoint(dir).shards.size).toBe(5);
  });

  it("widens bf16 and f16 to float32 exactly", () => {
    const values = Float32Array.of(1, -2.5, 0.15625, 384, 0);
    expect(toFloat32(new Uint8Array(toBfloat16(values).buffer), "BF16")).toEqual(values);
    const f16 = Uint16Array.of(0x3c00, 0xc100, 0x3100, 0x5e00, 0x0000);
    expect(toFloat32(new Uint8Array(f16.buffer), "F16")).toEqual(values);
  });
});
