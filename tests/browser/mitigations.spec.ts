import { expect, test } from "./support/signed-in";

const library = "/models/stable-beluga-2/mitigations";

test("a reviewer merges a proposed near-duplicate pair, and the merge is audited", async ({ page }) => {
  await page.goto(library);
  await expect(page.getByRole("heading", { name: "Proposed merges (2)" })).toBeVisible();
  await expect(page.getByText("21 distinct mitigations")).toBeVisible();

  await page.getByRole("button", { name: 'Merge, keeping "Exercise caution when using models in production systems"' }).click();
  await expect(page.getByRole("heading", { name: "Proposed merges (1)" })).toBeVisible();
  await expect(page.getByText("20 distinct mitigations")).toBeVisible();

  await page.goto("/models/stable-beluga-2/risks/R8");
  await expect(page.getByRole("link", { name: "Exercise caution when using models in production systems" })).toBeVisible();
  await expect(page.getByText("Exercise reasonable caution when using models in production")).toHaveCount(0);

  await page.goto("/models/stable-beluga-2/audit");
  await expect(page.getByRole("table")).toContainText("mitigation.merge");
  await expect(page.getByRole("table")).toContainText('merged "Exercise reasonable caution when using models in production"');
});

test("a mitigation's text edited once shows on every risk that lists it", async ({ page }) => {
  await page.goto(library);
  await page.getByRole("button", { name: 'Edit text of "Follow better regulations and standards from government and technology leaders"' }).click();
  await page.getByLabel("Mitigation text").fill("Follow regulations and standards set by governments and industry");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Follow regulations and standards set by governments and industry")).toBeVisible();

  for (const risk of ["R9", "R13"]) {
    await page.goto(`/models/stable-beluga-2/risks/${risk}`);
    await expect(page.getByRole("link", { name: "Follow regulations and standards set by governments and industry" })).toBeVisible();
  }
});
