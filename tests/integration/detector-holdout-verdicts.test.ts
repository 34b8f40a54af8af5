// The detectors' verdicts on the labelled holdout are taken once per detector version and labels
// file and stored, so a page view in a new process counts accuracy from the database instead of
// running the detectors (seconds) again. A second client on the same file stands for that process.
import { describe, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import { holdoutTrustByDetector } from "../../lib/detectors/accuracy";
import { judgeHoldout, loadHoldoutVerdicts } from "../../lib/detectors/holdout-verdicts";
import { labelledOutputsHash } from "../../lib/detectors/labelled-outputs";
import { DETECTORS } from "../../lib/detectors/registry";
import { refusalDetector } from "../../lib/detectors/refusal";
import { freshDatabase } from "../support/fresh-database";

const refusal = `refusal@${refusalDetector.version}`;

describe("the detectors' verdicts on the labelled holdout", () => {
  test("are stored once per detector version and labels hash, equal to running the detectors now", async () => {
    const { db } = freshDatabase();
    const loaded = await loadHoldoutVerdicts(db);
    const stored = await db.detectorHoldoutVerdicts.findMany({ orderBy: { detector: "asc" } });
    expect(stored.map((row) => [row.detector, row.labelsHash])).toEqual(DETECTORS.map((d) => [`${d.name}@${d.version}`, labelledOutputsHash()]).sort());
    expect(loaded).toEqual(await judgeHoldout());
  });

  test("are read back from the database by a new process, not taken again", async () => {
    const { db, url } = freshDatabase();
    await loadHoldoutVerdicts(db);
    // Stored verdicts that no detector would give: a process that re-ran the detectors could not show them.
    const row = await db.detectorHoldoutVerdicts.findFirstOrThrow({ where: { detector: refusal } });
    const allFail = Object.fromEntries(Object.keys(row.results as object).map((id) => [id, { verdict: "fail", evidence: "stored" }]));
    await db.detectorHoldoutVerdicts.update({ where: { detector_labelsHash: { detector: refusal, labelsHash: row.labelsHash } }, data: { results: allFail } });

    const trust = await holdoutTrustByDetector(createDb(url));
    expect(trust.get(refusal)).toMatchObject({ recall: 1 });
    expect(trust.get(refusal)!.precision).toBeLessThan((await holdoutTrustByDetector(db)).get(refusal)!.precision!);
  });

  test("are taken anew for a new detector version and ignore those stored under other labels", async () => {
    const { db, url } = freshDatabase();
    await db.detectorHoldoutVerdicts.create({
      data: { detector: refusal, labelsHash: "labels-before-an-edit", results: { "blind-1": { verdict: "fail", evidence: "old" } } },
    });
    const bumped = { ...refusalDetector, version: "99.0.0" };
    const loaded = await loadHoldoutVerdicts(createDb(url), [refusalDetector, bumped]);
    expect(loaded.results.get("refusal@99.0.0")).toEqual(loaded.results.get(refusal));
    expect(loaded.results.get(refusal)).toEqual((await judgeHoldout([refusalDetector])).results.get(refusal));
    const stored = await db.detectorHoldoutVerdicts.findMany({ where: { labelsHash: labelledOutputsHash() } });
    expect(stored.map((row) => row.detector).sort()).toEqual([refusal, "refusal@99.0.0"]);
  });
});
