import { expect, signedInContext, test } from "./support/signed-in";

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

test("a reviewer adds a mitigation to a risk and moves it up; a stale page is refused; an approver retires it and it leaves the card", async ({
  page,
  browser,
  baseURL,
}) => {
  const added = "Keep personal data out of prompts and logs";
  await page.goto("/models/stable-beluga-2/risks/R12");
  // A second reviewer has R12's page open from before the change.
  const stalePage = await (await signedInContext(browser, "reviewer", baseURL!)).newPage();
  await stalePage.goto("/models/stable-beluga-2/risks/R12");

  const addForm = page.getByRole("form", { name: "Add a new mitigation to R12" });
  await addForm.getByLabel("New mitigation").fill(added);
  await addForm.getByRole("button", { name: "Add the new mitigation" }).click();
  await expect(addForm.getByRole("status")).toHaveText(`Added "${added}" (a new mitigation) to R12.`);
  const mitigations = page.getByRole("table").nth(1);
  await expect(mitigations.getByRole("rowheader").last()).toContainText(added);

  await page
    .getByRole("form", { name: `Move "${added}" up` })
    .getByRole("button", { name: "Move up" })
    .click();
  await expect(mitigations.getByRole("rowheader").nth(0)).toContainText("Leverage various content moderation services");
  await expect(mitigations.getByRole("rowheader").nth(1)).toContainText(added);

  const staleForm = stalePage.getByRole("form", { name: "Add a new mitigation to R12" });
  await staleForm.getByLabel("New mitigation").fill("Ask before storing personal data");
  await staleForm.getByRole("button", { name: "Add the new mitigation" }).click();
  await expect(staleForm.getByRole("alert")).toHaveText(/R12 was changed by .+ while you were editing \(now version 3\)\. Nothing was saved/);
  await stalePage.reload();
  await expect(stalePage.getByText("Ask before storing personal data")).toHaveCount(0);

  const approver = await (await signedInContext(browser, "approver", baseURL!)).newPage();
  await approver.goto(library);
  const row = approver.getByRole("row").filter({ hasText: added });
  await row.getByText("Retire", { exact: true }).click();
  const retire = row.getByRole("form", { name: `Retire "${added}"` });
  await retire.getByLabel("Why it is retired").fill("Folded into the data protection policy.");
  await retire.getByRole("button", { name: "Retire it" }).click();
  await expect(
    approver
      .getByRole("row")
      .filter({ hasText: added })
      .getByText(/^retired \d{4}-\d{2}-\d{2}$/),
  ).toBeVisible();
  await expect(approver.getByText("1 retired: left out of the card")).toBeVisible();

  await page.goto("/models/stable-beluga-2/risks/R12");
  await expect(page.getByText(`Retired from this list, kept with their history in the mitigation library: "${added}".`)).toBeVisible();
  await expect(page.getByRole("link", { name: added })).toHaveCount(0);
  await page.goto("/models/stable-beluga-2/card");
  const card = page.getByRole("article", { name: "Rendered model card" });
  await expect(card).toContainText("Leverage various content moderation services");
  await expect(card).not.toContainText(added);
});
