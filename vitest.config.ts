import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Integration files that mock modules (vi.mock, vi.hoisted) or leave process.env changed for the rest
// of their process (the auth secret, DATABASE_URL, upload folders, a timeout read at import): each
// runs in a process of its own, as before. tests/unit/integration-isolation.test.ts keeps this
// list complete.
export const isolatedIntegrationFiles = [
  "tests/integration/audit-csv-route.test.ts",
  "tests/integration/audit-log-pages.test.ts",
  "tests/integration/authorization-matrix.test.ts",
  "tests/integration/campaign-api-bad-input.test.ts",
  "tests/integration/campaign-evidence-category-risks.test.ts",
  "tests/integration/campaign-loading-model.test.ts",
  "tests/integration/campaign-page-odd-states.test.ts",
  "tests/integration/campaign-pages-bidi-controls.test.ts",
  "tests/integration/campaign-pages-other-model.test.ts",
  "tests/integration/campaign-pause-reason-page.test.ts",
  "tests/integration/upload-not-utf8.test.ts",
  "tests/integration/cell-api-bad-input.test.ts",
  "tests/integration/cell-edit-retired.test.ts",
  "tests/integration/forms-keep-typed-after-refusal.test.ts",
  "tests/integration/import-upload-limits.test.ts",
  "tests/integration/import-upload-routes.test.ts",
  "tests/integration/malformed-input.test.ts",
  "tests/integration/mapping-editor-line-ends.test.ts",
  "tests/integration/mapping-editor-not-utf8.test.ts",
  "tests/integration/matrix-page-payload.test.ts",
  "tests/integration/pages-bidi-controls.test.ts",
  "tests/integration/pages-odd-params.test.ts",
  "tests/integration/passwords.test.ts",
  "tests/integration/releases-downloads.test.ts",
  "tests/integration/releases-files-fixed-at-publication.test.ts",
  "tests/integration/releases-publish-action.test.ts",
  "tests/integration/server-action-arguments.test.ts",
  "tests/integration/shape-forms-after-conflict.test.ts",
  "tests/integration/sign-in-hardening.test.ts",
  "tests/integration/transient-database-error.test.ts",
  "tests/integration/users.test.ts",
];

// Two tiers (README, docs/ARCHITECTURE.md): `unit` is pure code, with no database, no engine run and
// no browser, so it needs no migrated template database; `integration` runs against real databases,
// the engine and HTTP servers, in two projects (below). `npx vitest run` runs all; `--project unit`
// or `--project "integration*"` one tier.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default, one worker fewer than the cores, is one worker on a two-core machine, and it left
    // a third of the two cores idle (vmstat: 30-35% idle through the integration files): much of a test's
    // time is waiting on the processes, servers and databases it starts.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // Pure code keeps no state between files, so the unit files share their workers' module
      // cache instead of each importing zod, remark and the detectors again (most of their time).
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], pool: "threads", isolate: false, globalSetup: ["tests/support/run-folder.ts"] },
      },
      // Every other integration file gives back what it changes (each its own database, servers
      // stopped, env put back), so they share one process: importing Prisma, the app and the engine
      // again for each file cost ~2.5 s a file, ~200 s of the run on a two-core machine.
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: isolatedIntegrationFiles,
          isolate: false,
          globalSetup: ["tests/support/run-folder.ts", "tests/support/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration-isolated",
          include: isolatedIntegrationFiles,
          globalSetup: ["tests/support/run-folder.ts", "tests/support/global-setup.ts"],
        },
      },
    ],
  },
});
