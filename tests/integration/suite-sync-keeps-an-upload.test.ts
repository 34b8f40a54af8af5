// A reviewer uploaded a new version of U1's suite on the use's page. The next `riskledger campaign`,
// which syncs content/suites before it runs, put the file's version back without a word: the upload's
// title and cases were gone, and the campaign ran the file's. A suite uploaded over its file is now
// left as uploaded, and the sync says so, until the file says the same as the upload.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import { suitesDir } from "../../lib/suites";
import { syncSuiteFolder } from "../../lib/suites/sync-suites";
import { uploadSuite } from "../../lib/suites/upload-suite";
import { campaignDatabase, rita } from "./campaign-fixture";

const slug = defaultModelSlug;
const fileText = readFileSync(path.join(suitesDir, "u1-recommender.yaml"), "utf8");
const UPLOADED_TITLE = "U1 recommender, as the reviewer revised it";

test("a suite uploaded over its content file is not undone by the next sync of the folder, which says so", async () => {
  const { db } = await campaignDatabase();
  const revised = fileText.replace(/^title: .*$/m, `title: "${UPLOADED_TITLE}"`);
  expect(await uploadSuite(db, rita, { modelSlug: slug, fileName: "u1-recommender.yaml", text: revised })).toMatchObject({ ok: true, changed: true });

  const report = await syncSuiteFolder(db, slug);

  const stored = await db.testSuite.findFirstOrThrow({ where: { key: "u1-recommender" }, select: { title: true, origin: true } });
  expect(stored).toEqual({ title: UPLOADED_TITLE, origin: "UPLOAD" });
  expect(report.keptUploads).toEqual([{ key: "u1-recommender", use: "U1" }]);
  expect(report.suites.map((suite) => suite.key)).not.toContain("u1-recommender");
});

test("a suite uploaded as its file says is the file's again at the next sync", async () => {
  const { db } = await campaignDatabase();
  const revised = fileText.replace(/^title: .*$/m, `title: "${UPLOADED_TITLE}"`);
  expect(await uploadSuite(db, rita, { modelSlug: slug, fileName: "u1-recommender.yaml", text: revised })).toMatchObject({ ok: true });
  expect(await uploadSuite(db, rita, { modelSlug: slug, fileName: "u1-recommender.yaml", text: fileText })).toMatchObject({ ok: true });

  const report = await syncSuiteFolder(db, slug);

  expect(report.keptUploads).toEqual([]);
  expect(await db.testSuite.findFirstOrThrow({ where: { key: "u1-recommender" }, select: { origin: true } })).toEqual({ origin: "FILE" });
});
