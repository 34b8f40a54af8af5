import { mkdirSync } from "node:fs";
import { expect, test } from "./support/signed-in";
import { cellButton, openEditor, openMatrix } from "./matrix-page";

// A few judgements, so the screenshot shows every level and a cell that does not apply.
const judgements = [
  { risk: "R4", use: "U4", applies: "applies", likelihood: "4", severity: "5", rationale: "Fabricated findings could steer a diagnosis." },
  { risk: "R10", use: "U4", applies: "applies", likelihood: "3", severity: "5", rationale: "Patient data can surface in outputs." },
  { risk: "R14", use: "U3", applies: "applies", likelihood: "4", severity: "3", rationale: "Students learning in other languages get weaker help." },
  { risk: "R6", use: "U2", applies: "applies", likelihood: "3", severity: "3", rationale: "Ad targeting inherits the data's biases." },
  { risk: "R12", use: "U1", applies: "applies", likelihood: "2", severity: "2", rationale: "Viewing history is personal data." },
  { risk: "R9", use: "U3", applies: "does not apply", likelihood: "", severity: "", rationale: "Course content is licensed by the platform." },
];

test("the matrix reads at a glance: a screenshot for the report and the README", async ({ page }, testInfo) => {
  // Six saves, each followed by a refresh of the matrix: more than one test's usual minute.
  test.setTimeout(180_000);
  await openMatrix(page);
  for (const judgement of judgements) {
    const editor = await openEditor(page, judgement.risk, judgement.use);
    await editor.getByLabel(judgement.applies, { exact: true }).check();
    await editor.getByLabel("Likelihood (1–5)").fill(judgement.likelihood);
    await editor.getByLabel("Severity (1–5)").fill(judgement.severity);
    await editor.getByLabel("Rationale").fill(judgement.rationale);
    await editor.getByRole("button", { name: "Save" }).click();
    await expect(editor.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await editor.getByRole("button", { name: "Close", exact: true }).click();
    await expect(editor).toBeHidden();
  }
  await page.reload();
  await expect(cellButton(page, "R4", "U4")).toContainText("critical");
  await expect(cellButton(page, "R9", "U3")).toContainText("does not apply");

  const screenshot = await page.screenshot({ fullPage: true });
  await testInfo.attach("matrix", { body: screenshot, contentType: "image/png" });
  // The README's picture is rewritten only when asked for, so a test run leaves the working tree as it was.
  if (process.env.RISKLEDGER_UPDATE_SCREENSHOTS === "1") {
    mkdirSync("docs", { recursive: true });
    await page.screenshot({ path: "docs/matrix.png", fullPage: true });
  }
});
