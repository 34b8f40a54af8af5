import { openEditor, openMatrix } from "./matrix-page";
import { expect, test } from "./support/signed-in";

// The cell editor never loses what a reviewer typed without asking, and a conflict says plainly
// what happened (issue 14). Cells R11×U2 and R11×U3 are used by no other spec.

test("Escape or Close with an unsaved rationale asks first; keeping edits keeps the text, discarding drops it", async ({ page }) => {
  await openMatrix(page);
  const editor = await openEditor(page, "R11", "U2");
  const typed = "Ad copy can carry a stereotype the advertiser never asked for.";
  await editor.getByLabel("Rationale").fill(typed);

  await page.keyboard.press("Escape");
  const ask = editor.getByRole("alertdialog", { name: "Unsaved changes" });
  await expect(ask).toContainText("did not save");
  await ask.getByRole("button", { name: "Keep editing" }).click();
  await expect(ask).toHaveCount(0);
  await expect(editor.getByLabel("Rationale")).toHaveValue(typed);

  await editor.getByRole("button", { name: "Close", exact: true }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Discard my changes" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const reopened = await openEditor(page, "R11", "U2");
  await expect(reopened.getByLabel("Rationale")).toHaveValue("");
  // Nothing typed, nothing to ask: Escape closes at once.
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a conflict with one's own save in another tab says so, and a field this tab never touched reads 'theirs stays', not an empty value", async ({
  page,
  context,
}) => {
  const other = await context.newPage();
  await openMatrix(page);
  await openMatrix(other);
  const here = await openEditor(page, "R11", "U3");
  const there = await openEditor(other, "R11", "U3");

  await there.getByLabel("Likelihood (1–5)").fill("3");
  await there.getByRole("button", { name: "Save" }).click();
  await expect(there.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  await here.getByLabel("Severity (1–5)").fill("4");
  await here.getByRole("button", { name: "Save" }).click();
  const conflict = here.getByRole("alert").filter({ hasText: "You saved this cell in another tab or window" });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("you, in another tab or window");
  const likelihood = conflict.getByRole("row", { name: /Likelihood/ });
  await expect(likelihood).toContainText("3");
  await expect(likelihood).toContainText("not changed by you: theirs stays");
  await expect(conflict.getByRole("row", { name: /Severity/ })).toContainText("4");
});
