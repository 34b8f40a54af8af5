import { expect, signedInContext, test } from "./support/signed-in";
import { openEditor, openMatrix } from "./matrix-page";

test("two reviewers edit the same cell: the second gets the conflict and keeps what they typed", async ({ browser, baseURL }) => {
  const first = await (await signedInContext(browser, "approver", baseURL!)).newPage();
  const second = await (await signedInContext(browser, "reviewer", baseURL!)).newPage();
  await openMatrix(first);
  await openMatrix(second);
  const firstEditor = await openEditor(first, "R3", "U2");
  const secondEditor = await openEditor(second, "R3", "U2");

  await firstEditor.getByLabel("Likelihood (1–5)").fill("2");
  await firstEditor.getByLabel("Rationale").fill("First reviewer: ads rarely reach underrepresented groups badly.");
  await firstEditor.getByRole("button", { name: "Save" }).click();
  await expect(firstEditor.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  const typed = "Second reviewer: targeting errors hit minority languages hardest.";
  await secondEditor.getByLabel("Severity (1–5)").fill("5");
  await secondEditor.getByLabel("Rationale").fill(typed);
  await secondEditor.getByRole("button", { name: "Save" }).click();

  const conflict = secondEditor.getByRole("alert").filter({ hasText: "Someone else saved this cell" });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Arne Approver");
  await expect(conflict.getByRole("table")).toContainText("First reviewer: ads rarely reach underrepresented groups badly.");
  await expect(conflict.getByRole("row", { name: /Likelihood/ })).toContainText("2");
  // Nothing the second reviewer typed is lost.
  await expect(secondEditor.getByLabel("Rationale")).toHaveValue(typed);
  await expect(secondEditor.getByLabel("Severity (1–5)")).toHaveValue("5");

  await secondEditor.getByRole("button", { name: "Save mine over theirs" }).click();
  await expect(secondEditor.getByRole("status").filter({ hasText: "Saved" })).toContainText("version 3");
  // The first reviewer's likelihood stays: only the fields the second reviewer changed were written.
  await expect(secondEditor.getByLabel("Likelihood (1–5)")).toHaveValue("2");
  await expect(secondEditor.getByLabel("Rationale")).toHaveValue(typed);
});
