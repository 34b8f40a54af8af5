// Setup of the integration-app project (vitest.config.ts): its files call the app's pages, route
// handlers and server actions as functions, outside a Next.js server. Next hands those the request's
// headers through next/headers, refreshes pages through next/cache and routes through
// next/navigation, none of which work outside its server, so every file of the project gets the same
// stand-ins. Each file also gets back the environment it found when it ends (the database, upload and
// mapping folders it pointed the app at), so the files can share one process.
import { randomBytes } from "node:crypto";
import { afterAll, vi } from "vitest";

vi.mock("next/headers", async () => (await import("./route-session")).nextHeadersStandIn);
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ replace: () => {}, refresh: () => {} }),
  usePathname: () => "/",
  useSearchParams: () => new URLSearchParams(),
}));

const environment = { ...process.env };
process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
});
