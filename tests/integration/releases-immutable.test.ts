import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { loadRelease } from "../../lib/releases/load-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { releaseFile } from "../../lib/releases/release-file";
import { addPassingEvidence, approve, approver, markApplicable, seededDatabase, slug } from "./releases-setup";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("a published release is immutable", () => {
  test("its markdown, JSON and sha256 stay byte for byte the same after the cells change and a later release is published", async () => {
    const db = await seededDatabase();
    const first = await publishRelease(db, approver, { slug });
    if (!first.ok) throw new Error(first.message);
    const published = await loadRelease(db, slug, 1);
    expect(published!.sha256).toBe(sha256(published!.markdown));

    await markApplicable(db, "R7", "U2", { likelihood: 4, severity: 4 });
    await addPassingEvidence(db, "R7", "U2");
    await approve(db, "R7", "U2");
    await db.model.update({ where: { slug }, data: { name: "Stable Beluga 2 (renamed)" } });
    const second = await publishRelease(db, approver, { slug });
    if (!second.ok) throw new Error(second.message);

    const reloaded = await loadRelease(db, slug, 1);
    expect(Buffer.from(reloaded!.markdown)).toEqual(Buffer.from(published!.markdown));
    expect(reloaded!.json).toBe(published!.json);
    expect(reloaded!.sha256).toBe(published!.sha256);
    expect(sha256(reloaded!.markdown)).toBe(published!.sha256);
    expect(second.release.sha256).not.toBe(published!.sha256);
    expect(second.release.markdown).toContain("# Stable Beluga 2 (renamed)");
    expect(second.release.markdown).toContain("R7 is a real risk for U2.");
    expect(reloaded!.markdown).not.toContain("(renamed)");
    expect(reloaded!.markdown).not.toContain("R7 is a real risk for U2.");
  });

  test("a release's markdown download is the stored bytes, not a new rendering of the live card", async () => {
    const db = await seededDatabase();
    const result = await publishRelease(db, approver, { slug });
    if (!result.ok) throw new Error(result.message);
    await db.model.update({ where: { slug }, data: { name: "Renamed after publishing" } });

    const file = await releaseFile(db, slug, 1, "md");

    expect(file).toMatchObject({ body: result.release.markdown, filename: `${slug}-card-v1.md` });
    expect(sha256(file!.body)).toBe(result.release.sha256);
  });
});
