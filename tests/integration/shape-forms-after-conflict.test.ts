// A risk's, a use's or a mitigation's form saved after someone else changed the row since the page
// was opened: the refusal says what they changed and carries the row's current version, which the
// form takes as its own, so the reviewer, having seen their change, saves again and it goes through.
// Before, the refused form kept the version it was opened with, so every retry conflicted again
// until the page was reloaded. A further change after the refusal is refused again: nothing the
// reviewer has not been shown is overwritten.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { KeepTyped, VersionField } from "../../app/_components/typed-controls";
import type { TypedFields } from "../../app/_components/typed-fields";
import { editMitigationTextAction } from "../../app/models/[slug]/mitigations/actions";
import { addRiskMitigationAction, updateRiskAction } from "../../app/models/[slug]/risks/actions";
import { updateUseAction } from "../../app/models/[slug]/uses/actions";
import type { Actor } from "../../lib/auth/actor";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { editMitigationText } from "../../lib/mitigations/edit-mitigation-text";
import { updateRisk } from "../../lib/risks/change-risks";
import { updateUse } from "../../lib/uses/change-uses";
import { freshDatabase } from "../support/fresh-database";
import { signInAsNewUser } from "../support/route-session";
import { seedInto, slug } from "./releases-setup";

const otto: Actor = { id: null, label: "Otto Other", role: "REVIEWER" };
let db: Db;

beforeAll(async () => {
  const fresh = freshDatabase();
  db = fresh.db;
  await seedInto(db);
  process.env.DATABASE_URL = fresh.url;
  await signInAsNewUser(db, { email: "rita@shape-conflict.test", password: "rita-shape-conflict-password", name: "Rita Reviewer", role: "REVIEWER" });
});

afterAll(async () => {
  await db.$disconnect();
  await closeDb();
  delete process.env.DATABASE_URL;
});

function form(fields: TypedFields | Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) data.append(key, one);
  return data;
}

/** The hidden version field of a form given the refusal's fields, as the page renders it. */
const versionSent = (typed: TypedFields | undefined, opened: number) =>
  renderToStaticMarkup(KeepTyped({ typed, children: createElement(VersionField, { version: opened }) })).match(/value="(\d+)"/)?.[1];

describe("a risk's edit form after someone else changed the risk", () => {
  test("names what they changed, takes the risk's current version, and the next save goes through", async () => {
    const risk = await db.risk.findFirstOrThrow({ where: { code: "R2", model: { slug } } });
    const opened = risk.version;
    const theirs = await updateRisk(db, otto, {
      modelSlug: slug,
      code: "R2",
      expectedVersion: opened,
      title: "Otto's title",
      riskType: risk.riskType,
      harmArea: risk.harmArea,
    });
    expect(theirs).toMatchObject({ ok: true });

    const mine = { modelSlug: slug, code: "R2", expectedVersion: String(opened), title: "Rita's title", riskType: risk.riskType, harmArea: risk.harmArea };
    const refused = await updateRiskAction({ ok: false, message: null }, form(mine));
    expect(refused).toMatchObject({ ok: false, kind: "conflict" });
    expect(refused.message).toContain("R2 was changed by Otto Other while you were editing (now version 2)");
    expect(refused.message).toContain('its title is now "Otto\'s title"');
    expect(refused.typed?.title).toEqual(["Rita's title"]);
    expect(versionSent(refused.typed, opened)).toBe(String(opened + 1));

    const again = await updateRiskAction(refused, form(refused.typed ?? {}));
    expect(again).toMatchObject({ ok: true, message: "Saved R2." });
    expect(await db.risk.findFirstOrThrow({ where: { id: risk.id } })).toMatchObject({ title: "Rita's title", version: opened + 2 });
  });

  test("refuses again when the risk changed once more after the refusal: nothing unseen is overwritten", async () => {
    const risk = await db.risk.findFirstOrThrow({ where: { code: "R3", model: { slug } } });
    const fields = { riskType: risk.riskType, harmArea: risk.harmArea };
    await updateRisk(db, otto, { modelSlug: slug, code: "R3", expectedVersion: risk.version, title: "Otto's first title", ...fields });
    const refused = await updateRiskAction(
      { ok: false, message: null },
      form({ modelSlug: slug, code: "R3", expectedVersion: String(risk.version), title: "Rita's title", ...fields }),
    );
    expect(refused).toMatchObject({ ok: false, kind: "conflict" });
    await updateRisk(db, otto, { modelSlug: slug, code: "R3", expectedVersion: risk.version + 1, title: "Otto's second title", ...fields });
    const again = await updateRiskAction(refused, form(refused.typed ?? {}));
    expect(again).toMatchObject({ ok: false, kind: "conflict" });
    expect(again.message).toContain('its title is now "Otto\'s second title"');
    expect(await db.risk.findFirstOrThrow({ where: { id: risk.id } })).toMatchObject({ title: "Otto's second title" });
  });

  test("adding a mitigation after someone else changed the risk goes through on the next try", async () => {
    const risk = await db.risk.findFirstOrThrow({ where: { code: "R4", model: { slug } } });
    await updateRisk(db, otto, {
      modelSlug: slug,
      code: "R4",
      expectedVersion: risk.version,
      title: "Otto's R4",
      riskType: risk.riskType,
      harmArea: risk.harmArea,
    });
    const refused = await addRiskMitigationAction(
      { ok: false, message: null },
      form({ modelSlug: slug, code: "R4", expectedVersion: String(risk.version), text: "Cite sources" }),
    );
    expect(refused).toMatchObject({ ok: false, kind: "conflict" });
    expect(versionSent(refused.typed, risk.version)).toBe(String(risk.version + 1));
    expect(await addRiskMitigationAction(refused, form(refused.typed ?? {}))).toMatchObject({ ok: true });
  });
});

describe("a use's edit form after someone else changed the use", () => {
  test("names what they changed, takes the use's current version, and the next save goes through", async () => {
    const use = await db.use.findFirstOrThrow({ where: { code: "U2", model: { slug } } });
    const facts = { capability: use.capability, aiUser: use.aiUser, aiSubject: use.aiSubject, domain: use.domain };
    await updateUse(db, otto, { modelSlug: slug, code: "U2", expectedVersion: use.version, purpose: use.purpose, ...facts, domain: "Otto's domain" });
    const refused = await updateUseAction(
      { ok: false, message: null },
      form({ modelSlug: slug, code: "U2", expectedVersion: String(use.version), purpose: "Rita's purpose", ...facts }),
    );
    expect(refused).toMatchObject({ ok: false, kind: "conflict" });
    expect(refused.message).toContain('its domain is now "Otto\'s domain"');
    expect(versionSent(refused.typed, use.version)).toBe(String(use.version + 1));
    expect(await updateUseAction(refused, form(refused.typed ?? {}))).toMatchObject({ ok: true });
  });
});

describe("a mitigation's text form after someone else changed the text", () => {
  test("the refusal carries the current version, under which the next save goes through", async () => {
    const mitigation = await db.mitigation.findFirstOrThrow({ where: { model: { slug } }, orderBy: { id: "asc" } });
    await editMitigationText(db, otto, { mitigationId: mitigation.id, expectedVersion: mitigation.version, text: "Otto's text" });
    const refused = await editMitigationTextAction({ mitigationId: mitigation.id, expectedVersion: mitigation.version, text: "Rita's text" });
    expect(refused).toMatchObject({ ok: false, kind: "conflict", version: mitigation.version + 1 });
    expect(refused.ok ? "" : refused.message).toContain('"Otto\'s text"');
    const version = refused.ok || refused.kind !== "conflict" ? mitigation.version : refused.version;
    expect(await editMitigationTextAction({ mitigationId: mitigation.id, expectedVersion: version, text: "Rita's text" })).toMatchObject({ ok: true });
  });
});
