// The model settings page shows what was read from the checkpoint when its path was set, stored on
// the model: viewing it opens no checkpoint, so it reads the same after the folder is moved away.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openCheckpoint } from "../../engine/checkpoint";
import { TINY_MODEL_MARKER } from "../../engine/tiny-model";
import type { Actor } from "../../lib/auth/actor";
import { tinyModelDir } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadCheckpointSettings } from "../../lib/models/load-checkpoint-settings";
import { setCheckpointPath } from "../../lib/models/set-checkpoint-path";
import { seededDatabase, slug } from "./releases-setup";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

describe("the model settings page", () => {
  let db: Db;
  let root: string;
  const rootsBefore = process.env.RISKLEDGER_MODEL_ROOTS;
  beforeAll(async () => {
    db = await seededDatabase();
    root = mkdtempSync(path.join(tmpdir(), "riskledger-model-root-"));
    process.env.RISKLEDGER_MODEL_ROOTS = root;
  });
  // The checkpoint alone: setting a path reads its files, never the engine's cache beside them (200 MB).
  const copyCheckpoint = (folder: string) => cpSync(tinyModelDir, folder, { recursive: true, filter: (source) => path.basename(source) !== "onnx-cache" });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    if (rootsBefore === undefined) delete process.env.RISKLEDGER_MODEL_ROOTS;
    else process.env.RISKLEDGER_MODEL_ROOTS = rootsBefore;
  });

  test("shows the revision read when the path was set, still after the checkpoint folder is moved away", async () => {
    const folder = path.join(root, "beluga-copy");
    copyCheckpoint(folder);
    const { revision } = openCheckpoint(folder);
    expect(await setCheckpointPath(db, admin, { slug, checkpointPath: folder })).toEqual({ ok: true, checkpointPath: folder });

    renameSync(folder, path.join(root, "moved-away"));
    const loaded = await loadCheckpointSettings(db, admin, slug);
    expect(loaded).toMatchObject({ ok: true, settings: { checkpointPath: folder, revision, smokeTestModel: true } });
  });

  test("setting the same folder again stores what it holds now: a checkpoint replaced in place is read anew", async () => {
    const folder = path.join(root, "replaced-in-place");
    copyCheckpoint(folder);
    await setCheckpointPath(db, admin, { slug, checkpointPath: folder });
    const config = path.join(folder, "config.json");
    const { [TINY_MODEL_MARKER]: _marker, ...realModelConfig } = JSON.parse(readFileSync(config, "utf8"));
    writeFileSync(config, JSON.stringify(realModelConfig));

    await setCheckpointPath(db, admin, { slug, checkpointPath: folder });
    expect(await db.model.findUniqueOrThrow({ where: { slug }, select: { checkpointPath: true, isSmokeTestModel: true } })).toEqual({
      checkpointPath: folder,
      isSmokeTestModel: false,
    });
  });

  test("refuses a folder the engine cannot read a checkpoint from, with the engine's reason, and keeps the checkpoint it had", async () => {
    const before = await db.model.findUniqueOrThrow({ where: { slug }, select: { checkpointPath: true, revisionHash: true } });
    const empty = path.join(root, "no-checkpoint");
    mkdirSync(empty);
    const refused = await setCheckpointPath(db, admin, { slug, checkpointPath: empty });
    expect(refused).toMatchObject({ ok: false, kind: "invalid", message: expect.stringContaining("config.json") });
    expect(await db.model.findUniqueOrThrow({ where: { slug }, select: { checkpointPath: true, revisionHash: true } })).toEqual(before);
  });
});
