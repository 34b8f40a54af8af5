// A stored release's JSON is read for its shape (lib/releases/release-snapshot.ts): what today's
// schema reads, it reads the same, with the same defaults; JSON of another shape is still refused.
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { parseSnapshotJson, releaseSnapshotSchema, sameSnapshot, snapshotJson } from "@/lib/releases/release-snapshot";
import { campaignEvidence } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const card = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
const json = await snapshotJson({ card, evidence: campaignEvidence(false) });

describe("reading a stored release's JSON", () => {
  it("gives what today's schema gives of a release it accepts, defaults filled in", () => {
    const withoutDefaults = JSON.parse(json);
    for (const row of withoutDefaults.evidence.cells) delete row.smokeTest;

    expect(parseSnapshotJson(JSON.stringify(withoutDefaults))).toEqual(releaseSnapshotSchema.parse(withoutDefaults));
    expect(parseSnapshotJson(json)).toEqual(releaseSnapshotSchema.parse(JSON.parse(json)));
  });

  it("reads values past today's content limits, and refuses a field of the wrong type or one missing", () => {
    const stored = JSON.parse(json);
    stored.card.cells[0].likelihood = 9;
    stored.card.risks[0].code = "Risk-1";
    expect(releaseSnapshotSchema.safeParse(stored).success).toBe(false);
    expect(parseSnapshotJson(JSON.stringify(stored)).card.cells[0].likelihood).toBe(9);

    stored.card.cells[0].likelihood = "high";
    expect(() => parseSnapshotJson(JSON.stringify(stored))).toThrow(/expected number/);
    delete stored.card.risks;
    expect(() => parseSnapshotJson(JSON.stringify(stored))).toThrow(/risks/);
  });

  it("reads a value a closed set or a fixed wording has dropped since as it was stored", () => {
    const stored = JSON.parse(json);
    stored.card.cells[0].reviewStatus = "REJECTED";
    stored.inheritance = {
      base: { slug: "base", name: "Base", hubId: null, revision: null, release: null },
      marked: "inherited, never re-tested",
      risks: [{ code: "R1", title: "Old", riskType: "SOCIETAL", harmArea: "PRIVACY" }],
      evidence: [],
    };
    expect(releaseSnapshotSchema.safeParse(stored).success).toBe(false);
    const read = parseSnapshotJson(JSON.stringify(stored));
    expect(read.card.cells[0].reviewStatus).toBe("REJECTED");
    expect(read.inheritance).toMatchObject({ marked: "inherited, never re-tested", risks: [{ riskType: "SOCIETAL", harmArea: "PRIVACY" }] });
  });

  it("holds two snapshots the same when only their keys' order or a default left out tells them apart, and not when a cell changed", async () => {
    const stored = JSON.parse(json);
    const reordered = { evidence: stored.evidence, card: Object.fromEntries(Object.entries(stored.card).reverse()) };
    for (const row of reordered.evidence.cells) delete row.smokeTest;
    expect(await sameSnapshot(json, JSON.stringify(reordered))).toBe(true);

    stored.card.cells[0].rationale = "Re-judged.";
    expect(await sameSnapshot(json, JSON.stringify(stored))).toBe(false);
  });
});
