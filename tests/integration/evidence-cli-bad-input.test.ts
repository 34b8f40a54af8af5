// `riskledger evidence import` given what it cannot import, run as a person runs it: a path that
// does not exist, a folder, an unknown flag. Each gets one line saying what is wrong (the usage for
// a flag), a non-zero exit, no stack trace, and nothing written.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { runCli, type CliRun } from "../support/run-cli";
import { campaignDatabase } from "./campaign-fixture";

async function evidence(url: string, ...args: string[]): Promise<CliRun> {
  return runCli("cli/riskledger.ts", ["evidence", ...args], url);
}

describe("riskledger evidence import, given what it cannot import", () => {
  test("a path that does not exist or is a folder: one line naming the path and the problem, exit 1, nothing written", async () => {
    const { db, url } = await campaignDatabase();
    const folder = mkdtempSync(path.join(tmpdir(), "riskledger-not-a-file-"));
    const missing = path.join(folder, "nope.json");
    expect(await evidence(url, "import", missing)).toEqual({ code: 1, stdout: "", stderr: `${missing}: no such file\n` });
    expect(await evidence(url, "import", folder)).toEqual({ code: 1, stdout: "", stderr: `${folder}: a folder, not a file\n` });
    expect(await db.externalImport.count()).toBe(0);
    await db.$disconnect();
  });

  test("a mapping file that does not exist or is a folder: one line naming it, not Node's ENOENT or a stack trace, exit 1, nothing written", async () => {
    const { db, url } = await campaignDatabase();
    const folder = mkdtempSync(path.join(tmpdir(), "riskledger-no-mapping-"));
    const missing = path.join(folder, "mapping.yaml");
    const results = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
    expect(await evidence(url, "import", "--mapping", missing, results)).toEqual({
      code: 1,
      stdout: "",
      stderr: `the mapping file ${missing}: no such file\n`,
    });
    expect(await evidence(url, "import", "--mapping", folder, results)).toEqual({
      code: 1,
      stdout: "",
      stderr: `the mapping file ${folder}: a folder, not a file\n`,
    });
    expect(await db.externalImport.count()).toBe(0);
    await db.$disconnect();
  });

  test("an unknown flag: the usage, exit 2", async () => {
    const { url } = await campaignDatabase();
    const outcome = await evidence(url, "import", "--bogus");
    expect(outcome).toMatchObject({ code: 2, stdout: "" });
    expect(outcome.stderr).toMatch(/^evidence: Unknown option '--bogus'.*\nusage: riskledger evidence import FILE\.\.\./);
    expect(outcome.stderr).not.toContain("    at ");
  });
});
