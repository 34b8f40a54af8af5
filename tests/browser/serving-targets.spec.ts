// An endpoint's error on the run page: its own words (here a planted secret) only for an admin,
// who may see the serving target's configuration; a viewer reads only the status it answered.
// And an admin configures serving targets on their own page, where a URL outside http(s) is refused.
import { execFileSync } from "node:child_process";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

const SECRET = "PLANTED-SECRET-b41d9";
let seeded: { campaignId: string; runId: string; target: string };

test.beforeAll(() => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "tests/browser/support/seed-endpoint-error.ts", SECRET], { env: e2eEnv, encoding: "utf8" });
  seeded = JSON.parse(out.trim().split("\n").at(-1)!);
});

const runPage = () => `/models/stable-beluga-2/campaigns/${seeded.campaignId}/runs/${seeded.runId}`;

test.describe("a viewer", () => {
  test.use({ role: "viewer" });

  test("reads on the run page that the endpoint answered 500, and never what it said", async ({ page }) => {
    const response = await page.goto(runPage());
    await expect(page.getByTestId("run-output")).toHaveText("the endpoint answered 500 (after 3 attempts)");
    expect(await response!.text()).not.toContain(SECRET);
    expect(await page.content()).not.toContain(SECRET);
    await expect(page.getByTestId("run-error-detail")).toHaveCount(0);
  });
});

test.describe("an admin", () => {
  test.use({ role: "admin" });

  test("reads what the endpoint said, one click away on the run page", async ({ page }) => {
    await page.goto(runPage());
    await page.getByText("What the endpoint said (shown to admins)").click();
    await expect(page.getByTestId("run-error-detail")).toContainText(`internal error: token=${SECRET}`);
  });

  test("adds a serving target by name, and a file: URL is refused with a message", async ({ page }) => {
    await page.goto("/admin/serving-targets");
    await expect(page.getByRole("heading", { name: seeded.target })).toBeVisible();
    // Its endpoint answered /v1/models with a 500: no campaign recorded what it serves.
    const seededSection = page.locator("section", { has: page.getByRole("heading", { name: seeded.target }) });
    await expect(seededSection.getByText("No campaign has recorded what its endpoint serves yet.")).toBeVisible();
    const form = page.getByRole("form", { name: "Add a serving target" });
    const fill = async (baseUrl: string) => {
      await form.getByLabel("Name").fill("beluga-gpu");
      await form.getByLabel("Base URL").fill(baseUrl);
      await form.getByLabel("Model it serves").fill("stabilityai/StableBeluga2");
      await form.getByLabel("Declared revision").fill("a1b2c3");
      await form.getByRole("button", { name: "Add serving target" }).click();
    };
    await fill("file:///etc/passwd");
    await expect(form.getByRole("alert")).toHaveText("baseUrl: file is not allowed: a base URL is http or https");
    await fill("http://10.0.0.7:8000/v1");
    await expect(page.getByRole("heading", { name: "beluga-gpu" })).toBeVisible();
  });
});
