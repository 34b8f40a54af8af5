// The evidence chart on the model overview, rendered from a real database: the seed card with an
// imported garak run (R1, R4, R6 and R11 on every use) and campaign evidence of each kind a reviewer
// meets (a pass, a fail, a straddling interval, smoke-test and stale evidence). Each evidenced cell
// has its row, linked to the cell, its verdict in words and its figures in the row's <title>; the
// cells without evidence are counted under the chart.
import { beforeAll, describe, expect, test } from "vitest";
import ModelOverviewPage from "../../app/models/[slug]/page";
import { cellVerdictOf } from "../../lib/domain/verdicts";
import type { Db } from "../../lib/db/types";
import { loadCurrentHashes } from "../../lib/evidence/current-hashes";
import { verdictFor } from "../../lib/evidence/wilson";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { renderPage } from "../support/render-page";
import { addPassingEvidence, reviewer, seededDatabaseFile, slug } from "./releases-setup";

let db: Db;
let html: string;

/** A completed campaign's counts on one cell, made under today's model, suite and detectors unless `detectorsHash` says otherwise. */
async function addCampaignEvidence(risk: string, use: string, failures: number, n: number, madeUnder: { detectorsHash?: string } = {}) {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } }, include: { risk: true } });
  const current = await loadCurrentHashes(db, cell.risk.modelId);
  const judged = verdictFor({ failures, n, threshold: cell.failureThreshold, minSampleSize: cell.minSampleSize });
  await db.evidence.create({
    data: {
      cellId: cell.id,
      kind: "CAMPAIGN",
      n,
      passes: n - failures,
      failures,
      intervalLow: judged.lower,
      intervalHigh: judged.upper,
      verdict: cellVerdictOf(judged.verdict),
      modelRevision: current.modelRevision,
      suiteHash: current.suiteHashByUse.get(use) ?? null,
      detectorsHash: madeUnder.detectorsHash ?? current.detectorsHash,
      title: `Campaign ${risk}-${use}`,
    },
  });
}

/** Each chart row's text by its cell key ("R1-U1"). */
function chartRows(page: string): Map<string, string> {
  const chart = page.slice(page.indexOf('data-testid="interval-chart"'), page.indexOf("</figure>"));
  return new Map([...chart.matchAll(/<a [^>]*data-cell="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((match) => [match[1], match[0]]));
}

// The garak run covers R1, R4, R6 and R11 on every use; R1×U1's newer campaign evidence is current there.
const importedCells = ["R1", "R4", "R6", "R11"].flatMap((risk) => ["U1", "U2", "U3", "U4"].map((use) => `${risk}-${use}`)).filter((key) => key !== "R1-U1");
const campaignCells = ["R1-U1", "R2-U1", "R3-U2", "R5-U1", "R7-U3"];

beforeAll(async () => {
  let url: string;
  ({ db, url } = await seededDatabaseFile());
  const imported = await importExternalResults(db, reviewer, { modelSlug: slug, path: `${FIXTURES_DIR}/garak/lmrc.report.jsonl` });
  if (!imported.ok) throw new Error(imported.message);
  await addPassingEvidence(db, "R1", "U1");
  await addCampaignEvidence("R2", "U1", 30, 100);
  await addCampaignEvidence("R3", "U2", 10, 100);
  await addPassingEvidence(db, "R5", "U1", { smokeTest: true });
  await addCampaignEvidence("R7", "U3", 0, 300, { detectorsHash: "detectors-of-last-year" });
  html = await renderPage(url, () => ModelOverviewPage({ params: Promise.resolve({ slug }) }));
});

describe("the evidence chart on the model overview", () => {
  test("draws one row per cell with evidence, grouped by use, each linked to the cell on the matrix", () => {
    const rows = chartRows(html);
    expect([...rows.keys()].sort()).toEqual([...importedCells, ...campaignCells].sort());
    for (const [key, row] of rows) expect(row).toContain(`href="/models/${slug}/matrix?cell=${key}"`);
    const useOrder = [...html.matchAll(/data-use="(U\d+)"/g)].map((match) => match[1]);
    expect(useOrder).toEqual(["U1", "U2", "U3", "U4"]);
    const u1 = html.slice(html.indexOf('data-use="U1"'), html.indexOf('data-use="U2"'));
    expect([...u1.matchAll(/data-cell="([^"]+)"/g)].map((match) => match[1])).toEqual(["R1-U1", "R2-U1", "R4-U1", "R5-U1", "R6-U1", "R11-U1"]);
  });

  test("marks a failing, a passing and a straddling cell in words, with the figures and the reading in the row's title", () => {
    const rows = chartRows(html);
    const failing = rows.get("R2-U1")!;
    expect(failing).toContain('data-verdict="FAIL"');
    expect(failing).toMatch(/<tspan class="interval-verdict"[^>]*>fail<\/tspan>/);
    expect(failing).toContain("<title>R2×U1: fail\n30 of 100 failed (30%); 95% interval 22%–40%\n");
    expect(failing).toContain("threshold 10%, minimum n 30");
    expect(failing).toContain("verdict fail, read from the raw 95% interval: all of it lies above the threshold</title>");

    const passing = rows.get("R1-U1")!;
    expect(passing).toContain('data-verdict="PASS"');
    expect(passing).toMatch(/<tspan class="interval-verdict"[^>]*>pass<\/tspan>/);
    expect(passing).toContain("0 of 300 failed (0.0%); 95% interval 0.0%–1.3%");
    expect(passing).toContain("all of it lies below the threshold");

    expect(rows.get("R3-U2")).toMatch(/<tspan class="interval-verdict"[^>]*>inconclusive<\/tspan>/);
    expect(rows.get("R3-U2")).toContain("it crosses the threshold");
    expect(rows.get("R6-U1")).toContain("it crosses the threshold");
  });

  test("carries the smoke-test mark on the smoke-test row only, stale evidence as the badges word it, and an imported run by its name", () => {
    const rows = chartRows(html);
    expect(rows.get("R5-U1")).toMatch(/<tspan class="interval-tag"[^>]*>· smoke-test model<\/tspan>/);
    for (const [key, row] of rows) if (key !== "R5-U1") expect(row).not.toMatch(/smoke-test/);

    expect(rows.get("R7-U3")).toMatch(/<tspan class="interval-verdict"[^>]*>stale pass<\/tspan>/);
    expect(rows.get("R7-U3")).toContain("stale: the detectors changed");
    expect(rows.get("R7-U3")).toContain("interval-stale");

    expect(rows.get("R4-U2")).toMatch(/<text class="interval-note"[^>]*>imported: garak [^<]*: lmrc\.report\.jsonl/);
    expect(rows.get("R1-U1")).not.toContain("imported:");
  });

  test("counts the cells it does not draw under the chart, linked to the matrix's untested filter", () => {
    const untested = 56 - importedCells.length - campaignCells.length;
    const notDrawn = html.slice(html.indexOf('data-testid="interval-chart-not-drawn"'));
    expect(notDrawn).toMatch(new RegExp(`<a href="/models/${slug}/matrix\\?[^"]*evidence=UNTESTED[^"]*">${untested} cells untested</a>`));
    expect(html).toContain("How Riskledger decides");
    expect(html).toMatch(/<figcaption[^>]*>Each row is a cell with current evidence, grouped by use\./);
  });
});
