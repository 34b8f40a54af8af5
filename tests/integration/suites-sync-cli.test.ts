// `riskledger suites sync` as npm start runs it: each suite's line says what the sync did to it.
import { expect, test } from "vitest";
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
