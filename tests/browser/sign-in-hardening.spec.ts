// Sign-in as a probe tried it: a next value the browser would read as another site, and a
// one-time password that must be replaced before anything else.
import { execFileSync } from "node:child_process";
import { e2eEnv } from "./support/e2e-server";
import { expect, test, TEST_USERS } from "./support/signed-in";

test.use({ role: null });

test("signing in with next=/%09/evil.example/phish lands on the app, not on evil.example", async ({ page, baseURL }) => {
  await page.goto("/sign-in?next=/%09/evil.example/phish");
  await page.getByLabel("Email").fill(TEST_USERS.approver.email);
  await page.getByLabel("Password").fill(TEST_USERS.approver.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(`Signed in as ${TEST_USERS.approver.name}`)).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  // The home page may already have sent the browser on to the first model's page: any path of the app will do.
  expect(new URL(page.url()).pathname).toMatch(/^\/(models\/[a-z0-9-]+)?$/);
});

test("a next value with newlines or carriage returns gets the sign-in page, not a server error", async ({ page }) => {
  for (const next of ["/%0d%0a/evil.example", "/%0a/evil.example", "%0d%0aSet-Cookie:%20x=1"]) {
    const response = await page.request.get(`/sign-in?next=${next}`, { maxRedirects: 0 });
    expect(response.status()).toBe(200);
  }
});

test("a one-time password signs in once and every page asks for a new password until it is changed", async ({ page }) => {
  const email = `one-time-${Date.now()}@e2e.test`;
  const printed = execFileSync(
    process.execPath,
    ["--import", "tsx", "cli/riskledger.ts", "user", "create", "--email", email, "--name", "Otto Onetime", "--role", "reviewer"],
    {
      env: e2eEnv,
      encoding: "utf8",
    },
  );
  const oneTimePassword = printed.match(/one-time password[^:]*: (\S+)/)![1];

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(oneTimePassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  await expect(page).toHaveURL(/\/account\/password/);

  // Any other page, and the API, wait for the change.
  await page.goto("/models/stable-beluga-2/matrix");
  await expect(page).toHaveURL(/\/account\/password\?next=%2Fmodels%2Fstable-beluga-2%2Fmatrix$/);
  expect((await page.request.get("/api/models/stable-beluga-2/audit.csv")).status()).toBe(403);

  await page.getByLabel("New password", { exact: true }).fill("otto-own-password-1");
  await page.getByLabel("New password again").fill("otto-own-password-1");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/models\/stable-beluga-2\/matrix$/);
  await expect(page.getByText("Signed in as Otto Onetime")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(oneTimePassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".sign-in-form").getByRole("alert")).toContainText(/invalid email or password/i);
  await page.getByLabel("Password").fill("otto-own-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Signed in as Otto Onetime")).toBeVisible();
});
