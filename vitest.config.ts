import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Two tiers (README, docs/ARCHITECTURE.md): `unit` is pure code, with no database, no engine run and
// no browser, so it needs no migrated template database; `integration` runs against real databases,
// the engine and HTTP servers. `npx vitest run` runs both; `--project unit` one of them.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      // Pure code keeps no state between files, so the unit files share their workers' module
      // cache instead of each importing zod, remark and the detectors again (most of their time).
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], pool: "threads", isolate: false } },
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], globalSetup: ["tests/support/global-setup.ts"] },
      },
    ],
  },
});
