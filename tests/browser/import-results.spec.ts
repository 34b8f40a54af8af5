import { readFileSync } from "node:fs";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { cellButton, openMatrix } from "./matrix-page";
import { expect, test } from "./support/signed-in";

// A reviewer imports another tool's result file in the browser: the format is told from the
// content (the files are uploaded under names that say nothing), the upload and the reading show
// their progress, the preview lists per cell what would be added and what is unmapped, nothing is
// written before "Import", and the imported run then backs its cells on the matrix. Only U3 is
// ticked, and the file maps to R3 and R7, cells no other spec looks at.
const imports = "/models/stable-beluga-2/imports";
const mmlu = "inspect/mmlu-summary-choices.eval";

/** Records every step the form's progress area passes through, however briefly it shows. */
async function watchSteps(page: import("@playwright/test").Page) {
  await page.evaluate(() => {
    const area = document.querySelector('[data-testid="import-progress"]')!;
    const seen: string[] = [];
    (window as unknown as { importSteps: string[] }).importSteps = seen;
    new MutationObserver(() => seen.push(area.getAttribute("data-step")!)).observe(area, { attributes: true, attributeFilter: ["data-step"] });
  });
}

const stepsSeen = (page: import("@playwright/test").Page) => page.evaluate(() => (window as unknown as { importSteps: string[] }).importSteps);

test("a reviewer uploads a result file, reads what it would add and what is unmapped, imports it, and its cells show the tool as their source", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(imports);
  await expect(page.getByRole("table", { name: "Imports" })).toContainText("Nothing imported yet.");
  const form = page.getByRole("form", { name: "Import a result file" });

  // A garak self-test run: every result unmapped, listed, and no cell would get evidence.
  await watchSteps(page);
  await form
    .getByLabel(/garak report/)
    .setInputFiles({ name: "upload-1", mimeType: "application/octet-stream", buffer: readFileSync(`${FIXTURES_DIR}/garak/test.report.jsonl`) });
  await form.getByRole("button", { name: "Upload and preview" }).click();
  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("garak 0.14.0.pre1");
  expect(await stepsSeen(page)).toEqual(expect.arrayContaining(["uploading", "reading", "preview"]));
  await expect(preview.getByRole("list", { name: "Unmapped results" })).toContainText("test.Test: 8 results");
  await expect(preview.getByRole("table", { name: "Evidence per cell" })).toContainText("No cell would get evidence.");
  await preview.getByRole("button", { name: "Choose another file" }).click();
  await expect(preview).toBeHidden();

  // An Inspect .eval archive, counted in U3 only: previewed, and nothing written yet.
  await form.getByRole("checkbox", { name: /^U3/ }).check();
  await form
    .getByLabel(/garak report/)
    .setInputFiles({ name: "results.bin", mimeType: "application/octet-stream", buffer: readFileSync(`${FIXTURES_DIR}/${mmlu}`) });
  await form.getByRole("button", { name: "Upload and preview" }).click();
  await expect(preview).toContainText("inspect 0.3.154.dev44");
  await expect(preview).toContainText("1 results: 0 pass, 1 fail");
  const cells = preview.getByRole("table", { name: "Evidence per cell" });
  await expect(cells.getByRole("row")).toHaveCount(3);
  await expect(cells).toContainText("R3×U3");
  await expect(cells).toContainText("R7×U3");
  await page.reload();
  await expect(page.getByRole("table", { name: "Imports" })).toContainText("Nothing imported yet.");
  await openMatrix(page);
  await expect(cellButton(page, "R3", "U3")).toContainText("untested");

  // Upload again and import.
  await page.goto(imports);
  await form.getByRole("checkbox", { name: /^U3/ }).check();
  await form
    .getByLabel(/garak report/)
    .setInputFiles({ name: "results.bin", mimeType: "application/octet-stream", buffer: readFileSync(`${FIXTURES_DIR}/${mmlu}`) });
  await form.getByRole("button", { name: "Upload and preview" }).click();
  await preview.getByRole("button", { name: "Import 1 results" }).click();
  await expect(page.getByRole("status")).toContainText("Imported results.bin: 1 results, evidence for 2 cells.");
  await expect(page.getByRole("table", { name: "Imports" })).toContainText("inspect 0.3.154.dev44");

  // The same run under another name, counted in the same use: recognised by its run, nothing to add.
  await form.getByRole("checkbox", { name: /^U3/ }).check();
  await form
    .getByLabel(/garak report/)
    .setInputFiles({ name: "again.eval", mimeType: "application/octet-stream", buffer: readFileSync(`${FIXTURES_DIR}/${mmlu}`) });
  await form.getByRole("button", { name: "Upload and preview" }).click();
  await expect(preview).toContainText("already imported for this model");
  await expect(preview.getByRole("button", { name: "Import 1 results" })).toBeDisabled();

  // The matrix badge and the cell name the tool, its version and the file.
  await openMatrix(page);
  const badge = cellButton(page, "R3", "U3").getByTestId("cell-evidence");
  await expect(badge).toHaveAttribute("title", /imported: inspect 0\.3\.154\.dev44\S*: results\.bin/);
  await cellButton(page, "R3", "U3").click();
  const source = page.getByRole("dialog").getByTestId("imported-source");
  await expect(source).toContainText("imported from inspect 0.3.154.dev44");
  await source.getByRole("link").click();

  // The import's page: provenance, the cell, the one result with its conversation.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("results.bin");
  await expect(page.getByRole("table", { name: "Evidence per cell" })).toContainText("1 / 1");
  await page.getByRole("table", { name: "Results" }).getByRole("link").first().click();
  await expect(page.getByTestId("result-verdict")).toHaveText("fail");
  await expect(page.getByRole("form", { name: "Override the verdict" })).toBeVisible();
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });
  test("sees the imports but no upload form", async ({ page }) => {
    await page.goto(imports);
    await expect(page.getByRole("heading", { name: "Imported results" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Import a result file" })).toHaveCount(0);
  });
});
