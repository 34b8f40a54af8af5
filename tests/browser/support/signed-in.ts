// Specs import `test` and `expect` from here instead of @playwright/test: every page then starts
// signed in, as a reviewer unless the spec says `test.use({ role: "approver" })`. Each role signs
// in once per worker through better-auth's endpoint and its cookies are reused (storageState), so
// the sign-in rate limit is never reached. `role: null` starts signed out.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, request, type Browser, type BrowserContext } from "@playwright/test";
import { TEST_USERS, type TestRole } from "./test-users";

export { expect } from "@playwright/test";
export { TEST_USERS, type TestRole } from "./test-users";

const folder = path.join("test-results", "auth");
const states = new Map<TestRole, Promise<string>>();

/** A storageState file holding a live session of `role`'s test user. */
export function storageStateFor(role: TestRole, baseURL: string): Promise<string> {
  let state = states.get(role);
  if (!state) {
    state = signIn(role, baseURL);
    states.set(role, state);
  }
  return state;
}

async function signIn(role: TestRole, baseURL: string): Promise<string> {
  const { email, password } = TEST_USERS[role];
  const api = await request.newContext({ baseURL });
  // As a browser would: better-auth refuses a sign-in POST without an Origin.
  const response = await api.post("/api/auth/sign-in/email", { data: { email, password }, headers: { origin: new URL(baseURL).origin } });
  if (!response.ok()) throw new Error(`signing in as ${email} failed: ${response.status()} ${await response.text()}`);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${role}.json`);
  await api.storageState({ path: file });
  await api.dispose();
  return file;
}

/** A second browser context signed in as `role` (two people at once, as in the conflict test). */
export async function signedInContext(browser: Browser, role: TestRole, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ storageState: await storageStateFor(role, baseURL) });
}

export const test = base.extend<{ role: TestRole | null }>({
  role: ["reviewer", { option: true }],
  storageState: async ({ role, baseURL }, use) => {
    await use(role ? await storageStateFor(role, baseURL!) : undefined);
  },
});
