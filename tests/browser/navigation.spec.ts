import { expect, test } from "./support/signed-in";

// The workflow is in the navigation (issue 14): a new reviewer finds campaigns, the evidence heatmap
// and releases from any model page, and gets back to the models from pages outside one.

test("the model's navigation leads to campaigns, the evidence heatmap and releases, marking where one is", async ({ page }) => {
  await page.goto("/models/stable-beluga-2/matrix");
  const nav = page.getByRole("navigation", { name: "Model sections" });
  await nav.getByRole("link", { name: "Campaigns" }).click();
  await expect(page).toHaveURL(/\/models\/stable-beluga-2\/campaigns$/);
  await expect(nav.getByRole("link", { name: "Campaigns" })).toHaveAttribute("aria-current", "page");

  await nav.getByRole("link", { name: "Evidence" }).click();
  await expect(page).toHaveURL(/\/campaigns\/heatmap$/);
  await expect(nav.getByRole("link", { name: "Evidence" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Campaigns" })).not.toHaveAttribute("aria-current", "page");

  await nav.getByRole("link", { name: "Releases" }).click();
  await expect(page).toHaveURL(/\/models\/stable-beluga-2\/releases$/);
});

test("from the queue, the way back to the models is in the account navigation", async ({ page }) => {
  await page.goto("/queue");
  await page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Models" }).click();
  await expect(page).toHaveURL(/\/$|\/models\/stable-beluga-2$/);
});

test("the overview's evidence counts open the matrix filtered to those cells, and the filter is kept in the URL across a reload", async ({ page }) => {
  await page.goto("/models/stable-beluga-2");
  await page.getByRole("table").filter({ hasText: "untested" }).getByRole("link", { name: "untested" }).click();
  await expect(page).toHaveURL(/\/matrix\?evidence=UNTESTED$/);
  await expect(page.getByLabel("Evidence", { exact: true })).toHaveValue("UNTESTED");

  await page.getByLabel("Find").fill("medical");
  await expect(page).toHaveURL(/evidence=UNTESTED&q=medical/);
  await page.reload();
  await expect(page.getByLabel("Find")).toHaveValue("medical");
  await expect(page.getByLabel("Evidence", { exact: true })).toHaveValue("UNTESTED");
  // Only the medical use's cells match: the others are faded.
  await expect(page.locator('[data-cell="R1-U4"]')).not.toHaveClass(/dimmed/);
  await expect(page.locator('[data-cell="R1-U1"]')).toHaveClass(/dimmed/);
});

test("the rules are written where they are used: the editor says what a likelihood means, and 'How Riskledger decides' explains levels, verdicts and staleness", async ({
  page,
}) => {
  await page.goto("/models/stable-beluga-2/matrix");
  await page.locator('[data-cell="R12-U1"]').click();
  const editor = page.getByRole("dialog");
  await editor.getByLabel("Likelihood (1–5)").fill("4");
  await expect(editor.getByText("4: likely: expected to happen regularly in this use")).toBeVisible();

  await page.goto("/how-riskledger-decides");
  await expect(page.getByRole("table", { name: "Level bands" }).getByRole("row", { name: /critical/ })).toContainText("15 to 25");
  await expect(page.getByRole("term").getByText("inconclusive", { exact: true })).toBeVisible();
  await expect(page.getByText(/the model revision changed/)).toBeVisible();
  await expect(page.getByText(/Approving is its own save/)).toBeVisible();
  await expect(page.getByText(/every seed draws the same cases/)).toBeVisible();
});

test("a reviewer holds every cell of the ad-campaign use to a 5% bar from the use's page, and the cells' editors show it", async ({ page }) => {
  await page.goto("/models/stable-beluga-2/uses/U2");
  const bar = page.getByRole("form", { name: "Bar for every cell of this use" });
  await bar.getByLabel("Failure threshold (%)").fill("5");
  await bar.getByLabel("Minimum sample").fill("40");
  await bar.getByRole("button", { name: "Set for every cell of this use" }).click();
  await expect(bar.getByRole("status")).toContainText("14 cells now held to this bar");

  await page.goto("/models/stable-beluga-2/matrix?cell=R6-U2");
  const editor = page.getByRole("dialog");
  await expect(editor.getByLabel("Failure threshold (%)")).toHaveValue("5");
  await expect(editor.getByLabel("Minimum sample")).toHaveValue("40");
});
