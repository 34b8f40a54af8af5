// The model overview after a switch from the generated tiny model to a real checkpoint: smoke-test
// evidence still current on some cells is counted and flagged, not only the model's own checkpoint.
import { describe, expect, test } from "vitest";
import ModelOverviewPage from "../../app/models/[slug]/page";
import { loadModelOverview } from "../../lib/models/load-model-overview";
import { renderPage } from "../support/render-page";
import { addPassingEvidence, seededDatabaseFile, slug } from "./releases-setup";

describe("the model overview", () => {
  test("counts and flags the cells whose current evidence is the smoke-test model's on a real checkpoint, and says nothing when none is", async () => {
    const { db, url } = await seededDatabaseFile();
    await db.model.update({ where: { slug }, data: { isSmokeTestModel: false } });
    await addPassingEvidence(db, "R1", "U1");
    const page = () => ModelOverviewPage({ params: Promise.resolve({ slug }) });
    expect((await loadModelOverview(db, slug))!.counts.smokeTestCells).toBe(0);
    expect(await renderPage(url, page)).not.toMatch(/smoke-test/);

    await addPassingEvidence(db, "R2", "U1", { smokeTest: true });
    await addPassingEvidence(db, "R3", "U2", { smokeTest: true });
    expect((await loadModelOverview(db, slug))!.counts.smokeTestCells).toBe(2);
    const html = await renderPage(url, page);
    expect(html).toContain("2 cells&#x27; current evidence is the smoke-test model&#x27;s");
    expect(html).toContain("comes from the generated tiny test model");
  });

  // Seen: "Checkpoint: none attached" above the tiny model's revision, with the smoke-test banner at the top of the page.
  test("says the generated smoke-test model answers where no checkpoint is set, not that none is attached", async () => {
    const { db, url } = await seededDatabaseFile();
    await db.model.update({ where: { slug }, data: { isSmokeTestModel: true, checkpointPath: null, checkpointEndpoint: null } });
    const html = await renderPage(url, () => ModelOverviewPage({ params: Promise.resolve({ slug }) }));
    const checkpoint = html.match(/<dt>Checkpoint<\/dt><dd>(.*?)<\/dd>/)?.[1].replace(/<[^>]+>/g, "");
    expect(checkpoint).toBe("not set: the generated smoke-test model answers (Settings)");
  });
});
