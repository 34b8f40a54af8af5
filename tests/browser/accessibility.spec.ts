import { seriousViolations } from "./support/axe";
import { expect, test } from "./support/signed-in";

// Every page, checked by axe-core against WCAG 2.1 A and AA (issue 14): no serious or critical
// violation. Each failure names the rule, the page and the first elements it found. Pages full of
// campaign evidence (heatmap, campaign, case) are checked again in governance-gates.spec.ts, once
// its campaigns have run.
const model = "/models/stable-beluga-2";

const reviewerPages = [
  model,
  `${model}/matrix`,
  `${model}/matrix?cell=R1-U1`,
  `${model}/campaigns`,
  `${model}/campaigns/heatmap`,
  `${model}/card`,
  `${model}/releases`,
  `${model}/risks`,
  `${model}/risks/R1`,
  `${model}/uses`,
  `${model}/uses/U1`,
  `${model}/mitigations`,
  `${model}/audit`,
  "/queue",
  "/how-riskledger-decides",
  "/account/password",
];

for (const path of reviewerPages) {
  test(`${path} has no serious or critical accessibility violation`, async ({ page }) => {
    await page.goto(path);
    if (path.includes("?cell=")) await expect(page.getByRole("dialog")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test.describe("as an admin", () => {
  test.use({ role: "admin" });
  for (const path of ["/admin/users", "/admin/serving-targets", "/admin/campaign-limits", `${model}/settings`]) {
    test(`${path} has no serious or critical accessibility violation`, async ({ page }) => {
      await page.goto(path);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe("signed out", () => {
  test.use({ role: null });
  test("the sign-in page has no serious or critical accessibility violation", async ({ page }) => {
    await page.goto("/sign-in");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
