// What an outside tester ran: `campaign run --uses U1 --cases-per-suite 3 --max-new-tokens 8` on
// the generated tiny model, as a child process against a real SQLite file. Its table, summary and
// --json never said the figures were the smoke-test model's; the card and the matrix do. Its --json
// rate was the runs over the command's whole time, the model's load included (on a real checkpoint,
// minutes of it): it is over the time spent generating, the load given apart.
import { describe, expect, test } from "vitest";
import { runCli } from "../support/run-cli";
import { campaignDatabase } from "./campaign-fixture";

async function campaignRun(url: string, ...extra: string[]): Promise<string> {
  const run = await runCli("cli/campaign.ts", ["run", "--uses", "U1", "--cases-per-suite", "3", "--max-new-tokens", "8", "--seed", "7", ...extra], url);
  // Exit 1 (a cell fails its threshold) still prints the report.
  if (run.code !== 0 && run.code !== 1) throw new Error(`campaign run exited ${run.code}: ${run.stderr}`);
  return run.stdout;
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

  test("--json gives the rate over the time spent generating, the model's load given apart", async () => {
    const { url } = await campaignDatabase();
    const report = JSON.parse(await campaignRun(url, "--json"));
    const finished = report.done + report.errors;
    expect(report.casesPerSecond).toBeGreaterThan(finished / report.wallSeconds);
    expect(report.loadSeconds).toBeGreaterThan(0);
    expect(report.generationSeconds).toBeGreaterThan(0);
    expect(report.loadSeconds + report.generationSeconds).toBeLessThan(report.wallSeconds);
    expect(report.casesPerSecond).toBeCloseTo(finished / report.generationSeconds, 6);
  });
});
