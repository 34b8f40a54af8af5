import { readFileSync } from "node:fs";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { cellButton, openMatrix } from "./matrix-page";
import { expect, test } from "./support/signed-in";

// A reviewer who counted a run in the wrong use imports it again counted in the right one: the
// preview says it replaces the earlier import and which cells gain and lose evidence, the import
// says so once done, the earlier import stays listed, superseded, and the matrix moves the evidence.
// The same run once more, counted the same, is refused before it is imported. garak's quack report
// maps to R4 only, cells no other spec looks at in U1 and U2.
const imports = "/models/stable-beluga-2/imports";
const quack = readFileSync(`${FIXTURES_DIR}/garak/quack.report.jsonl`);

test("a run imported again in another use replaces the earlier import, saying which cells gain and lose, and the matrix follows", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(imports);
  const form = page.getByRole("form", { name: "Import a result file" });
  const preview = page.getByTestId("import-preview");

  // Counted in U1: the slip.
  await form.getByRole("checkbox", { name: /^U1/ }).check();
  await form.getByLabel(/garak report/).setInputFiles({ name: "quack.report.jsonl", mimeType: "application/octet-stream", buffer: quack });
  await form.getByRole("button", { name: "Upload and preview" }).click();
  await preview.getByRole("button", { name: "Import 1 results" }).click();
  await expect(page.getByRole("status")).toContainText("Imported quack.report.jsonl: 1 results, evidence for 1 cells.");

  // The same run, saved under another name, counted in U2 instead.
  await page.goto(imports);
  await form.getByRole("checkbox", { name: /^U2/ }).check();
  await form.getByLabel(/garak report/).setInputFiles({ name: "quack-again.jsonl", mimeType: "application/octet-stream", buffer: quack });
  await form.getByRole("button", { name: "Upload and preview" }).click();
  await expect(preview.getByTestId("replaces-import")).toContainText(
    "Importing replaces the import of the same run from quack.report.jsonl by Rita Reviewer <reviewer@e2e.test> on",
  );
  await expect(preview.getByTestId("replaces-import")).toContainText("R4×U2 gains evidence from it; R4×U1 loses it");
  await preview.getByRole("button", { name: "Replace the earlier import with 1 results" }).click();
  await expect(page.getByRole("status")).toContainText("It replaced the import of the same run from quack.report.jsonl");
  const listed = page.getByRole("table", { name: "Imports" });
  await expect(listed.getByRole("row", { name: /quack\.report\.jsonl/ })).toContainText("superseded by quack-again.jsonl");

  // Once more, counted the same: nothing to import.
  await page.goto(imports);
  await form.getByRole("checkbox", { name: /^U2/ }).check();
  await form.getByLabel(/garak report/).setInputFiles({ name: "quack-third.jsonl", mimeType: "application/octet-stream", buffer: quack });
  await form.getByRole("button", { name: "Upload and preview" }).click();
  await expect(preview).toContainText("This run was already imported for this model from quack-again.jsonl by Rita Reviewer");
  await expect(preview.getByRole("button", { name: "Import 1 results" })).toBeDisabled();

  await openMatrix(page);
  await expect(cellButton(page, "R4", "U1")).toContainText("untested");
  await expect(cellButton(page, "R4", "U2").getByTestId("cell-evidence")).toHaveAttribute("title", /imported: garak 0\.14\.0\.pre1: quack-again\.jsonl/);
});
