// Each role sees only what it may do; a signed-out visitor is sent to sign in, and comes back once
// signed in through the sign-in page. The server refuses the rest whatever the page shows
// (tests/integration/authorization-matrix.test.ts). The roles' pages start from the session each
// role signs in to once (support/signed-in.ts): signing in through the form is what the first test
// and the signing-out test prove, and sign-in-hardening.spec.ts.
import type { Locator, Page } from "@playwright/test";
import { openEditor, openMatrix } from "./matrix-page";
import { expect, test, TEST_USERS, type TestRole } from "./support/signed-in";

test.use({ role: null });

const slug = "stable-beluga-2";

/** The review statuses the open cell editor offers, as labelled. */
async function reviewStatusOptions(editor: Locator): Promise<string[]> {
  return editor.getByLabel("Review status").locator("option").allTextContents();
}

/** Opens the matrix as `role`'s test user, who the page says is signed in. */
async function openMatrixAs(page: Page, role: TestRole) {
  await openMatrix(page);
  await expect(page.getByText(`Signed in as ${TEST_USERS[role].name}`)).toBeVisible();
}

test("a signed-out visitor is sent to sign in, and comes back to the page they asked for", async ({ page }) => {
  await page.goto(`/models/${slug}/audit`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fmodels%2Fstable-beluga-2%2Faudit$/);
  await expect(page.getByRole("heading", { name: "Sign in to Riskledger" })).toBeVisible();
  const api = await page.request.get(`/api/models/${slug}/audit.csv`);
  expect(api.status()).toBe(401);

  await page.getByLabel("Email").fill(TEST_USERS.viewer.email);
  await page.getByLabel("Password").fill(TEST_USERS.viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}/audit$`));
});

test("a wrong password is refused without saying whether the email exists", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(TEST_USERS.viewer.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".sign-in-form").getByRole("alert")).toContainText(/invalid email or password/i);
  await expect(page).toHaveURL(/\/sign-in/);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("a viewer reads the matrix and the releases but can save, publish and manage nothing", async ({ page }) => {
    await openMatrixAs(page, "viewer");
    const editor = await openEditor(page, "R1", "U1");
    await expect(editor.getByRole("button", { name: "Save" })).toBeDisabled();
    await page.goto(`/models/${slug}/releases`);
    await expect(page.getByText("Publishing needs the approver role")).toBeVisible();
    await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
    await page.goto("/admin/users");
    await expect(page.locator("main").getByRole("alert")).toContainText("needs the admin role");
    await expect(page.getByRole("button", { name: "Add person" })).toHaveCount(0);
  });
});

test.describe("as a reviewer", () => {
  test.use({ role: "reviewer" });

  test("a reviewer may save a cell, but is offered no approval status and may not publish or manage people", async ({ page }) => {
    await openMatrixAs(page, "reviewer");
    const editor = await openEditor(page, "R1", "U2");
    await expect(editor.getByRole("button", { name: "Save" })).toBeEnabled();
    expect(await reviewStatusOptions(editor)).toEqual(["draft", "in review"]);
    await page.goto(`/models/${slug}/releases`);
    await expect(page.getByText("Publishing needs the approver role")).toBeVisible();
    await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  });
});

test.describe("as an approver", () => {
  test.use({ role: "approver" });

  test("an approver is offered every review status and may publish a release", async ({ page }) => {
    await openMatrixAs(page, "approver");
    const editor = await openEditor(page, "R1", "U2");
    expect(await reviewStatusOptions(editor)).toEqual(["draft", "in review", "approved", "accepted"]);
    await page.goto(`/models/${slug}/releases`);
    await expect(page.getByText("Publishing needs the approver role")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /publish/i })).toBeVisible();
    await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  });
});

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  test("an admin manages people; a new person's one-time password is shown once", async ({ page }) => {
    await openMatrixAs(page, "admin");
    await page.getByRole("link", { name: "People" }).click();
    await expect(page.getByRole("table", { name: "People" })).toContainText(TEST_USERS.reviewer.email);
    await page.getByLabel("Name").fill("Nia New");
    await page.getByLabel("Email").fill("nia@e2e.test");
    await page.getByRole("button", { name: "Add person" }).click();
    // Hashing the new password (scrypt, memory-hard) takes seconds on a busy machine.
    await expect(page.getByRole("status")).toContainText("One-time password, shown only now", { timeout: 30_000 });
    await page.reload();
    await expect(page.getByText("One-time password, shown only now")).toHaveCount(0);
    await expect(page.getByRole("table", { name: "People" })).toContainText("nia@e2e.test");
  });
});

test("signing out ends the session: the next page asks to sign in again", async ({ page }) => {
  // A session of its own, from the sign-in page: signing out must not end the one the other specs share.
  await page.goto(`/sign-in?next=${encodeURIComponent(`/models/${slug}/matrix`)}`);
  await page.getByLabel("Email").fill(TEST_USERS.reviewer.email);
  await page.getByLabel("Password").fill(TEST_USERS.reviewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}/matrix$`));
  await expect(page.getByText(`Signed in as ${TEST_USERS.reviewer.name}`)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`/models/${slug}/matrix`);
  await expect(page).toHaveURL(/\/sign-in/);
});
