// A cell no prompt can test (R5, black box) is backed by a document, link or attestation: the
// matrix calls it documented and the release gate takes it as evidence. The exported card must say
// the same: the cell is not listed as untested, and the document it rests on is named.
import { beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import type { Db } from "../../lib/db/types";
import { attachEvidence } from "../../lib/evidence/attach-evidence";
import { type LiveCard, loadLiveCard, renderCardBody } from "../../lib/releases/card-export";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

const rita: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
let db: Db;
let live: LiveCard;

beforeAll(async () => {
  db = await seededDatabase();
  const attached = await attachEvidence(db, rita, {
    ref: { modelSlug: slug, risk: "R5", use: "U1" },
    kind: "LINK",
    title: "Vendor's model documentation",
    url: "https://example.org/model-docs",
  });
  if (!attached.ok) throw new Error(attached.message);
  await addPassingEvidence(db, "R2", "U1");
  live = (await loadLiveCard(db, slug))!;
});

describe("exporting a cell backed by a document, link or attestation", () => {
  test("the markdown names what backs it and no longer lists it as untested", async () => {
    const markdown = await renderCardBody(live.snapshot, "md");
    const untested = markdown.slice(markdown.indexOf("**Untested cells, by use:**"));
    expect(untested).toMatch(/- \*\*U1\*\* Recommending personalized content: R1, R3, R4, R6,/);
    expect(markdown).toContain("**Backed by a document, link or attestation**");
    expect(markdown).toContain("- **R5×U1**: link [Vendor's model documentation](https://example.org/model-docs)");
  });

  test("the JSON and the CycloneDX BOM carry it beside the measured evidence", async () => {
    const json = JSON.parse(await renderCardBody(live.snapshot, "json"));
    expect(json.evidence.documented).toEqual([
      expect.objectContaining({ risk: "R5", use: "U1", kind: "LINK", title: "Vendor's model documentation", url: "https://example.org/model-docs" }),
    ]);
    const properties = JSON.parse(await renderCardBody(live.snapshot, "cdx")).components[0].modelCard.properties;
    expect(properties).toContainEqual({
      name: "riskledger:cell:R5:U1:documented",
      value: "link: Vendor's model documentation (https://example.org/model-docs)",
    });
  });
});
