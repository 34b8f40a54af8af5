// A risk acceptance is an approver's decision with two terms: why the residual risk is carried, and
// until when. The card said only "Accepted" in its cell details: a reader of the markdown, the JSON
// or the BOM could not tell why, until when, or whether it had lapsed. Each format now carries both
// terms and who accepted, and the markdown still imports back as the same card.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import type { Db } from "../../lib/db/types";
import { liveCardFile } from "../../lib/releases/card-export";
import { publishRelease } from "../../lib/releases/publish-release";
import { releaseFile } from "../../lib/releases/release-file";
import { acceptOnFailingEvidence, readyEveryApplicableCell, seededDatabase, slug } from "./releases-setup";

let db: Db;
let ada: Actor;

const until = new Date(Date.now() + 200 * 24 * 3600 * 1000);
const untilDay = until.toISOString().slice(0, 10);
const justification = "Guarded by the ad review desk until the U2 suite exists.\n\n## Not a heading: <b>plain</b> | text";

beforeEach(async () => {
  db = await seededDatabase();
  const user = await db.user.create({ data: { name: "Ada Approver", email: "ada@accept.test", role: "APPROVER" } });
  ada = { id: user.id, label: "Ada Approver <ada@accept.test>", role: "APPROVER" };
  await readyEveryApplicableCell(db);
  await acceptOnFailingEvidence(db, ada, { risk: "R2", use: "U2" }, { justification, until });
});

describe("an accepted risk in the card's exports", () => {
  it("the markdown lists it with its expiry, who accepted it and the justification as text, and imports back unchanged", async () => {
    const markdown = (await liveCardFile(db, slug, "md"))!.body;
    const section = markdown.slice(markdown.indexOf("## Accepted Risks"));
    expect(section).toMatch(/^## Accepted Risks$/m);
    expect(section).toContain("R2×U2");
    expect(section).toContain(`accepted until ${untilDay}`);
    expect(section).toContain("Ada Approver");
    expect(section).toContain("Guarded by the ad review desk until the U2 suite exists.");
    // The approver's words stay text: no heading, HTML or table of the card comes from them.
    expect(markdown).not.toMatch(/^## Not a heading/m);
    expect(markdown).not.toContain("<b>plain</b>");

    const parsed = parseCardMarkdown(markdown, slug);
    expect(parsed.warnings.filter((warning) => warning.includes("Accepted"))).toEqual([]);
    expect(await importCard(db, { id: null, label: "importer", role: "ADMIN" }, parsed.card)).toMatchObject({ ok: true, outcome: "unchanged" });
  });

  it("the JSON carries the cell, the expiry, who accepted it and the justification", async () => {
    const json = JSON.parse((await liveCardFile(db, slug, "json"))!.body);
    expect(json.acceptedRisks).toEqual([{ cell: "R2×U2", acceptedUntil: untilDay, acceptedBy: "Ada Approver", justification, expired: false }]);
  });

  it("the CycloneDX BOM carries the expiry and the justification", async () => {
    const bom = JSON.parse((await liveCardFile(db, slug, "cdx"))!.body);
    const properties: { name: string; value: string }[] = bom.components[0].properties;
    expect(properties.filter((property) => property.name.startsWith("riskledger:acceptedRisk:"))).toEqual([
      { name: "riskledger:acceptedRisk:R2×U2", value: `accepted until ${untilDay} by Ada Approver: ${justification}` },
    ]);
  });

  it("a release published with it carries it in its stored markdown and JSON", async () => {
    const published = await publishRelease(db, ada, { slug });
    if (!published.ok) throw new Error(published.message);
    expect((await releaseFile(db, slug, 1, "md"))!.body).toContain(`accepted until ${untilDay}`);
    expect(JSON.parse((await releaseFile(db, slug, 1, "json"))!.body).acceptedRisks).toMatchObject([{ cell: "R2×U2", acceptedUntil: untilDay }]);
  });

  it("an acceptance past its date is written as expired, not as holding", async () => {
    await db.cell.updateMany({ where: { risk: { code: "R2" }, use: { code: "U2" } }, data: { acceptedUntil: new Date(Date.now() - 24 * 3600 * 1000) } });
    const json = JSON.parse((await liveCardFile(db, slug, "json"))!.body);
    expect(json.acceptedRisks).toMatchObject([{ cell: "R2×U2", expired: true }]);
    expect((await liveCardFile(db, slug, "md"))!.body).toMatch(/R2×U2.*expired on/);
  });
});
