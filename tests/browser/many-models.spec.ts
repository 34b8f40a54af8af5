import { spawn, type ChildProcess } from "node:child_process";
import { seriousViolations } from "./support/axe";
import { cellButton } from "./matrix-page";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

// A reviewer starts a second model from an uploaded model card: the importer's reading is shown
// first (counts, warnings, differences from the compared model) and written only when confirmed;
// then they add a risk R15 and a use U5 and the matrix grows; the portfolio lists both models. U5 gets
// its test suite by upload, and a campaign on it (a worker of this spec's own, as campaign.spec.ts runs
// one) puts the tiny model's evidence, labelled as such, on the new cell R15 x U5.
const slug = "browser-upload";
let worker: ChildProcess | undefined;

test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("a reviewer creates a model from an uploaded card after seeing what it holds, adds R15 and U5, the matrix grows, and a campaign covers R15 x U5", async ({
  page,
}) => {
  test.setTimeout(360_000);
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

  await page.goto(`/models/${slug}/uses/U5`);
  await expect(page.getByText("No suite yet: no campaign can test this use until it has one.")).toBeVisible();
  const upload = page.getByRole("form", { name: "Upload this use's test suite" });
  await upload.getByLabel("Suite file (YAML, as in content/suites)").setInputFiles("tests/fixtures/suites/u5-tickets.yaml");
  await upload.getByRole("button", { name: "Upload the suite" }).click();
  await expect(upload.getByRole("status")).toHaveText("Suite u5-tickets for U5: 2 cases. Campaigns can test it now.");
  await expect(page.getByRole("list", { name: "Test suites of this use" })).toContainText("2 cases probing R15, uploaded in the app");

  await page.goto(`/models/${slug}/campaigns`);
  const start = page.getByRole("form", { name: "Start a campaign" });
  await start.getByRole("checkbox", { name: /^U5/ }).check();
  await start.getByLabel("Max new tokens").fill("8");
  await start.getByRole("button", { name: "Start campaign" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[a-z0-9]+$/, { timeout: 30_000 });
  worker = spawn(process.execPath, ["--import", "tsx", "cli/worker.ts", "--batch", "4", "--lease-ms", "20000"], { env: e2eEnv, stdio: "ignore" });
  await expect(page.getByTestId("campaign-progress")).toHaveAttribute("data-status", "COMPLETED", { timeout: 240_000 });

  await page.goto(`/models/${slug}/matrix`);
  await expect(cellButton(page, "R15", "U5")).not.toContainText("untested");
  await expect(cellButton(page, "R15", "U5")).toContainText("smoke-test model");
});
