import { execFileSync } from "node:child_process";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

// Two models whose U4 campaigns ran the same suite compare paired on /models/compare: each shared
// cell shows McNemar's b and c, its exact p and Newcombe's interval for the difference; against a
// model whose U4 suite differs, the cells say so instead (tests/browser/support/seed-paired-models.ts).
test.beforeAll(() => {
  test.setTimeout(240_000);
  execFileSync(process.execPath, ["--import", "tsx", "tests/browser/support/seed-paired-models.ts"], { env: e2eEnv, stdio: "pipe" });
});

test("two models measured on a shared suite compare paired per cell; a different suite is said to differ", async ({ page }) => {
  await page.goto("/models/compare?a=compare-first&b=compare-second");
  const table = page.getByRole("table", { name: "compare-first against compare-second" });
  await expect(table.getByRole("columnheader", { name: "Paired on shared cases" })).toBeVisible();
  const measured = table.getByRole("row").filter({ hasText: "shared runs" });
  expect(await measured.count()).toBeGreaterThan(0);
  // The same tiny model, seed and cases on both sides: every run agrees, nothing flipped.
  await expect(measured.first()).toContainText("b = 0 (fail on compare-first only), c = 0 (fail on compare-second only); McNemar exact p = 1.000");
  await expect(measured.first()).toContainText("compare-second − compare-first: 0.0 pt");
  await expect(table.getByRole("row").filter({ hasText: "R1×U1" })).toContainText("—");

  await page.goto("/models/compare?a=compare-first&b=compare-other");
  const other = page.getByRole("table", { name: "compare-first against compare-other" });
  await expect(other.getByRole("row").filter({ hasText: "suites differ, not paired" }).first()).toBeVisible();
  await expect(other.getByRole("row").filter({ hasText: "shared runs" })).toHaveCount(0);
});
