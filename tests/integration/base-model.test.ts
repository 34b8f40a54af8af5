// An admin names a fine-tune's base model (Stable Beluga 2 -> Llama-2-70B) on a real database:
// set and cleared with an audit record each time; a loop of bases, an unknown model and a model as
// its own base are refused with a message naming what is wrong, and change nothing.
import { beforeEach, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { setBaseModel } from "../../lib/inheritance/set-base-model";
import { createModel } from "../../lib/models/create-model";
import { reviewer } from "./releases-setup";
import { admin, base, baseName, fineTune, twoModels } from "./inheritance-setup";

let db: Db;
beforeEach(async () => {
  db = await twoModels();
});

const baseOf = async (slug: string) =>
  (await db.model.findUniqueOrThrow({ where: { slug }, select: { baseModel: { select: { slug: true } } } })).baseModel?.slug ?? null;

describe("naming a base model", () => {
  test("names Llama-2-70B as the base of Stable Beluga 2 and clears it again, each audited on Stable Beluga 2", async () => {
    expect(await setBaseModel(db, admin, { slug: fineTune, baseSlug: base })).toEqual({ ok: true, base: { slug: base, name: baseName } });
    expect(await baseOf(fineTune)).toBe(base);

    expect(await setBaseModel(db, admin, { slug: fineTune, baseSlug: null })).toEqual({ ok: true, base: null });
    expect(await baseOf(fineTune)).toBeNull();

    const model = await db.model.findUniqueOrThrow({ where: { slug: fineTune } });
    const events = await db.auditEvent.findMany({ where: { action: "model.set-base-model" }, orderBy: { at: "asc" } });
    expect(events.map(({ entityId, before, after, actorLabel }) => ({ entityId, before, after, actorLabel }))).toEqual([
      { entityId: model.id, before: { baseModel: null }, after: { baseModel: { slug: base, name: baseName } }, actorLabel: "Ann Admin" },
      { entityId: model.id, before: { baseModel: { slug: base, name: baseName } }, after: { baseModel: null }, actorLabel: "Ann Admin" },
    ]);
  });

  test("naming the base it already has records nothing", async () => {
    await setBaseModel(db, admin, { slug: fineTune, baseSlug: base });
    await setBaseModel(db, admin, { slug: fineTune, baseSlug: base });
    expect(await db.auditEvent.count({ where: { action: "model.set-base-model" } })).toBe(1);
  });

  test("refuses a base whose own bases lead back to the model, naming the loop, and changes nothing", async () => {
    await setBaseModel(db, admin, { slug: fineTune, baseSlug: base });
    const audited = await db.auditEvent.count();

    const result = await setBaseModel(db, admin, { slug: base, baseSlug: fineTune });

    expect(result).toMatchObject({
      ok: false,
      kind: "invalid",
      message:
        "baseSlug: Stable Beluga 2 cannot be the base of Llama-2-70B: Stable Beluga 2's own bases lead back to Llama-2-70B (Stable Beluga 2 -> Llama-2-70B)",
    });
    expect(await baseOf(base)).toBeNull();
    expect(await db.auditEvent.count()).toBe(audited);
  });

  test("refuses a loop through three models", async () => {
    const created = await createModel(db, reviewer, { from: "blank", slug: "beluga-chat", name: "Beluga Chat" });
    if (!created.ok) throw new Error(created.message);
    await setBaseModel(db, admin, { slug: fineTune, baseSlug: base });
    await setBaseModel(db, admin, { slug: "beluga-chat", baseSlug: fineTune });

    const result = await setBaseModel(db, admin, { slug: base, baseSlug: "beluga-chat" });

    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(result.ok ? "" : result.message).toContain("(Beluga Chat -> Stable Beluga 2 -> Llama-2-70B)");
    expect(await baseOf(base)).toBeNull();
  });

  test("refuses an unknown base model and a model as its own base, naming them, and changes nothing", async () => {
    expect(await setBaseModel(db, admin, { slug: fineTune, baseSlug: "llama-3-70b" })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: 'baseSlug: there is no model "llama-3-70b" to name as the base',
    });
    expect(await setBaseModel(db, admin, { slug: fineTune, baseSlug: fineTune })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: "baseSlug: Stable Beluga 2 cannot be its own base model",
    });
    expect(await setBaseModel(db, admin, { slug: "no-such-model", baseSlug: base })).toEqual({
      ok: false,
      kind: "not_found",
      message: "no model no-such-model",
    });
    expect(await baseOf(fineTune)).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "model.set-base-model" } })).toBe(0);
  });

  test("only an admin may name a base model", async () => {
    expect(await setBaseModel(db, { id: null, label: "Ada Approver", role: "APPROVER" }, { slug: fineTune, baseSlug: base })).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    expect(await baseOf(fineTune)).toBeNull();
  });
});
