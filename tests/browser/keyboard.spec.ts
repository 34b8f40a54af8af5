import { expect, test } from "./support/signed-in";
import { cellButton, openMatrix } from "./matrix-page";

test("a reviewer moves between cells with the arrow keys and opens one with Enter", async ({ page }) => {
  await openMatrix(page);
  await cellButton(page, "R1", "U1").focus();
  await page.keyboard.press("ArrowRight");
  await expect(cellButton(page, "R1", "U2")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(cellButton(page, "R2", "U2")).toBeFocused();

  await page.keyboard.press("Enter");
  const editor = page.getByRole("dialog");
  await expect(editor).toBeVisible();
  await expect(editor).toContainText("R2×U2");

  await page.keyboard.press("Escape");
  await expect(editor).toBeHidden();
  await expect(cellButton(page, "R2", "U2")).toBeFocused();
});
