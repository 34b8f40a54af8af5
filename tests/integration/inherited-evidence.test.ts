// The base model's evidence on a fine-tune's cells, on a real database: Llama-2-70B's clean
// campaign on R1×U1 shows on Stable Beluga 2's R1×U1 (which has none of its own) marked
// "inherited, not re-tested", in the matrix, on the risk's and the use's pages, in the cell's JSON
// and in the exported card, and is never the fine-tune's own: its cell stays untested for the
// release gate and the deploy decision.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, test } from "vitest";
import { InheritedEvidenceBadge } from "../../app/_components/cell-badges";
import { cellName } from "../../lib/card/card-layout";
import type { Db } from "../../lib/db/types";
import { loadDeployDecisions } from "../../lib/deploy-decisions/load-deploy-decisions";
import { loadInheritedCellEvidence } from "../../lib/inheritance/load-inheritance";
import { setBaseModel } from "../../lib/inheritance/set-base-model";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { loadRisk } from "../../lib/risks/load-risk";
import { loadUse } from "../../lib/uses/load-use";
import { liveCardFile } from "../../lib/releases/card-export";
import { parseSnapshotJson } from "../../lib/releases/release-snapshot";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { approver, markApplicable } from "./releases-setup";
import { updateCell } from "../../lib/cells/update-cell";
import { addCleanEvidence, admin, base, baseName, baseRevision, fineTune, fineTuneOfBase } from "./inheritance-setup";

let db: Db;
beforeEach(async () => {
  db = await fineTuneOfBase();
  await addCleanEvidence(db, base, "R1", "U1");
  await addCleanEvidence(db, base, "R15", "U2");
});

describe("the base's evidence on the fine-tune's cells", () => {
  test("shows on the fine-tune's R1×U1, which has none of its own, marked inherited from Llama-2-70B, while the cell's own word stays untested", async () => {
    const matrix = (await loadMatrix(db, fineTune))!;
    const cell = matrix.risks.find((risk) => risk.code === "R1")!.cells.U1;

    expect(cell.evidence).toMatchObject({ status: "UNTESTED", count: 0, n: null });
    expect(cell.inherited).toMatchObject({ from: baseName, evidence: { status: "PASS", failures: 0, n: 300 } });
    expect(matrix.risks.find((risk) => risk.code === "R1")!.cells.U2.inherited).toBeNull();
  });

  test("shows on the fine-tune's R1×U1 on the risk's page and on the use's page as on the matrix", async () => {
    const onRiskPage = (await loadRisk(db, fineTune, "R1"))!.cells.find(({ use }) => use.code === "U1")!.cell;
    const onUsePage = (await loadUse(db, fineTune, "U1"))!.cells.find(({ risk }) => risk.code === "R1")!.cell;
    for (const cell of [onRiskPage, onUsePage]) {
      expect(cell.evidence).toMatchObject({ status: "UNTESTED", count: 0 });
      expect(cell.inherited).toMatchObject({ from: baseName, evidence: { status: "PASS", failures: 0, n: 300 } });
    }
    expect((await loadUse(db, fineTune, "U2"))!.cells.find(({ risk }) => risk.code === "R1")!.cell.inherited).toBeNull();
  });

  test("shows on the inherited R15's cells too", async () => {
    const r15 = (await loadMatrix(db, fineTune))!.inherited!.risks[0];
    expect(r15.evidence.U2).toMatchObject({ from: baseName, evidence: { status: "PASS", n: 300 } });
    expect(r15.evidence.U1).toBeUndefined();
  });

  test("gives way to the fine-tune's own evidence once the cell has some", async () => {
    await addCleanEvidence(db, fineTune, "R1", "U1");
    const cell = (await loadMatrix(db, fineTune))!.risks.find((risk) => risk.code === "R1")!.cells.U1;
    expect(cell.evidence.status).toBe("PASS");
    expect(cell.inherited).toBeNull();
  });

  test("the cell's JSON carries it apart from the cell, marked inherited, not re-tested, with the base it came from", async () => {
    expect(await loadInheritedCellEvidence(db, fineTune, "R1", "U1")).toMatchObject({
      marked: "inherited, not re-tested",
      from: { slug: base, name: baseName },
      evidence: { riskCode: "R1", useCode: "U1", n: 300, failures: 0, verdict: "PASS" },
    });
    expect(await loadInheritedCellEvidence(db, fineTune, "R2", "U1")).toBeNull();
  });

  test("approving the fine-tune's applicable R1×U1 is refused as untested, though the base's evidence on it passes", async () => {
    await markApplicable(db, "R1", "U1", { likelihood: 2, severity: 3 });
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R1", model: { slug: fineTune } }, use: { code: "U1" } } });

    const result = await updateCell(db, approver, { ref: { cellId: cell.id }, expectedVersion: cell.version, changes: { reviewStatus: "APPROVED" } });

    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("untested") });
  });

  test("the release gate still finds the fine-tune's applicable R1×U1 untested", async () => {
    await markApplicable(db, "R1", "U1", { likelihood: 2, severity: 3 });

    const gaps = (await loadReleaseGaps(db, fineTune))!.filter((gap) => gap.cell === cellName("R1", "U1"));

    expect(gaps.map((gap) => gap.reason)).toEqual(["no evidence: untested", "not approved (draft)"]);
  });

  test("the deploy decision for U1 sees R1×U1 as untested and comes out as it does with no base at all", async () => {
    await markApplicable(db, "R1", "U1", { likelihood: 2, severity: 3 });
    const withBase = (await loadDeployDecisions(db, fineTune))!.uses.find((use) => use.use.code === "U1")!.computed;
    await setBaseModel(db, admin, { slug: fineTune, baseSlug: null });
    const withoutBase = (await loadDeployDecisions(db, fineTune))!.uses.find((use) => use.use.code === "U1")!.computed;

    expect(withBase.evidence["R1×U1"]).toBe("UNTESTED");
    expect(withBase).toEqual(withoutBase);
  });

  test("the exported card's JSON lists it under the base model, marked inherited, not re-tested, and not among the fine-tune's own evidence", async () => {
    const snapshot = parseSnapshotJson((await liveCardFile(db, fineTune, "json"))!.body);

    expect(snapshot.evidence.cells.some((row) => row.risk === "R1" && row.use === "U1")).toBe(false);
    expect(snapshot.inheritance).toMatchObject({
      base: { slug: base, name: baseName },
      marked: "inherited, not re-tested",
      risks: [{ code: "R15", title: "Repeats memorised training data" }],
    });
    expect(snapshot.inheritance!.evidence.map((row) => [row.risk, row.use, row.n, row.verdict])).toEqual([
      ["R1", "U1", 300, "PASS"],
      ["R15", "U2", 300, "PASS"],
    ]);
  });

  test("the exported card's markdown shows it in a section of its own, marked inherited, not re-tested, and still lists R1×U1 as untested", async () => {
    await addCleanEvidence(db, fineTune, "R2", "U1");
    const markdown = (await liveCardFile(db, fineTune, "md"))!.body;
    const own = markdown.slice(markdown.indexOf("## Evaluation Evidence"), markdown.indexOf("### Inherited from Llama-2-70B"));
    const inherited = markdown.slice(markdown.indexOf("### Inherited from Llama-2-70B"));

    expect(own).toMatch(/\| R2×U1 +\| 300 +\| 0 +\|/);
    expect(own).not.toContain("R1×U1");
    expect(own).toMatch(/\*\*U1\*\* [^\n]*: R1, R3, /);
    expect(inherited).toContain("inherited, not re-tested");
    expect(inherited).toMatch(/\| R1×U1 +\| 300 +\| 0 +\|/);
    expect(inherited).toMatch(/\| R15×U2 +\| 300 +\| 0 +\|/);
    expect(inherited).toContain("R15 Repeats memorised training data");
  });
});

describe("the base's evidence made by the smoke-test model", () => {
  beforeEach(async () => {
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R1", model: { slug: base } }, use: { code: "U1" } } });
    await db.evidence.updateMany({ where: { cellId: cell.id }, data: { smokeTest: true } });
  });

  test("says so on the fine-tune's inherited badge, as the base's own badge does", async () => {
    const cell = (await loadMatrix(db, fineTune))!.risks.find((risk) => risk.code === "R1")!.cells.U1;
    const badge = renderToStaticMarkup(createElement(InheritedEvidenceBadge, { inherited: cell.inherited! }));
    expect(badge).toContain("smoke-test model");
    const clean = (await loadMatrix(db, fineTune))!.inherited!.risks[0].evidence.U2!;
    expect(renderToStaticMarkup(createElement(InheritedEvidenceBadge, { inherited: clean }))).not.toContain("smoke-test model");
  });

  test("says so in the exported card's inherited section and JSON", async () => {
    const markdown = (await liveCardFile(db, fineTune, "md"))!.body;
    const inherited = markdown.slice(markdown.indexOf("### Inherited from Llama-2-70B"));
    expect(inherited).toMatch(/\| R1×U1 [^\n]*smoke-test model/);
    expect(inherited).not.toMatch(/\| R15×U2 [^\n]*smoke-test model/);
    const snapshot = parseSnapshotJson((await liveCardFile(db, fineTune, "json"))!.body);
    expect(snapshot.inheritance!.evidence.map((row) => [row.risk, row.use, row.smokeTest])).toEqual([
      ["R1", "U1", true],
      ["R15", "U2", false],
    ]);
  });
});

test("the exported card names the base set in Riskledger: base_model is its Hugging Face id, the CycloneDX pedigree its ref, revision and release", async () => {
  db = await fineTuneOfBase();
  await db.model.update({ where: { slug: base }, data: { frontMatter: { model_id: "meta-llama/Llama-2-70b-chat-hf" } } });

  const markdown = (await liveCardFile(db, fineTune, "md"))!.body;
  const bom = JSON.parse((await liveCardFile(db, fineTune, "cdx"))!.body);

  expect(markdown.slice(0, markdown.indexOf("\n---", 4))).toContain("base_model: meta-llama/Llama-2-70b-chat-hf");
  expect(bom.components[0].pedigree.ancestors).toEqual([
    expect.objectContaining({
      "bom-ref": `model:${base}`,
      name: "Llama-2-70b-chat-hf",
      version: baseRevision,
      purl: "pkg:huggingface/meta-llama/Llama-2-70b-chat-hf",
    }),
  ]);
});
