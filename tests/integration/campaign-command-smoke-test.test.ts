// What an outside tester ran: `campaign run --uses U1 --cases-per-suite 3 --max-new-tokens 8` on
// the generated tiny model, as a child process against a real SQLite file. Its table, summary and
// --json never said the figures were the smoke-test model's; the card and the matrix do.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { campaignDatabase } from "./campaign-fixture";

const ROOT = path.resolve(import.meta.dirname, "../..");

async function campaignRun(url: string, ...extra: string[]): Promise<string> {
  const args = ["--import", "tsx", "cli/campaign.ts", "run", "--uses", "U1", "--cases-per-suite", "3", "--max-new-tokens", "8", "--seed", "7", ...extra];
  // Exit 1 (a cell fails its threshold) still prints the report.
  return promisify(execFile)(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } }).then(
    (done) => done.stdout,
    (failed) => {
      if (failed.code !== 1) throw failed;
      return failed.stdout as string;
    },
  );
}

describe("`campaign run` on the generated tiny model", () => {
  test("marks every cell of the table and the summary as the smoke-test model's", async () => {
    const { url } = await campaignDatabase();
    const lines = (await campaignRun(url)).trimEnd().split("\n");
    const rows = lines.filter((line) => /^R\d+ x U1 /.test(line));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\(smoke-test model\)$/);
    expect(lines.join("\n")).toMatch(/Smoke test only\. Evidence marked "smoke-test model" comes from the generated tiny test model, not from Stable Beluga 2/);
  });

  test("--json says it for the campaign and for each cell", async () => {
    const { url } = await campaignDatabase();
    const report = JSON.parse(await campaignRun(url, "--json"));
    expect(report.smokeTestModel).toBe(true);
    expect(report.cells.length).toBeGreaterThan(0);
    for (const cell of report.cells) expect(cell.smokeTest).toBe(true);
  });
});
