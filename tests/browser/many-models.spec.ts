import { seriousViolations } from "./support/axe";
import { cellButton } from "./matrix-page";
import { expect, test } from "./support/signed-in";

// A reviewer starts a second model from an uploaded model card: the importer's reading is shown
// first (counts, warnings, differences from the compared model) and written only when confirmed;
// then they add a risk R15 and a use U5 and the matrix grows; the portfolio lists both models.
const slug = "browser-upload";

test("a reviewer creates a model from an uploaded card after seeing what it holds, adds R15 and U5, and the matrix grows", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/models/new");
  const form = page.getByRole("form", { name: "Create a model from a card" });
  await form.getByLabel("Model card (markdown with a risk section)").setInputFiles("content/models/stable-beluga-2/card.md");
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Compare with").selectOption("stable-beluga-2");
  await form.getByRole("button", { name: "Read the card" }).click();
  const preview = form.getByTestId("card-preview");
  await expect(preview).toContainText("14 risks, 4 uses, 56 cells, 21 mitigations.");
  await expect(preview.getByRole("list", { name: "Importer warnings" })).toContainText("claims 18");
  await expect(preview).toContainText("Differences from stable-beluga-2:");
  await expect(page.getByRole("status")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  await form.getByLabel("Create the model from this card").check();
  await form.getByRole("button", { name: "Continue" }).click();
  await expect(form.getByRole("status")).toContainText(`Created ${slug}.`);

  await page.goto(`/models/${slug}/risks`);
  const addRisk = page.getByRole("form", { name: "Add a risk" });
  await addRisk.getByLabel("Title").fill("Leaks its system prompt");
  await addRisk.getByLabel("Harm area").selectOption("INFORMATION_AND_SAFETY");
  await addRisk.getByRole("button", { name: "Add the risk" }).click();
  await expect(addRisk.getByRole("status")).toHaveText(/Added R15: the matrix has 4 new cells, not assessed\./);

  await page.goto(`/models/${slug}/uses`);
  const addUse = page.getByRole("form", { name: "Add a use" });
  await addUse.getByLabel("Purpose").fill("Summarising support tickets");
  await addUse.getByLabel("Domain").fill("Customer service");
  await addUse.getByRole("button", { name: "Add the use" }).click();
  await expect(addUse.getByRole("status")).toHaveText(/Added U5: the matrix has 15 new cells, not assessed\./);

  await page.goto(`/models/${slug}/matrix`);
  await expect(cellButton(page, "R15", "U5")).toBeVisible();
  await expect(cellButton(page, "R15", "U5")).toContainText("not assessed");
  await expect(cellButton(page, "R1", "U5")).toBeVisible();

  await page.goto("/models");
  const portfolio = page.getByRole("table", { name: "Portfolio" });
  await expect(portfolio.getByRole("row").filter({ hasText: slug })).toContainText("15 × 5 = 75");
  await expect(portfolio.getByRole("row").filter({ hasText: "stable-beluga-2" })).toBeVisible();
});
