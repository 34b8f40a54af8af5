// A case the tool reports as errored (an Inspect sample with an error) was neither passed nor
// failed: it is not part of n. The cell's evidence and the exported card still say how many cases
// errored, so a cell is never read as backed by more cases than actually ran.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { CellEvidenceBadge, evidenceFigures } from "../../app/_components/cell-evidence-badge";
import { defaultModelSlug } from "../../lib/content/paths";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { liveCardFile } from "../../lib/releases/card-export";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { EvidenceBadge } from "../../app/_components/cell-badges";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { confirmImportedOverride, overrideImportedResult } from "../../lib/imports/override-imported-result";
import { campaignDatabase, rita, twoReviewers } from "./campaign-fixture";

/** The Inspect security-guide log (3 samples scored C, task mapped to R2) with its first sample errored. */
function logWithAnErroredSample(): string {
  const log = JSON.parse(readFileSync(`${FIXTURES_DIR}/inspect/2025-05-12T20-28-26-04-00_security-guide.json`, "utf8"));
  log.samples[0].error = { message: "RateLimitError: 429 Too Many Requests", traceback: "", traceback_ansi: "" };
  log.samples[0].scores = {};
  const file = path.join(mkdtempSync(path.join(tmpdir(), "errored-")), "security-guide-errored.json");
  writeFileSync(file, JSON.stringify(log));
  return file;
}

/** The same log with every sample errored: the tool judged none of them. */
function logWithEverySampleErrored(): string {
  const log = JSON.parse(readFileSync(`${FIXTURES_DIR}/inspect/2025-05-12T20-28-26-04-00_security-guide.json`, "utf8"));
  for (const sample of log.samples) {
    sample.error = { message: "RateLimitError: 429 Too Many Requests", traceback: "", traceback_ansi: "" };
    sample.scores = {};
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), "errored-")), "security-guide-all-errored.json");
  writeFileSync(file, JSON.stringify(log));
  return file;
}

describe("an imported run with a case that errored", () => {
  it("counts it apart from n on the cell's evidence, and says so in the card and its CycloneDX", async () => {
    const { db } = await campaignDatabase();
    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: logWithAnErroredSample(), uses: ["U1"] });
    expect(outcome).toMatchObject({ ok: true, imported: true, preview: { verdicts: { PASS: 2, ERROR: 1 } } });

    const evidence = (await loadModelEvidence(db, defaultModelSlug)).cells["R2-U1"];
    expect(evidence).toMatchObject({ n: 2, passes: 2, failures: 0, errors: 1 });
    // The matrix's badge and its figures say it too.
    expect(renderToStaticMarkup(createElement(CellEvidenceBadge, { evidence }))).toContain(" · 1 errored");
    expect(evidenceFigures(evidence)).toContain("1 case errored, not part of n");
    const card = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(card).toContain("**R2×U1**: 1 case errored and is not part of n = 2");
    const cyclonedx = (await liveCardFile(db, defaultModelSlug, "cdx"))!.body;
    expect(cyclonedx).toContain("erroredCases=1;");
    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    expect(JSON.stringify(json)).toContain('"errors":1');
    await db.$disconnect();
  });

  it("records a cell whose every case errored as evidence that backs nothing (n = 0, the errors counted), untested to every gate, and says so in the card", async () => {
    const { db } = await campaignDatabase();
    await db.cell.updateMany({ where: { risk: { code: "R2" }, use: { code: "U1" } }, data: { applies: "YES" } });
    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: logWithEverySampleErrored(), uses: ["U1"] });
    expect(outcome).toMatchObject({ ok: true, imported: true, evidenceRows: 1, preview: { verdicts: { PASS: 0, ERROR: 3 } } });
    expect(
      await db.evidence.findMany({ where: { importId: { not: null } }, select: { n: true, passes: true, failures: true, errors: true, verdict: true } }),
    ).toEqual([{ n: 0, passes: 0, failures: 0, errors: 3, verdict: "UNTESTED" }]);

    // Never the cell's current evidence, so never a pass: the cell is untested wherever a gate looks.
    const evidence = await loadModelEvidence(db, defaultModelSlug);
    expect(evidence.cells["R2-U1"]).toBeUndefined();
    expect(evidence.erroredOnly["R2-U1"]).toMatchObject({ n: 0, errors: 3, verdict: "UNTESTED" });
    expect(await loadReleaseGaps(db, defaultModelSlug)).toContainEqual(expect.objectContaining({ cell: "R2×U1", reason: "no evidence: untested" }));

    // The matrix shows the cell untested, with the errored run beside it.
    const matrixCell = (await loadMatrix(db, defaultModelSlug))!.risks.find((risk) => risk.code === "R2")!.cells.U1;
    expect(matrixCell.evidence).toMatchObject({ status: "UNTESTED", erroredOnly: { errors: 3 } });
    const badge = renderToStaticMarkup(createElement(EvidenceBadge, { evidence: matrixCell.evidence }));
    expect(badge).toContain("untested · 3 errored");
    expect(badge).toContain("every case errored: imported from inspect");

    // The card says what the run left behind rather than nothing.
    const card = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(card).toContain(
      '**R2×U1**: untested: all 3 cases of imported from inspect 0.3.95.dev16+g6527d0861: security-guide-all-errored.json (the file says it tested "openai/gpt-4o-mini", not this model; no model revision declared: taken as the model\'s revision at import) errored, none judged',
    );
    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    expect(json.evidence.erroredOnly).toEqual([expect.objectContaining({ risk: "R2", use: "U1", errors: 3 })]);
    // So do its CycloneDX (a property beside the cell, no metric) and its .eval_results file (a comment, no entry).
    const bom = JSON.parse((await liveCardFile(db, defaultModelSlug, "cdx"))!.body);
    expect(bom.components[0].modelCard.properties).toContainEqual({
      name: "riskledger:cell:R2:U1:erroredOnly",
      value: expect.stringMatching(/^untested: all 3 cases of imported from inspect .* errored, none judged \(2025-05-1\d\)$/),
    });
    expect(bom.components[0].modelCard.quantitativeAnalysis).toBeUndefined();
    const evalResults = (await liveCardFile(db, defaultModelSlug, "eval"))!.body;
    expect(evalResults).toMatch(/^# R2×U1: untested: all 3 cases of imported from inspect .* errored, none judged \(2025-05-1\d\)$/m);
    expect(YAML.parse(evalResults)).toEqual([]);
    await db.$disconnect();
  });

  it("counts a confirmed override of one of those errored cases in the cell, as it would in any cell with evidence", async () => {
    const { db } = await campaignDatabase();
    await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: logWithEverySampleErrored(), uses: ["U1"] });
    const { proposer, confirmer } = await twoReviewers(db);
    const errored = await db.externalResult.findFirstOrThrow({ where: { verdict: "ERROR" } });
    await overrideImportedResult(db, proposer, { resultId: errored.id, verdict: "FAIL", reason: "the answer it gave before the error was harmful" });
    await confirmImportedOverride(db, confirmer, { resultId: errored.id });
    const evidence = await loadModelEvidence(db, defaultModelSlug);
    expect(evidence.cells["R2-U1"]).toMatchObject({ n: 1, failures: 1, errors: 2, overrides: 1 });
    expect(evidence.erroredOnly["R2-U1"]).toBeUndefined();
    await db.$disconnect();
  });
});
