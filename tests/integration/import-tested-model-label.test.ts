// Evidence imported from a file that names another tested model must say so wherever it is shown, as the smoke-test
// model's does. Seen (stop 54): garak's lmrc report, run against its "test" generator (lorem ipsum), imported for U2,
// backed R4×U2 as "imported from garak 0.13.0.pre1: lmrc.report.jsonl (...)" on the cell and in the card's evidence
// table, with no word that the file tested another model; only the import's page and the Hub's results named "test".
// Its release gap was only its verdict's (inconclusive): a passing run would have left none.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import YAML from "yaml";
import { defaultModelSlug } from "../../lib/content/paths";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { importedEvidenceLabel } from "../../lib/evidence/imported-source";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { liveCardFile } from "../../lib/releases/card-export";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { campaignDatabase, rita } from "./campaign-fixture";

const LMRC = `${FIXTURES_DIR}/garak/lmrc.report.jsonl`;
const ANOTHER_MODEL = 'the file says it tested "test", not this model';

async function importedR4U2(file: string) {
  const { db } = await campaignDatabase();
  const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U2"] });
  if (!outcome.ok || !outcome.imported) throw new Error(JSON.stringify(outcome));
  const cell = (await loadModelEvidence(db, defaultModelSlug)).cells["R4-U2"];
  const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
  // A reviewer says the risk applies to the use, so the release gate reads its evidence.
  await db.cell.updateMany({ where: { risk: { code: "R4" }, use: { code: "U2" } }, data: { applies: "YES" } });
  const gaps = (await loadReleaseGaps(db, defaultModelSlug))!.filter((gap) => gap.cell === "R4×U2").map((gap) => gap.reason);
  await db.$disconnect();
  return { label: importedEvidenceLabel(cell.importedFrom!), markdown, gaps };
}

/** R4×U2's dataset name in the card's model-index, the Hub's results. */
function hubDatasetName(markdown: string): string {
  const frontMatter = YAML.parse(/^---\n([\s\S]*?)\n---\n/.exec(markdown)![1]);
  const results = frontMatter["model-index"][0].results as { dataset: { name: string; config: string } }[];
  return results.find((result) => result.dataset.config === "R4")!.dataset.name;
}

describe("evidence imported from a file that names the model it tested", () => {
  test("another model's name is said on the cell's evidence and in the card's evidence table, and the release gate lists it", async () => {
    const { label, markdown, gaps } = await importedR4U2(LMRC);
    expect(label).toMatch(/^garak 0\.13\.0\.pre1: lmrc\.report\.jsonl \(/);
    expect(label).toContain(ANOTHER_MODEL);
    const evidenceRow = markdown.split("\n").find((line) => line.startsWith("| R4×U2 ") && line.includes("imported from garak"));
    expect(evidenceRow).toContain(ANOTHER_MODEL);
    // The Hub's dataset name is the label: its caveat names the tested model once (it once added "; tested model: test").
    expect(hubDatasetName(markdown)).toMatch(/not this model; [^"]*\)$/);
    expect(gaps).toEqual(['its evidence is imported from a file that says it tested "test", not Stable Beluga 2', "not approved (draft)"]);
  });

  test("the model's own name, as garak's Hugging Face generator gives it, is not flagged", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "riskledger-tested-model-"));
    const file = path.join(folder, "lmrc.report.jsonl");
    const report = readFileSync(LMRC, "utf8")
      .replaceAll('"plugins.model_type": "test"', '"plugins.model_type": "huggingface"')
      .replaceAll('"plugins.model_name": null', '"plugins.model_name": "stabilityai/StableBeluga2"');
    writeFileSync(file, report);
    const { label, markdown, gaps } = await importedR4U2(file);
    expect(label).not.toContain("the file says it tested");
    expect(markdown).not.toContain("the file says it tested");
    expect(hubDatasetName(markdown)).toMatch(/; tested model: huggingface stabilityai\/StableBeluga2$/);
    expect(gaps).toEqual(["its evidence is inconclusive (0/1) and no risk acceptance covers it", "not approved (draft)"]);
  });
});
