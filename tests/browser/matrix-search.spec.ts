import { expect, test } from "./support/signed-in";
import { cellButton, matrixPath, openEditor, openMatrix } from "./matrix-page";

const WORD = "quokkawarden";

test("Find on the matrix shows a cell by a word only its rationale holds, though the page no longer sends rationales to the browser", async ({ page }) => {
  await openMatrix(page);
  const editor = await openEditor(page, "R13", "U4");
  await editor.getByLabel("Rationale").fill(`${"Context the reviewers wrote down. ".repeat(60)}The deciding word comes last: ${WORD}.`);
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  await page.goto(matrixPath);
  await expect(cellButton(page, "R13", "U4")).toBeVisible();
  expect(await page.content()).not.toContain(WORD);

  await page.getByLabel("Find").fill(WORD);
  await expect(page.getByText("1 of 14 risks, 1 matching cells")).toBeVisible();
  await expect(cellButton(page, "R13", "U4")).toBeVisible();
  await expect(cellButton(page, "R1", "U1")).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`q=${WORD}`));

  await page.reload();
  await expect(page.getByLabel("Find")).toHaveValue(WORD);
  await expect(page.getByText("1 of 14 risks, 1 matching cells")).toBeVisible();
});
