import { spawnSync } from "node:child_process";
import { KNOWN_SHORTFALLS } from "../../lib/detectors/accuracy";
import { openEditor, openMatrix } from "./matrix-page";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

// The refusal detector falls short of 0.9 precision on the blind holdout (a documented shortfall):
// every page that shows its verdicts says "needs review" beside them, with why. The campaign runs
// from the command line against the app's database (it exits 1 when a cell fails: read, not thrown).
let campaignId: string;

test.beforeAll(() => {
  spawnSync(process.execPath, ["--import", "tsx", "cli/riskledger.ts", "suites", "sync"], { env: e2eEnv, stdio: "pipe" });
  const ran = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "cli/campaign.ts",
      "run",
      "--uses",
      "U1",
      "--risks",
      "R2",
      "--cases-per-suite",
      "3",
      "--max-new-tokens",
      "4",
      "--name",
      "needs review",
      "--json",
    ],
    { env: e2eEnv, encoding: "utf8" },
  );
  campaignId = JSON.parse(ran.stdout).campaignId;
});

test("the campaign page, a run's page, the cell's evidence and the detectors page mark a detector below 0.9 on the blind holdout as needing review", async ({
  page,
}) => {
  test.setTimeout(120_000);
  expect(KNOWN_SHORTFALLS.refusal).toBeDefined();
  const why = /needs review \(precision 0\.\d{3} · recall \d\.\d{3} on the blind holdout \(n \d+\), below 0\.9\)/;

  await page.goto(`/models/stable-beluga-2/campaigns/${campaignId}`);
  const trust = page.getByRole("list", { name: "Detector accuracy" }).locator("li[data-detector^='refusal@']");
  await expect(trust).toContainText(why);

  await page.getByRole("table", { name: "Results" }).getByRole("row").nth(1).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "What each detector found" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "refusal@" })).toContainText(why);

  await openMatrix(page);
  const editor = await openEditor(page, "R2", "U1");
  await expect(editor.getByTestId("evidence-needs-review")).toContainText(/refusal@[\d.]+: precision 0\.\d{3} · recall \d\.\d{3} on the blind holdout/);

  await page.goto("/detectors");
  const row = page.getByTestId("detector-measures").locator("tr[data-detector^='refusal@']");
  await expect(row.getByTestId("needs-review")).toBeVisible();
  await expect(row).toContainText(/on the blind holdout \(n \d+\), below 0\.9/);
});
