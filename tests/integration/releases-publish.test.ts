import { describe, expect, test } from "vitest";
import { cellName } from "../../lib/card/card-layout";
import { parseMarkdown, plainText } from "../../lib/card/card-text";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { createModel } from "../../lib/models/create-model";
import { listReleases } from "../../lib/releases/load-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { describeGap } from "../../lib/releases/describe-gap";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { addPassingEvidence, approve, approver, markApplicable, readyEveryApplicableCell, reviewer, seededDatabase, slug, viewer } from "./releases-setup";

describe("publishing a card release", () => {
  test("an approver is refused while applicable cells lack current evidence or an approval, and is told each gap", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    await markApplicable(db, "R10", "U4", { likelihood: 3, severity: 5 });
    await addPassingEvidence(db, "R10", "U4");
    await markApplicable(db, "R1", "U1", { likelihood: 1, severity: 2 });
    await addPassingEvidence(db, "R1", "U1");
    await approve(db, "R1", "U1");

    const result = await publishRelease(db, approver, { slug });

    expect(result.ok).toBe(false);
    if (result.ok || result.kind !== "gaps") throw new Error(`expected a refusal with gaps, got ${JSON.stringify(result)}`);
    expect(result.gaps.map(describeGap).filter((gap) => !gap.endsWith("not assessed: nobody has judged whether the risk applies"))).toEqual([
      `${cellName("R7", "U2")}: no evidence: untested`,
      `${cellName("R7", "U2")}: not approved (draft)`,
      `${cellName("R10", "U4")}: not approved (draft)`,
    ]);
    // Seen: "56 gaps in applicable cells", though 53 of the cells were not assessed, so not known to apply.
    expect(result.message).toBe("56 gaps in 55 cells (53 not assessed): publish only by accepting them with a justification");
    expect(await db.cardRelease.count()).toBe(0);
  });

  test("evidence made under detectors that have changed since is stale, and a stale cell is a gap", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R4", "U3", { likelihood: 2, severity: 3 });
    await addPassingEvidence(db, "R4", "U3");
    await approve(db, "R4", "U3");
    await db.evidence.updateMany({ where: { cell: { risk: { code: "R4" }, use: { code: "U3" } } }, data: { detectorsHash: "detectors-of-last-month" } });
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });

    const result = await publishRelease(db, approver, { slug });

    expect(result).toMatchObject({ ok: false, kind: "gaps", gaps: [{ cell: cellName("R4", "U3"), reason: "its newest campaign evidence is stale" }] });
  });

  test("an approver who accepts the gaps with a justification publishes version 1, which records the gaps and the justification", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const gaps = (await loadReleaseGaps(db, slug))!;
    const justification = "R7 x U2 is covered by the ad review process until the U2 suite exists.";

    const result = await publishRelease(db, approver, { slug, acceptance: { justification, gaps: gaps.map(describeGap) } });

    if (!result.ok) throw new Error(result.message);
    expect(result.release).toMatchObject({ version: 1, publishedBy: "Ada Approver", justification, acceptedGaps: gaps });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "release.publish" } });
    expect(audit).toMatchObject({ actorLabel: "Ada Approver", entityType: "CardRelease", entityId: result.release.id });
    expect(audit.after).toMatchObject({ version: 1, sha256: result.release.sha256, justification });
  });

  test("writes the approver's justification into the released markdown as text: markup in it makes no heading, table or HTML of the card", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const gaps = (await loadReleaseGaps(db, slug))!;
    const justification = "Covered by ad review <script>alert(1)</script>\n\n## Mitigations for Risks\n\n| R7 | pass |\n|---|---|\n\n---";

    const result = await publishRelease(db, approver, { slug, acceptance: { justification, gaps: gaps.map(describeGap) } });

    if (!result.ok) throw new Error(result.message);
    const tree = parseMarkdown(result.release.markdown);
    const accepted = tree.children.findIndex((node) => node.type === "heading" && plainText(node) === "Accepted gaps");
    const after = tree.children.slice(accepted + 1);
    expect(after.map((node) => node.type)).toEqual(["list", "heading", "paragraph", "paragraph", "paragraph", "paragraph"]);
    expect(after.slice(2).map(plainText)).toEqual([
      "Covered by ad review <script>alert(1)</script>",
      "## Mitigations for Risks",
      "| R7 | pass |\n|---|---|",
      "---",
    ]);
    expect(JSON.stringify(after)).not.toContain('"type":"html"');
    expect(parseCardMarkdown(result.release.markdown, slug).warnings).toContain(
      'section "Accepted gaps" (line 1) is not part of a card and was not read'.replace("line 1", `line ${tree.children[accepted].position!.start.line}`),
    );
  });

  test("an acceptance does not cover a gap that appeared after the approver looked", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const seen = (await loadReleaseGaps(db, slug))!.map(describeGap);
    await markApplicable(db, "R3", "U3", { likelihood: 4, severity: 4 });

    const result = await publishRelease(db, approver, { slug, acceptance: { justification: "Known and tracked.", gaps: seen } });

    expect(result).toMatchObject({ ok: false, kind: "gaps" });
    expect(result.ok || result.message).toContain(cellName("R3", "U3"));
    expect(await db.cardRelease.count()).toBe(0);
  });

  test("an acceptance without a justification is refused as invalid", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);

    const result = await publishRelease(db, approver, { slug, acceptance: { justification: "   ", gaps } });

    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(await db.cardRelease.count()).toBe(0);
  });

  test("a card whose cells are all assessed and whose applicable cells are approved and currently tested publishes without any acceptance, and versions count up", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    await markApplicable(db, "R10", "U4", { likelihood: 3, severity: 5 });
    await readyEveryApplicableCell(db);

    const first = await publishRelease(db, approver, { slug });
    await markApplicable(db, "R1", "U1", { likelihood: 1, severity: 2 });
    await addPassingEvidence(db, "R1", "U1");
    await approve(db, "R1", "U1");
    const second = await publishRelease(db, approver, { slug });

    if (!first.ok || !second.ok) throw new Error("expected both releases to publish");
    expect([first.release.version, second.release.version]).toEqual([1, 2]);
    expect(first.release).toMatchObject({ acceptedGaps: null, justification: null });
    expect((await listReleases(db, slug))!.map((release) => release.version)).toEqual([2, 1]);
  });

  test("a reviewer or a viewer cannot publish, even with a justification", async () => {
    const db = await seededDatabase();
    for (const actor of [reviewer, viewer]) {
      const result = await publishRelease(db, actor, { slug, acceptance: { justification: "Ship it.", gaps: [] } });
      expect(result).toMatchObject({ ok: false, kind: "forbidden" });
    }
    expect(await db.cardRelease.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "release.publish" } })).toBe(0);
  });

  test("publishing for an unknown model is not found", async () => {
    const db = await seededDatabase();
    expect(await publishRelease(db, approver, { slug: "no-such-model" })).toMatchObject({ ok: false, kind: "not_found" });
  });

  test("a model with no use or no risk yet is refused a release, told what it lacks, and nothing is published", async () => {
    const db = await seededDatabase();
    const created = await createModel(db, { id: null, label: "Ann Admin", role: "ADMIN" }, { from: "blank", slug: "blank-model", name: "Blank Model" });
    expect(created.ok).toBe(true);

    const result = await publishRelease(db, approver, { slug: "blank-model" });

    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(result.ok ? "" : result.message).toBe("Blank Model has no use and no risk yet: a card release needs at least one of each");
    expect(await db.cardRelease.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "release.publish" } })).toBe(0);
  });
});
