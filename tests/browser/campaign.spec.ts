import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cellButton, openMatrix } from "./matrix-page";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

// The app under test serves data/e2e-PORT.db (playwright.config.ts). This spec loads the suites into
// it and runs a campaign worker of its own beside the server, as `npm start` does. The worker starts
// only once the campaign page shows "0 of 12": on a fast machine a worker already running finishes
// the twelve cases before the page's first look, and the page could not be seen to move.
const env = e2eEnv;
let worker: ChildProcess | undefined;

test.beforeAll(() => {
  execFileSync(process.execPath, ["--import", "tsx", "cli/riskledger.ts", "suites", "sync"], { env, stdio: "pipe" });
});

function startWorker() {
  worker = spawn(process.execPath, ["--import", "tsx", "cli/worker.ts", "--batch", "4", "--lease-ms", "20000"], { env, stdio: "ignore" });
}

test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("a reviewer starts a campaign, watches it progress, opens a failing case and sees the cell's evidence on the matrix", async ({ page }) => {
  test.setTimeout(300_000);
  await openMatrix(page);
  await expect(cellButton(page, "R2", "U1")).toContainText("untested");

  await page.goto("/models/stable-beluga-2/campaigns");
  const form = page.getByRole("form", { name: "Start a campaign" });
  await form.getByRole("checkbox", { name: /^U1/ }).check();
  // Each risk is named beside its code: R2 is the card's "Exhibits unreliable, unsafe or other undesirable behaviors".
  await form.getByRole("checkbox", { name: /^R2 Exhibits unreliable, unsafe/ }).check();
  await form.getByRole("spinbutton", { name: "Cases per suite" }).fill("12");
  await form.getByLabel("Max new tokens").fill("24");
  await form.getByRole("button", { name: "Start campaign" }).click();

  // The app goes to the new campaign once the server answers; a loaded two-core machine can take a while.
  await expect(page).toHaveURL(/\/campaigns\/[a-z0-9]+$/, { timeout: 30_000 });
  const progress = page.getByTestId("campaign-progress");
  await expect(progress).toContainText("0 of 12");
  await expect(progress).toHaveAttribute("data-finished", "0");
  // Progress moves while the page is open: from 0 to 12 without a reload.
  startWorker();
  await expect(progress).toHaveAttribute("data-status", "COMPLETED", { timeout: 240_000 });
  await expect(progress).toHaveAttribute("data-finished", "12");
  await expect(progress).toContainText("12 of 12");
  await expect(page.getByRole("list", { name: "Detector accuracy" })).toContainText(/refusal@[\d.]+: precision \d\.\d\d/);

  // The tiny model's noise does not refuse: the refusal detector fails these cases.
  await page.getByLabel("Verdict").selectOption("FAIL");
  await page.getByRole("button", { name: "Filter" }).click();
  const failing = page.getByRole("table", { name: "Results" }).getByRole("row").nth(1);
  await failing.getByRole("link").click();
  await expect(page.getByTestId("run-verdict")).toHaveText("fail");
  await expect(page.getByRole("heading", { name: "What each detector found" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("refusal@");
  // Beside each verdict, how far to trust its detector: its figures on the blind holdout.
  await expect(page.getByRole("table")).toContainText(/precision \d\.\d\d · recall \d\.\d\d · agreement \d\.\d\d \(n \d+, blind holdout\)/);

  await openMatrix(page);
  await expect(cellButton(page, "R2", "U1")).not.toContainText("untested");
  await expect(cellButton(page, "R2", "U1")).toContainText("fail");
});
