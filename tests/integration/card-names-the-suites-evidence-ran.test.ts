// Beside each cell's evidence the exported card names the suite its campaign ran. It named the
// suites the cell's use holds now instead: after a reviewer uploaded a second suite for U1, the
// evidence of a campaign run before the upload read "u1-extra+u1-recommender", a suite that
// campaign never ran, and the Hub's eval results listed it under the uploaded suite's title.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { liveCardFile } from "../../lib/releases/card-export";
import { uploadSuite } from "../../lib/suites/upload-suite";
import { campaignDatabase, rita, runCampaign, smallCampaign } from "./campaign-fixture";

const slug = defaultModelSlug;
const U1_ONLY = { ...smallCampaign, uses: ["U1"] };

/** A second U1 suite: the U5 fixture's one case, under its own suite and case keys. */
function extraU1Suite(): string {
  return readFileSync(path.join(import.meta.dirname, "../fixtures/suites/u5-tickets.yaml"), "utf8")
    .replace("suite: u5-tickets", "suite: u1-extra")
    .replace("use: U5", "use: U1")
    .replaceAll("risks: [R15]", "risks: [R1]")
    .replaceAll("key: u5.", "key: u1-extra.");
}

/** The suite keys the card names for the evidence rows `campaignId` made. */
async function suitesNamed(db: Db, campaignId: string): Promise<Set<string>> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { name: true } });
  const json = JSON.parse((await liveCardFile(db, slug, "json"))!.body);
  const rows = json.evidence.cells.filter((row: { campaign: string }) => row.campaign === campaign.name);
  expect(rows.length).toBeGreaterThan(0);
  return new Set(rows.map((row: { suite: { key: string } | null }) => row.suite?.key ?? "none"));
}

test("a campaign's evidence names the suite it ran, not one uploaded for its use after it ran", async () => {
  const { db } = await campaignDatabase();
  const before = await runCampaign(db, { ...U1_ONLY, name: "before the upload" });
  expect(await suitesNamed(db, before)).toEqual(new Set(["u1-recommender"]));

  const uploaded = await uploadSuite(db, rita, { modelSlug: slug, fileName: "u1-extra.yaml", text: extraU1Suite() });
  expect(uploaded).toMatchObject({ ok: true, suite: "u1-extra", use: "U1" });
  expect(await suitesNamed(db, before)).toEqual(new Set(["u1-recommender"]));

  // A campaign run after the upload ran both, and is now each U1 cell's evidence.
  const after = await runCampaign(db, { ...U1_ONLY, name: "after the upload" });
  expect(await suitesNamed(db, after)).toEqual(new Set(["u1-extra+u1-recommender"]));
});
