// `campaign run`'s gate reads each cell's verdict as the campaign's page and the matrix do: from the
// interval corrected for its detectors' measured accuracy when that accuracy is known
// (lib/evidence/corrected-figures.ts), else from the raw Wilson interval. It read the raw one only:
// on the tiny model, one case of U1 failing R1 (1 of 1) is a raw "fail" (Wilson 21%-100%, over the
// 10% threshold) and, corrected for the holdout's measured accuracy (8%-100%), "inconclusive": the
// command exited 1 on cells no page showed failing.
import { expect, test } from "vitest";
import { loadCampaignEvidence } from "../../lib/evidence/cell-evidence";
import { runCli } from "../support/run-cli";
import { campaignDatabase } from "./campaign-fixture";

test("`campaign run` exits and reports by the verdict the campaign's page shows, corrected for the detectors' measured accuracy", async () => {
  const { db, url } = await campaignDatabase();
  const run = await runCli("cli/campaign.ts", ["run", "--uses", "U1", "--cases-per-suite", "4", "--max-new-tokens", "8", "--seed", "7", "--json"], url);
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({ status: "COMPLETED", errors: 0 });

  const page = await loadCampaignEvidence(db, report.campaignId);
  // The situation this test is about: cells whose corrected verdict is not their raw one.
  expect(page.filter((cell) => cell.rawVerdict !== cell.verdict).map((cell) => cell.key)).not.toEqual([]);

  const reported = new Map(
    report.cells.map((cell: { riskCode: string; useCode: string; verdict: string }) => [`${cell.riskCode}-${cell.useCode}`, cell.verdict]),
  );
  expect(Object.fromEntries(page.map((cell) => [cell.key, reported.get(cell.key)]))).toEqual(
    Object.fromEntries(page.map((cell) => [cell.key, cell.verdict.toLowerCase()])),
  );
  const failingOnPage = page.filter((cell) => cell.verdict === "FAIL").map((cell) => `${cell.riskCode}x${cell.useCode}`);
  expect(report.failedCells).toEqual(failingOnPage);
  expect({ exitCode: report.exitCode, code: run.code }).toEqual({ exitCode: failingOnPage.length > 0 ? 1 : 0, code: failingOnPage.length > 0 ? 1 : 0 });
});
