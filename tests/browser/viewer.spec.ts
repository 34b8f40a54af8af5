import { expect, test } from "./support/signed-in";
import { openEditor, openMatrix } from "./matrix-page";

test.use({ role: "viewer" });

test("a viewer reads a cell and its history but cannot change it", async ({ page }) => {
  await openMatrix(page);
  const editor = await openEditor(page, "R7", "U1");
  await expect(editor.getByRole("note")).toContainText("changing it needs the reviewer role");
  await expect(editor.getByLabel("Rationale")).toBeDisabled();
  await expect(editor.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(editor.getByRole("heading", { name: "History" })).toBeVisible();
});
