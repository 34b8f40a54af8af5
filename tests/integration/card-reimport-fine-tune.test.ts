// A fine-tune's card names its base in the front matter's base_model, written from the base set in
// Riskledger (card-inheritance.ts withBaseModel), not from the stored front matter: a model made in
// the app and linked to its base has none stored. Importing such an export must give the same card
// back, as it does for the model-index results an export writes.
import { beforeEach, describe, expect, test } from "vitest";
import { describeDifference } from "../../lib/card/diff-cards";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import type { Db } from "../../lib/db/types";
import { liveCardFile } from "../../lib/releases/card-export";
import { admin, baseHubId, fineTune, fineTuneOfBase } from "./inheritance-setup";

let db: Db;

beforeEach(async () => {
  db = await fineTuneOfBase();
  const { frontMatter } = await db.model.findUniqueOrThrow({ where: { slug: fineTune }, select: { frontMatter: true } });
  const { base_model: _, ...withoutBase } = frontMatter as Record<string, unknown>;
  await db.model.update({ where: { slug: fineTune }, data: { frontMatter: withoutBase as object } });
});

describe("re-importing a fine-tune's own export", () => {
  test("finds the card unchanged, though the export names the base in base_model and the stored front matter does not", async () => {
    const markdown = (await liveCardFile(db, fineTune, "md"))!.body;
    expect(markdown).toContain(`base_model: ${baseHubId}`);

    const report = await importCard(db, admin, parseCardMarkdown(markdown, fineTune).card);

    expect(report.ok && report.differences.map(describeDifference)).toEqual([]);
    expect(report).toMatchObject({ ok: true, outcome: "unchanged" });
    expect((await liveCardFile(db, fineTune, "md"))!.body).toBe(markdown);
  });

  test("still reports a base_model the source changed to another model", async () => {
    const markdown = (await liveCardFile(db, fineTune, "md"))!.body.replace(`base_model: ${baseHubId}`, "base_model: someone/other-base");

    const report = await importCard(db, admin, parseCardMarkdown(markdown, fineTune).card);

    expect(report).toMatchObject({ ok: true, outcome: "differences-reported" });
    expect(report.ok && report.differences.map((difference) => difference.where)).toEqual(["model frontMatter"]);
  });
});
