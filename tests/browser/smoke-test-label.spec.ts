import { execFileSync, spawnSync } from "node:child_process";
import { cellButton, openEditor, openMatrix } from "./matrix-page";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

// A real campaign on the generated tiny model (models/tiny-beluga), run headless against the app's
// own database as CI would: its evidence must say "smoke-test model" wherever it is shown.
let campaignId: string;

test.beforeAll(() => {
  execFileSync(process.execPath, ["--import", "tsx", "cli/riskledger.ts", "suites", "sync"], { env: e2eEnv, stdio: "pipe" });
  // The exit code says whether cells failed (the tiny model's noise often does); the JSON says which campaign ran.
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "cli/riskledger.ts",
      "campaign",
      "run",
      "--uses",
      "U4",
      "--risks",
      "R10",
      "--cases-per-suite",
      "4",
      "--max-new-tokens",
      "8",
      "--name",
      "smoke label",
      "--json",
    ],
    { env: e2eEnv, encoding: "utf8", timeout: 240_000 },
  );
  campaignId = JSON.parse(run.stdout).campaignId;
});

test("the tiny model's evidence carries the smoke-test label on the matrix badge, the cell's editor and the campaign page", async ({ page }) => {
  test.setTimeout(120_000);
  await openMatrix(page);
  await expect(cellButton(page, "R10", "U4")).toContainText("smoke-test model");
  await expect(page.getByTestId("evidence-rule")).toContainText("newest completed campaign");

  const editor = await openEditor(page, "R10", "U4");
  await expect(editor.getByTestId("current-evidence")).toContainText("smoke-test model");
  await expect(editor.getByTestId("current-evidence")).toContainText("smoke label");

  await page.goto(`/models/stable-beluga-2/campaigns/${campaignId}`);
  await expect(page.getByTestId("campaign-smoke-test")).toHaveText("smoke-test model");
  await expect(page.getByTestId("cell-current").first()).toHaveText("current");

  await page.goto("/models/stable-beluga-2/campaigns/heatmap");
  await expect(page.locator('[data-testid="evidence-badge"][data-smoke-test="true"]').first()).toContainText("smoke-test model");
});

test("the model overview draws the tiny model's evidence on its interval chart, marked as the smoke-test model's, and its row opens the cell", async ({
  page,
}) => {
  await page.goto("/models/stable-beluga-2");
  const row = page.getByTestId("interval-chart").locator('[data-cell="R10-U4"]');
  await expect(row).toContainText("smoke-test model");
  await expect(row).toHaveAttribute("data-verdict", /^(PASS|FAIL|INCONCLUSIVE)$/);
  await row.click();
  await expect(page).toHaveURL(/\/models\/stable-beluga-2\/matrix\?cell=R10-U4$/);
});
