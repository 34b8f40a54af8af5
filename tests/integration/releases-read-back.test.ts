// A published release is read back for as long as it is kept: its diff, and the BOM and
// .eval_results file of a release stored before those were, read its JSON. A rule of today's card
// schema that an older release broke, because the rule was tightened after it was published, must
// not make that release unreadable: its JSON is read for its shape, not today's content limits.
import { describe, expect, test } from "vitest";
import { describeMatrixChange, diffReleases } from "../../lib/releases/diff-releases";
import { loadRelease } from "../../lib/releases/load-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { DERIVED_AT_DOWNLOAD, releaseFile } from "../../lib/releases/release-file";
import { riskTitle } from "../../lib/card/schema";
import type { Db } from "../../lib/db/types";
import { addPassingEvidence, approve, approver, markApplicable, readyEveryApplicableCell, seededDatabase, slug } from "./releases-setup";

/**
 * Publishes release 1 of the card as it stands, then stores release 2 as a release published under an older card
 * schema would be: release 1's JSON as `asPublishedThen` rewrites it. Returns release 1 as stored.
 */
async function publishThenStoreOlder(db: Db, asPublishedThen: (json: string) => unknown) {
  const first = await publishRelease(db, approver, { slug });
  if (!first.ok) throw new Error(first.message);
  const stored = await db.cardRelease.findUniqueOrThrow({ where: { id: first.release.id } });
  const snapshot = asPublishedThen(stored.json);
  await db.cardRelease.create({
    data: {
      modelId: stored.modelId,
      version: 2,
      markdown: stored.markdown,
      json: `${JSON.stringify(snapshot, null, 2)}\n`,
      sha256: stored.sha256,
      publishedByName: "Ada Approver",
    },
  });
  return stored;
}

describe("a release whose JSON today's card schema refuses", () => {
  test("is still compared with another release, and its BOM and .eval_results file are still derived from it", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);

    // As a release published when a risk's title could be longer than the 500 characters allowed today.
    const longTitle = `Toxic and offensive output, ${"and more of the same ".repeat(30)}`.trim();
    expect(riskTitle.safeParse(longTitle).success).toBe(false);
    const stored = await publishThenStoreOlder(db, (json) => {
      const snapshot = JSON.parse(json);
      snapshot.card.risks[0].title = longTitle;
      return snapshot;
    });

    const diff = await diffReleases((await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!);
    expect(diff.matrixChanges.map(describeMatrixChange)).toEqual([`R1: title "${JSON.parse(stored.json).card.risks[0].title}" -> "${longTitle}"`]);
    const bom = await releaseFile(db, slug, 2, "cdx");
    expect(bom!.body).toContain(longTitle);
    expect((await releaseFile(db, slug, 2, "eval"))!.origin).toBe(DERIVED_AT_DOWNLOAD);
  });
});

describe("a release stored with a value a closed set has since dropped", () => {
  test("is compared with another release and its BOM and .eval_results file are derived, each value shown as stored", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R2", "U1", { likelihood: 3, severity: 4 });
    await addPassingEvidence(db, "R2", "U1");
    await approve(db, "R2", "U1");
    await readyEveryApplicableCell(db);

    // As a release published when each of these vocabularies held a value it no longer does.
    await publishThenStoreOlder(db, (json) => {
      const snapshot = JSON.parse(json);
      const risk = snapshot.card.risks.find((row: { code: string }) => row.code === "R2");
      risk.riskType = "SOCIETAL";
      risk.harmArea = "PRIVACY";
      const cell = snapshot.card.cells.find((row: { risk: string; use: string }) => row.risk === "R2" && row.use === "U1");
      cell.applies = "PARTLY";
      cell.subjectAtRisk = "BYSTANDER";
      cell.reviewStatus = "REJECTED";
      cell.mitigationStatus["Perform safety testing"] = "BLOCKED";
      snapshot.evidence.cells[0].verdict = "WARN";
      snapshot.decisions.uses[0].computed = "HOLD";
      snapshot.decisions.uses[0].signed = {
        outcome: "DEPLOY_LATER",
        signedBy: "Ada Approver",
        signedOn: "2026-01-02",
        expiresOn: "2026-07-02",
        conditions: [],
        note: "",
        state: "REVOKED",
        reasons: ["revoked by the board"],
      };
      return snapshot;
    });

    const diff = await diffReleases((await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!);
    expect(diff.matrixChanges.map(describeMatrixChange)).toEqual([
      "R2: risk type Capability risk -> SOCIETAL",
      "R2: harm area Information and safety harms -> PRIVACY",
      "R2×U1: applies applies -> PARTLY",
      "R2×U1: subject at risk none -> BYSTANDER",
      "R2×U1: review approved -> REJECTED",
      'R2×U1: mitigation "Perform safety testing" not started -> BLOCKED',
      "R2×U1: verdict pass -> WARN",
      "U1: computed deploy decision deploy -> HOLD",
      "U1: deploy decision signed: DEPLOY_LATER, by Ada Approver on 2026-01-02, expires 2026-07-02",
    ]);
    const bom = (await releaseFile(db, slug, 2, "cdx"))!.body;
    for (const value of ["SOCIETAL; PRIVACY", "PARTLY", '"REJECTED"', "verdict=WARN", "HOLD", "DEPLOY_LATER", "REVOKED: revoked by the board"])
      expect(bom).toContain(value);
    expect((await releaseFile(db, slug, 2, "eval"))!.body).toContain("verdict WARN");
  });
});
