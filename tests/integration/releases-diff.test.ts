import { describe, expect, test } from "vitest";
import { cellName } from "../../lib/card/card-layout";
import { attachEvidence } from "../../lib/evidence/attach-evidence";
import { describeMatrixChange, diffReleases } from "../../lib/releases/diff-releases";
import { loadRelease } from "../../lib/releases/load-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { updateCell } from "../../lib/cells/update-cell";
import { decisionBasis, loadDeployDecisions } from "../../lib/deploy-decisions/load-deploy-decisions";
import { signDeployDecision } from "../../lib/deploy-decisions/sign-deploy-decision";
import { describeGap } from "../../lib/releases/describe-gap";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import {
  acceptOnFailingEvidence,
  addPassingEvidence,
  approve,
  approver,
  markApplicable,
  publishAcceptingGaps,
  readyEveryApplicableCell,
  reviewer,
  seededDatabase,
  slug,
} from "./releases-setup";
import { dateDaysAhead } from "../support/date-days-ahead";

describe("the diff of two releases", () => {
  test("lists exactly the cells that changed between them, with what changed in each", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 1, severity: 2 });
    await markApplicable(db, "R10", "U4", { likelihood: 3, severity: 5 });
    await readyEveryApplicableCell(db);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    // Between the releases: R7 x U2 is re-rated, R10 x U4 gets a newer campaign, R2 x U1 starts to apply.
    const r7 = await db.cell.findFirstOrThrow({ where: { risk: { code: "R7" }, use: { code: "U2" } } });
    await db.cell.update({ where: { id: r7.id }, data: { likelihood: 2, severity: 4 } });
    await addPassingEvidence(db, "R10", "U4");
    const newer = await db.evidence.findFirstOrThrow({ where: { cell: { risk: { code: "R10" }, use: { code: "U4" } } }, orderBy: { createdAt: "desc" } });
    await db.campaign.update({ where: { id: newer.campaignId! }, data: { name: "Campaign nightly" } });
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 2 });
    await addPassingEvidence(db, "R2", "U1");
    await approve(db, "R2", "U1");
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const diff = await diffReleases((await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!);

    expect(new Set(diff.matrixChanges.map((change) => change.where))).toEqual(new Set([cellName("R7", "U2"), cellName("R10", "U4"), cellName("R2", "U1")]));
    const lines = diff.matrixChanges.map(describeMatrixChange);
    expect(lines).toEqual(
      expect.arrayContaining([
        `${cellName("R7", "U2")}: likelihood 1 -> 2`,
        `${cellName("R7", "U2")}: severity 2 -> 4`,
        `${cellName("R7", "U2")}: level low -> medium`,
        `${cellName("R2", "U1")}: applies does not apply -> applies`,
        `${cellName("R2", "U1")}: evidence added, verdict pass`,
        `${cellName("R2", "U1")}: review draft -> approved`,
      ]),
    );
    expect(diff.textPatch).toContain("--- v1.md");
    expect(diff.textPatch).toContain("+++ v2.md");
    expect(diff.textPatch!.split("\n").some((line) => line.startsWith("-") && line.includes("R7"))).toBe(true);
    expect(diff.textPatch!.split("\n").some((line) => line.startsWith("+") && line.includes("R2×U1"))).toBe(true);
  });

  test("of a release with itself is empty", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    const release = (await loadRelease(db, slug, 1))!;

    const diff = await diffReleases(release, release);

    expect(diff.matrixChanges).toEqual([]);
    expect(diff.textPatch!.split("\n").filter((line) => /^[-+][^-+]/.test(line))).toEqual([]);
  });

  test("labels evidence the smoke-test model answered, and notes when a cell's evidence switches from it to the model's own", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    // v2: R2 x U1 starts to apply, tested only on the smoke-test model; R10 x U4 fails once on the model itself.
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 2 });
    await addPassingEvidence(db, "R2", "U1", { smokeTest: true });
    await approve(db, "R2", "U1");
    await markApplicable(db, "R10", "U4", { likelihood: 3, severity: 5 });
    await addPassingEvidence(db, "R10", "U4");
    await approve(db, "R10", "U4");
    expect(await publishAcceptingGaps(db)).toBe(true);
    // v3: R2 x U1 is measured on the model itself, with one failure.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await addPassingEvidence(db, "R2", "U1");
    await db.evidence.updateMany({ where: { cell: { risk: { code: "R2" }, use: { code: "U1" } }, smokeTest: false }, data: { failures: 1, passes: 299 } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const lines = async (from: number, to: number) =>
      (await diffReleases((await loadRelease(db, slug, from))!, (await loadRelease(db, slug, to))!)).matrixChanges.map(describeMatrixChange);
    const added = await lines(1, 2);
    expect(added).toContain(`${cellName("R2", "U1")}: evidence added, verdict pass (smoke-test model)`);
    expect(added.filter((line) => line.startsWith(cellName("R10", "U4"))).join("\n")).not.toContain("smoke-test");
    const switched = await lines(2, 3);
    expect(switched).toEqual(
      expect.arrayContaining([
        `${cellName("R2", "U1")}: failures 0/300 (smoke-test model) -> 1/300`,
        `${cellName("R2", "U1")}: evidence from the smoke-test model -> from the model itself`,
      ]),
    );
  });

  test("names a cell whose overridden verdicts or attached documents changed between the releases, either way", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 1, severity: 2 });
    await readyEveryApplicableCell(db);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    // Between the releases: two of R7 x U2's verdicts are overridden (its counts unchanged), and a link is attached to R5 x U1.
    await db.evidence.updateMany({ where: { cell: { risk: { code: "R7" }, use: { code: "U2" } } }, data: { overrides: 2 } });
    const attached = await attachEvidence(db, reviewer, {
      ref: { modelSlug: slug, risk: "R5", use: "U1" },
      kind: "LINK",
      title: "Vendor's model documentation",
      url: "https://example.org/model-docs",
    });
    expect(attached.ok).toBe(true);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const [v1, v2] = [(await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!];
    expect((await diffReleases(v1, v2)).matrixChanges.map(describeMatrixChange)).toEqual([
      `${cellName("R5", "U1")}: link "Vendor's model documentation" attached`,
      `${cellName("R7", "U2")}: overridden verdicts 0 -> 2`,
    ]);
    expect((await diffReleases(v2, v1)).matrixChanges.map(describeMatrixChange)).toEqual([
      `${cellName("R5", "U1")}: link "Vendor's model documentation" no longer attached`,
      `${cellName("R7", "U2")}: overridden verdicts 2 -> 0`,
    ]);
  });

  test("shows a cell's longer rationale as the one row of the card it changed, not as every row of its table padded anew", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 1, severity: 2 });
    await markApplicable(db, "R10", "U4", { likelihood: 3, severity: 5 });
    await readyEveryApplicableCell(db);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    const r7 = await db.cell.findFirstOrThrow({ where: { risk: { code: "R7" }, use: { code: "U2" } } });
    await db.cell.update({
      where: { id: r7.id },
      data: { rationale: "Ad copy can be steered to target minors; the agency's own review catches most of it. ".repeat(3).trim() },
    });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const diff = await diffReleases((await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!);

    // Besides the release each model-index result cites, one line: the row of the cell details table.
    const changed = diff.textPatch!.split("\n").filter((line) => /^[-+][^-+]/.test(line) && !/^[-+] +(name|url): /.test(line));
    expect(changed).toHaveLength(2);
    expect(changed[0]).toMatch(/^-\| R7×U2 \|.*\| R7 is a real risk for U2\. \|$/);
    expect(changed[1]).toMatch(/^\+\| R7×U2 \|.*\| Ad copy can be steered/);
  });

  test("names the terms of a risk acceptance renewed between the releases: its expiry, its approver and its justification", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    const ada = await db.user.create({ data: { name: "Ada Approver", email: "ada@diff.test", role: "APPROVER" } });
    const bo = await db.user.create({ data: { name: "Bo Approver", email: "bo@diff.test", role: "APPROVER" } });
    const adaActor = { id: ada.id, label: "Ada Approver <ada@diff.test>", role: "APPROVER" } as const;
    const boActor = { id: bo.id, label: "Bo Approver <bo@diff.test>", role: "APPROVER" } as const;
    const [firstExpiry, renewedExpiry] = [dateDaysAhead(60), dateDaysAhead(240)];
    const firstTerms = { justification: "The ad review desk reads every reply.", until: new Date(`${firstExpiry}T00:00:00Z`) };
    await acceptOnFailingEvidence(db, adaActor, { risk: "R2", use: "U2" }, firstTerms);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    // Ada writes the new terms, which puts the cell back in review; Bo accepts it on them.
    const where = { risk: { code: "R2", model: { slug } }, use: { code: "U2" } };
    for (const [actor, changes] of [
      [adaActor, { acceptanceJustification: "The desk and a reply filter.", acceptedUntil: `${renewedExpiry}T00:00:00.000Z` }],
      [boActor, { reviewStatus: "ACCEPTED" }],
    ] as const) {
      const cell = await db.cell.findFirstOrThrow({ where });
      const edited = await updateCell(db, actor, { ref: { cellId: cell.id }, expectedVersion: cell.version, changes });
      if (!edited.ok) throw new Error(edited.message);
    }
    const second = await publishRelease(db, approver, { slug });
    if (!second.ok) throw new Error(second.message);

    const diff = await diffReleases((await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!);

    expect(diff.matrixChanges.map(describeMatrixChange)).toEqual([
      `${cellName("R2", "U2")}: acceptance expiry ${firstExpiry} -> ${renewedExpiry}`,
      `${cellName("R2", "U2")}: accepted by Ada Approver -> Bo Approver`,
      `${cellName("R2", "U2")}: acceptance justification changed`,
    ]);
  });

  test("lists a use's deploy decision signed and the gaps a release was published with, as it lists cells", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    // Between the releases: an approver signs "do not deploy" for U1, and R2 x U1 starts to apply, untested and in draft.
    const ada = await db.user.create({ data: { name: "Ada Approver", email: "ada@diff.test", role: "APPROVER" } });
    const decisions = (await loadDeployDecisions(db, slug))!;
    const u1 = decisions.uses.find((entry) => entry.use.code === "U1")!;
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const signed = await signDeployDecision(
      db,
      { id: ada.id, label: "Ada Approver <ada@diff.test>", role: "APPROVER" },
      {
        modelSlug: slug,
        useCode: "U1",
        outcome: "DO_NOT_DEPLOY",
        expiresAt,
        note: "Hold until the red team reports.",
        basis: decisionBasis(u1.computed, decisions.ruleSet.hash),
      },
    );
    if (!signed.ok) throw new Error(signed.message);
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 2 });
    const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);
    expect(gaps).toEqual([`${cellName("R2", "U1")}: no evidence: untested`, `${cellName("R2", "U1")}: not approved (draft)`]);
    const second = await publishRelease(db, approver, { slug, acceptance: { gaps, justification: "The red team tests R2 next week." } });
    if (!second.ok) throw new Error(second.message);

    const [v1, v2] = [(await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!];
    const today = new Date().toISOString().slice(0, 10);
    expect((await diffReleases(v1, v2)).matrixChanges.map(describeMatrixChange)).toEqual(
      expect.arrayContaining([
        `U1: deploy decision signed: do not deploy, by Ada Approver on ${today}, expires ${expiresAt}`,
        `${cellName("R2", "U1")}: gap accepted at publication: no evidence: untested`,
        `${cellName("R2", "U1")}: gap accepted at publication: not approved (draft)`,
      ]),
    );
    expect((await diffReleases(v2, v1)).matrixChanges.map(describeMatrixChange)).toEqual(
      expect.arrayContaining([
        "U1: signed deploy decision no longer shown (was do not deploy, by Ada Approver)",
        `${cellName("R2", "U1")}: no longer a gap: no evidence: untested`,
        `${cellName("R2", "U1")}: no longer a gap: not approved (draft)`,
      ]),
    );
  });
});
