import { expect, test } from "./support/signed-in";
import { cellButton, openEditor, openMatrix } from "./matrix-page";

test("a reviewer edits a cell, reloads, and sees the new value and its audit entry", async ({ page }) => {
  await openMatrix(page);
  const editor = await openEditor(page, "R1", "U1");
  await expect(editor.getByText("No changes recorded yet")).toBeVisible();

  await editor.getByLabel("applies", { exact: true }).check();
  await editor.getByLabel("Subject at risk").selectOption("AI_SUBJECT");
  await editor.getByLabel("Likelihood (1–5)").fill("3");
  await editor.getByLabel("Severity (1–5)").fill("4");
  await expect(editor.locator(".derived")).toContainText("high");
  await editor.getByLabel("Rationale").fill("Recommendations can echo biased content to viewers.");
  await editor.getByLabel("Perform safety testing").selectOption("PLANNED");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Saved" })).toContainText("version 2");

  await page.reload();
  await expect(cellButton(page, "R1", "U1")).toContainText("applies");
  await expect(cellButton(page, "R1", "U1")).toContainText("high");
  await expect(cellButton(page, "R1", "U1")).toContainText("12");

  const reopened = await openEditor(page, "R1", "U1");
  await expect(reopened.getByLabel("Rationale")).toHaveValue("Recommendations can echo biased content to viewers.");
  await expect(reopened.getByLabel("Likelihood (1–5)")).toHaveValue("3");
  const history = reopened.getByRole("list", { name: "Cell history, newest first" });
  await expect(history).toContainText("Rita Reviewer");
  await expect(history).toContainText("likelihood: — → 3");
  await expect(history).toContainText("severity: — → 4");
  await expect(history).toContainText('mitigation "Perform safety testing": not started → planned');

  await page.goto("/models/stable-beluga-2/audit");
  await expect(page.getByRole("table")).toContainText("cell R1×U1");
});

test("a likelihood of 7 is refused with a message at the field, and nothing changes", async ({ page }) => {
  await openMatrix(page);
  const editor = await openEditor(page, "R5", "U3");
  await editor.getByLabel("Likelihood (1–5)").fill("7");
  await editor.getByRole("button", { name: "Save" }).click();

  const likelihood = editor.getByLabel("Likelihood (1–5)");
  await expect(likelihood).toHaveAttribute("aria-invalid", "true");
  await expect(editor.locator(".field-error")).toContainText("likelihood must be from 1 to 5");
  await expect(likelihood).toHaveValue("7");

  await page.reload();
  await expect(cellButton(page, "R5", "U3")).toContainText("not assessed");
  const reopened = await openEditor(page, "R5", "U3");
  await expect(reopened.getByLabel("Likelihood (1–5)")).toHaveValue("");
  await expect(reopened.getByText("No changes recorded yet")).toBeVisible();
});

test("opening a cell's editor asks the server once, and the editor shows its history and attached evidence from that answer", async ({ page }) => {
  await openMatrix(page);
  const actions: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) actions.push(request.url());
  });
  const editor = await openEditor(page, "R2", "U2");
  await expect(editor.getByText("No changes recorded yet")).toBeVisible();
  // Nothing else is in flight once the editor shows its history: any later request would be a second round trip.
  await page.waitForLoadState("networkidle");
  expect(actions).toHaveLength(1);
});
