// Browser tests in Debian's chromium headless shell (never a downloaded browser) against a production
// build of the app, served on 127.0.0.1 from a fresh test database with the card imported.
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { e2eDatabaseUrl, e2eDistDir, e2ePort } from "./tests/browser/support/e2e-server";

const port = e2ePort;
// `npm test` (tests/run-all.sh) makes the database and builds the app while Vitest runs, and says so
// here: the server then starts on those instead of making its own.
const prebuilt = process.env.RISKLEDGER_E2E_PREBUILT === "1";
const databaseUrl = e2eDatabaseUrl;

export default defineConfig({
  testDir: "tests/browser",
  // Playwright empties its output folder on start: keep it apart from the other runners' reports.
  outputDir: "test-results/browser",
  // One database for the run: tests edit different cells, one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  // The full campaign gives every testable cell evidence, which would break the specs that expect
  // an untested cell: it runs last, after every other spec has passed.
  projects: [
    { name: "browser", testIgnore: /full-campaign\.spec\.ts$/ },
    { name: "full-campaign", testMatch: /full-campaign\.spec\.ts$/, dependencies: ["browser"] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    // A trace is recorded through the whole test, passing or not: four specs (31 tests) took 160 and 175 s
    // traced against 137 and 160 s untraced. CI retries a failure once, and records that retry.
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // The headless shell, as Playwright's own headless runs use, not the full browser: that one
      // starts a second renderer for its window's own interface with each page. Five specs (36 tests)
      // took 132 and 161 s in chromium, 101 and 103 s in the shell, the two alternating.
      executablePath: "/usr/bin/chromium-headless-shell",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: [
      ...(prebuilt ? [] : ["bash tests/browser/support/make-e2e-database.sh", "node_modules/.bin/next build"]),
      `node scripts/web-server.mjs --host 127.0.0.1 --port ${port}`,
    ].join(" && "),
    env: {
      DATABASE_URL: databaseUrl,
      NEXT_DIST_DIR: e2eDistDir,
      NEXT_TELEMETRY_DISABLED: "1",
      // The files specs upload go with the run's temporary folder (tests/run-all.sh), not into the
      // checkout's data/uploads, where the next run's build would find them.
      RISKLEDGER_UPLOADS_DIR: path.join(tmpdir(), `riskledger-e2e-uploads-${port}`),
    },
    url: `http://127.0.0.1:${port}/`,
    // A clean build takes about 20 s; a loaded two-core machine needs far longer.
    timeout: 900_000,
    reuseExistingServer: !process.env.CI,
    stdout: "ignore",
    stderr: "pipe",
  },
});
