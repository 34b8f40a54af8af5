// `riskledger suites sync` as npm start runs it: each suite's line says what the sync did to it.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { suitesDir } from "../../lib/suites";
import { freshDatabase } from "../support/fresh-database";
import { runCli } from "../support/run-cli";

test("suites sync says a suite it wrote for the first time was created, and one it left alone unchanged", async () => {
  const { url } = freshDatabase();
  expect((await runCli("cli/riskledger.ts", ["card", "import", "--apply"], url)).code).toBe(0);

  const first = await runCli("cli/riskledger.ts", ["suites", "sync"], url);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/^u1-recommender \(U1\): \d+ cases, created$/m);
  expect(first.stdout).not.toContain("updated");

  const again = await runCli("cli/riskledger.ts", ["suites", "sync"], url);
  expect(again.stdout).toMatch(/^u1-recommender \(U1\): \d+ cases, unchanged$/m);
}, 90_000);

test("suites sync names a suite whose file was taken out of content/suites, retired with its cases", async () => {
  const { url } = freshDatabase();
  expect((await runCli("cli/riskledger.ts", ["card", "import", "--apply"], url)).code).toBe(0);
  expect((await runCli("cli/riskledger.ts", ["suites", "sync"], url)).code).toBe(0);
  // A root whose content/suites lacks U1's file (RISKLEDGER_ROOT is where the CLI finds content/).
  const root = mkdtempSync(path.join(tmpdir(), "root-without-u1-suite-"));
  cpSync(suitesDir, path.join(root, "content", "suites"), { recursive: true, filter: (source) => path.basename(source) !== "u1-recommender.yaml" });
  try {
    const synced = await runCli("cli/riskledger.ts", ["suites", "sync"], url, { RISKLEDGER_ROOT: root });
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(
      /^u1-recommender \(U1\): its file is gone from content\/suites, retired with its \d+ cases \(earlier campaigns keep their runs\)$/m,
    );
    expect(synced.stdout).toMatch(/^u4-medical \(U4\): \d+ cases, unchanged$/m);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 90_000);
