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
import { approver, readyEveryApplicableCell, seededDatabase, slug } from "./releases-setup";

describe("a release whose JSON today's card schema refuses", () => {
  test("is still compared with another release, and its BOM and .eval_results file are still derived from it", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    const first = await publishRelease(db, approver, { slug });
    if (!first.ok) throw new Error(first.message);

    // As a release published when a risk's title could be longer than the 500 characters allowed today.
    const longTitle = `Toxic and offensive output, ${"and more of the same ".repeat(30)}`.trim();
    expect(riskTitle.safeParse(longTitle).success).toBe(false);
    const stored = await db.cardRelease.findUniqueOrThrow({ where: { id: first.release.id } });
    const snapshot = JSON.parse(stored.json);
    snapshot.card.risks[0].title = longTitle;
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

    const diff = diffReleases((await loadRelease(db, slug, 1))!, (await loadRelease(db, slug, 2))!);
    expect(diff.matrixChanges.map(describeMatrixChange)).toEqual([]);
    const bom = await releaseFile(db, slug, 2, "cdx");
    expect(bom!.body).toContain(longTitle);
    expect((await releaseFile(db, slug, 2, "eval"))!.origin).toBe(DERIVED_AT_DOWNLOAD);
  });
});
