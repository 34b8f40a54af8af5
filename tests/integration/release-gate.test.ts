// The release gate (lib/releases/release-gaps.ts) and publishing (lib/releases/publish-release.ts)
// on a real database with the seed card: what the releases page reported as publishable, and
// releases that repeated themselves or left their accepted gaps out of the published files.
import { describe, expect, test } from "vitest";
import { cellName } from "../../lib/card/card-layout";
import { releaseFile } from "../../lib/releases/release-file";
import { publishRelease } from "../../lib/releases/publish-release";
import { describeGap } from "../../lib/releases/describe-gap";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { attachEvidence } from "../../lib/evidence/attach-evidence";
import { addPassingEvidence, approve, approver, markApplicable, reviewer, readyEveryApplicableCell, seededDatabase, slug } from "./releases-setup";

async function failing(db: Awaited<ReturnType<typeof seededDatabase>>, risk: string, use: string) {
  await addPassingEvidence(db, risk, use);
  await db.evidence.updateMany({
    where: { cell: { risk: { code: risk }, use: { code: use } } },
    data: { passes: 0, failures: 35, n: 35, intervalLow: 0.9, intervalHigh: 1, verdict: "FAIL" },
  });
}

describe("the release gate", () => {
  test("cells nobody has assessed are gaps, so a seed card with unassessed cells is not publishable as it is", async () => {
    const db = await seededDatabase();
    const unassessed = await db.cell.count({ where: { applies: "NOT_ASSESSED" } });

    const gaps = (await loadReleaseGaps(db, slug))!;

    expect(unassessed).toBeGreaterThan(0);
    expect(gaps.filter((gap) => gap.reason.startsWith("not assessed"))).toHaveLength(unassessed);
  });

  test("an approved cell whose current evidence fails is a gap until an unexpired risk acceptance covers it, and an expired acceptance is a gap", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    await markApplicable(db, "R2", "U2", { likelihood: 3, severity: 4 });
    await failing(db, "R2", "U2");
    // Approved before the gate existed: the release gate must still see the failing evidence.
    await db.cell.updateMany({ where: { risk: { code: "R2" }, use: { code: "U2" } }, data: { reviewStatus: "APPROVED" } });

    const risk = await db.risk.findFirstOrThrow({ where: { code: "R2" } });
    const use = await db.use.findFirstOrThrow({ where: { code: "U2" } });
    expect(await loadReleaseGaps(db, slug)).toEqual([
      { cell: cellName("R2", "U2"), names: `${risk.title} in ${use.purpose}`, reason: "its evidence is failing (35/35) and no risk acceptance covers it" },
    ]);

    const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    await db.cell.updateMany({
      where: { risk: { code: "R2" }, use: { code: "U2" } },
      data: { reviewStatus: "ACCEPTED", acceptedUntil: nextYear, acceptanceJustification: "Tracked." },
    });
    expect(await loadReleaseGaps(db, slug)).toEqual([]);

    const lastYear = new Date(Date.now() - 365 * 24 * 3600 * 1000);
    await db.cell.updateMany({ where: { risk: { code: "R2" }, use: { code: "U2" } }, data: { acceptedUntil: lastYear } });
    expect((await loadReleaseGaps(db, slug))!.map((gap) => gap.reason)).toEqual([
      "its evidence is failing (35/35) and no risk acceptance covers it",
      `its risk acceptance expired on ${lastYear.toISOString().slice(0, 10)}`,
    ]);
  });

  // Found reading the gate (stop 50): a cell approved on passing evidence of the generated tiny model left no gap, so
  // the card published as it stood, its one measured claim the smoke-test model's noise.
  test("a cell whose current evidence is the smoke-test model's is a gap however it passed, until the approver accepts it", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 3 });
    await addPassingEvidence(db, "R2", "U1", { smokeTest: true });
    await approve(db, "R2", "U1");

    const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);
    expect(gaps).toEqual([`${cellName("R2", "U1")}: its evidence is the smoke-test model's, which says nothing about the model`]);
    expect(await publishRelease(db, approver, { slug })).toMatchObject({ ok: false, kind: "gaps" });
    const published = await publishRelease(db, approver, { slug, acceptance: { justification: "A pipeline check before the real checkpoint.", gaps } });
    expect(published).toMatchObject({ ok: true });
  });

  test("a document backs a cell in the release only where no prompt can test it: on a testable cell it is a gap", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    await markApplicable(db, "R3", "U1", { likelihood: 3, severity: 4 });
    await markApplicable(db, "R5", "U1", { likelihood: 2, severity: 3 });
    for (const risk of ["R3", "R5"]) {
      const attached = await attachEvidence(db, reviewer, { ref: { modelSlug: slug, risk, use: "U1" }, kind: "DOCUMENT", title: `${risk} review` });
      if (!attached.ok) throw new Error(attached.message);
    }
    // Approved before the gate read what a document can back: the release gate must still see it.
    await db.cell.updateMany({ where: { risk: { code: { in: ["R3", "R5"] } }, use: { code: "U1" } }, data: { reviewStatus: "APPROVED" } });

    expect((await loadReleaseGaps(db, slug))!.map(({ cell, reason }) => ({ cell, reason }))).toEqual([
      { cell: cellName("R3", "U1"), reason: "no campaign evidence: only a document, link or attestation backs it, and a prompt suite can test R3" },
    ]);
  });

  test("publishing a card unchanged since the last release is refused as identical to that version and creates nothing", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    const first = await publishRelease(db, approver, { slug });
    if (!first.ok) throw new Error(first.message);

    const again = await publishRelease(db, approver, { slug });

    expect(again).toEqual({ ok: false, kind: "unchanged", message: "nothing to publish: the card is identical to v1" });
    expect(await db.cardRelease.count()).toBe(1);
  });

  test("a release published with accepted gaps carries the gaps and the justification in its markdown, JSON and CycloneDX", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);
    const justification = "R7 x U2 is covered by the ad review process until the U2 suite exists.";

    const result = await publishRelease(db, approver, { slug, acceptance: { justification, gaps } });
    if (!result.ok) throw new Error(result.message);

    const markdown = (await releaseFile(db, slug, 1, "md"))!.body;
    expect(markdown).toContain("## Accepted gaps");
    expect(markdown).toContain(`- ${cellName("R7", "U2")}: no evidence: untested`);
    expect(markdown).toContain(justification);
    const json = JSON.parse((await releaseFile(db, slug, 1, "json"))!.body);
    expect(json.acceptance).toEqual({ gaps, justification });
    const bom = (await releaseFile(db, slug, 1, "cdx"))!.body;
    expect(bom).toContain(justification);
    expect(bom).toContain(`${cellName("R7", "U2")}: no evidence: untested`);
  });
});
