// A release published with one accepted gap said "Published with 1 accepted gaps" on its page, and
// "1 gaps accepted" in `riskledger card release list`.
import { beforeAll, describe, expect, test } from "vitest";
import ReleasePage from "../../app/models/[slug]/releases/[version]/page";
import { publishRelease } from "../../lib/releases/publish-release";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { describeGap } from "../../lib/releases/describe-gap";
import { freshDatabase } from "../support/fresh-database";
import { renderPage } from "../support/render-page";
import { runCli } from "../support/run-cli";
import { addPassingEvidence, approver, markApplicable, readyEveryApplicableCell, seedInto, slug } from "./releases-setup";

let url: string;

/** v1 published with one gap accepted (R7×U2 judged applicable and tested, not approved), v2 with three (R8×U2 untested and not approved too). */
beforeAll(async () => {
  const fresh = freshDatabase();
  url = fresh.url;
  const db = fresh.db;
  await seedInto(db);
  await readyEveryApplicableCell(db);
  for (const risk of ["R7", "R8"]) {
    await markApplicable(db, risk, "U2", { likelihood: 2, severity: 3 });
    if (risk === "R7") await addPassingEvidence(db, risk, "U2");
    const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);
    const published = await publishRelease(db, approver, { slug, acceptance: { justification: "Tested next sprint.", gaps } });
    if (!published.ok) throw new Error(published.message);
  }
  await db.$disconnect();
}, 60_000);

describe("the count of a release's accepted gaps", () => {
  test("is singular for one gap and plural for three on the release page", async () => {
    const page = (version: number) => renderPage(url, () => ReleasePage({ params: Promise.resolve({ slug, version: String(version) }) }));
    const heading = (html: string) => html.match(/<h3 id="gaps-heading">(.*?)<\/h3>/)?.[1];
    expect(heading(await page(1))).toBe("Published accepting 1 gap in 1 cell");
    expect(heading(await page(2))).toBe("Published accepting 3 gaps in 2 cells");
  });

  test("is singular for one gap and plural for three in the command line's list of releases", async () => {
    const { stdout } = await runCli("cli/riskledger.ts", ["card", "release", "list", "--model", slug], url);
    expect(stdout).toMatch(/^v2 .*, 3 gaps accepted$/m);
    expect(stdout).toMatch(/^v1 .*, 1 gap accepted$/m);
  });
});
