import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openCheckpoint } from "../../engine/checkpoint";
import { tinyModelDir } from "../../lib/content/paths";
import { inspectCheckpoint } from "../../lib/models/inspect-checkpoint";

describe("what the settings page says the engine reads from a checkpoint folder", () => {
  test("the tiny model's revision, its blocks and its shard files, as the loader reads them", () => {
    const checkpoint = openCheckpoint(tinyModelDir);
    expect(inspectCheckpoint(tinyModelDir)).toEqual({
      ok: true,
      revision: checkpoint.revision,
      blocks: checkpoint.config.numHiddenLayers,
      shards: new Set(checkpoint.weightMap.values()).size,
    });
  });

  test("a folder that holds no checkpoint is reported with the loader's reason", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "riskledger-no-checkpoint-"));
    expect(inspectCheckpoint(empty)).toEqual({ ok: false, message: expect.stringContaining("config.json") });
  });
});
