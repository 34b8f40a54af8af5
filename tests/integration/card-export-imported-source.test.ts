// Evidence imported from another tool's run (garak here) was not made by the use's Riskledger suite:
// the Hub's model-index and the .eval_results file must name the tool's run as its dataset, never
// the suite, which the run never ran.
import { beforeAll, describe, expect, test } from "vitest";
import YAML from "yaml";
import { defaultModelSlug } from "../../lib/content/paths";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { type LiveCard, loadLiveCard, renderCardBody } from "../../lib/releases/card-export";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { campaignDatabase, rita } from "./campaign-fixture";

let live: LiveCard;

beforeAll(async () => {
  const { db } = await campaignDatabase();
  expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/garak/quack.report.jsonl` })).toMatchObject({
    ok: true,
    imported: true,
  });
  live = (await loadLiveCard(db, defaultModelSlug))!;
  expect(live.snapshot.evidence.cells.length).toBeGreaterThan(0);
});

describe("exporting evidence imported from a garak run", () => {
  test("names the garak run as the dataset in the model-index and the .eval_results file, not a Riskledger suite", async () => {
    const markdown = await renderCardBody(live.snapshot, "md");
    const frontMatter = YAML.parse(markdown.slice(4, markdown.indexOf("\n---\n")));
    const results = frontMatter["model-index"].at(-1).results as { dataset: { type: string; name: string } }[];
    for (const { dataset } of results) {
      expect(dataset.type).toBe("garak");
      expect(dataset.name).toMatch(/^imported from garak .*: quack\.report\.jsonl/);
    }
    const evalResults = YAML.parse(await renderCardBody(live.snapshot, "eval")) as { dataset: { id: string } }[];
    for (const entry of evalResults) expect(entry.dataset.id).toBe("garak");
    expect(live.snapshot.evidence.cells.every((row) => row.suite === null)).toBe(true);
  });
});
