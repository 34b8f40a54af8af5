import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Integration files that call the app's pages, route handlers and server actions as functions: they
// share one process with Next's request modules stood in (tests/support/next-stand-ins.ts), which also
// gives each file back the environment it found. tests/unit/integration-isolation.test.ts keeps this
// list and the next one complete.
export const appIntegrationFiles = [
  "tests/integration/audit-csv-route.test.ts",
  "tests/integration/audit-log-pages.test.ts",
  "tests/integration/authorization-matrix.test.ts",
  "tests/integration/campaign-api-bad-input.test.ts",
  "tests/integration/campaign-api-cells-not-tested.test.ts",
  "tests/integration/campaign-api-control.test.ts",
  "tests/integration/campaign-loading-model.test.ts",
  "tests/integration/campaign-page-odd-states.test.ts",
  "tests/integration/campaign-pages-bidi-controls.test.ts",
  "tests/integration/campaign-pages-other-model.test.ts",
  "tests/integration/campaign-pause-reason-page.test.ts",
  "tests/integration/upload-not-utf8.test.ts",
  "tests/integration/cell-api-bad-input.test.ts",
  "tests/integration/cell-editor-answered-and-judged.test.ts",
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
  "tests/integration/releases-publish-action.test.ts",
  "tests/integration/server-action-arguments.test.ts",
  "tests/integration/shape-forms-after-conflict.test.ts",
  "tests/integration/sign-in-hardening.test.ts",
  "tests/integration/users.test.ts",
];

// Integration files that mock modules of their own or change the environment before their imports (a
// content root or a timeout read at import): each runs in a process of its own.
export const isolatedIntegrationFiles = [
  "tests/integration/campaign-evidence-category-risks.test.ts",
  "tests/integration/releases-files-fixed-at-publication.test.ts",
  "tests/integration/transient-database-error.test.ts",
];

// Two tiers (README, docs/ARCHITECTURE.md): `unit` is pure code, with no database, no engine run and
// no browser, so it needs no migrated template database; `integration` runs against real databases,
// the engine and HTTP servers, in three projects (below). `npx vitest run` runs all; `--project unit`
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
          exclude: [...appIntegrationFiles, ...isolatedIntegrationFiles],
          isolate: false,
          globalSetup: ["tests/support/run-folder.ts", "tests/support/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration-app",
          include: appIntegrationFiles,
          isolate: false,
          setupFiles: ["tests/support/next-stand-ins.ts"],
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
