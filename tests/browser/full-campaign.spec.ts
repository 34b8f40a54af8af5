import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { isTestableRisk, loadSuites, untestableRisks } from "../../lib/suites";
import { openMatrix } from "./matrix-page";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

// Every suite, every case, the form's default settings, one worker as `npm start` runs it. This
// spec gives every testable cell evidence, so playwright.config.ts runs it after all other specs.
const env = e2eEnv;
let worker: ChildProcess;
// The worker's last words, for the error when it dies before the campaign completes.
let workerLog = "";

/** What the suites say the campaign covers: cases in all, and per cell ("R1-U1") how many claim it. */
function suiteCoverage() {
  const suites = loadSuites();
  const casesPerCell = new Map<string, number>();
  for (const { suite } of suites) {
    for (const testCase of suite.cases) {
      for (const risk of testCase.risks) casesPerCell.set(`${risk}-${suite.use}`, (casesPerCell.get(`${risk}-${suite.use}`) ?? 0) + 1);
    }
  }
  return {
    totalCases: suites.reduce((sum, { suite }) => sum + suite.cases.length, 0),
    uses: suites.map(({ suite }) => suite.use),
    casesPerCell,
  };
}

/** Rejects when the worker exits: a crashed worker fails the test now, not after fifteen minutes. */
function exitOf(child: ChildProcess): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error(`the campaign worker exited (${child.exitCode ?? child.signalCode}) before the campaign completed:\n${workerLog}`));
    if (child.exitCode !== null || child.signalCode !== null) fail();
    else child.once("exit", fail);
  });
}

test.beforeAll(() => {
  // Syncing and starting tsx on a loaded two-core machine can outlast the default hook timeout.
  test.setTimeout(180_000);
  execFileSync(process.execPath, ["--import", "tsx", "cli/riskledger.ts", "suites", "sync"], { env, stdio: "pipe" });
  worker = spawn(process.execPath, ["--import", "tsx", "cli/worker.ts"], { env, stdio: ["ignore", "ignore", "pipe"] });
  worker.stderr!.on("data", (chunk: Buffer) => {
    workerLog = (workerLog + chunk.toString()).slice(-4000);
  });
});

test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("a full campaign of all four suites on the tiny model completes from the browser and the matrix then shows evidence in every testable cell", async ({
  page,
}, testInfo) => {
  // A quiet machine runs every case in about two minutes; a loaded two-core CI machine in up to fifteen.
  test.setTimeout(20 * 60_000);
  const { totalCases, uses, casesPerCell } = suiteCoverage();
  const workerExited = exitOf(worker);
  // Raced against the progress below; a rejection before then must not count as unhandled.
  workerExited.catch(() => {});

  await page.goto("/models/stable-beluga-2/campaigns");
  const form = page.getByRole("form", { name: "Start a campaign" });
  for (const legend of [/^Uses/, /^Risks/]) {
    const boxes = form.getByRole("group", { name: legend }).getByRole("checkbox");
    await expect(boxes.first()).toBeVisible();
    for (const box of await boxes.all()) await box.check();
  }
  await expect(form.getByRole("spinbutton", { name: "Cases per suite" })).toHaveValue("");

  const startedAt = Date.now();
  const loadAtStart = loadavg();
  await form.getByRole("button", { name: "Start campaign" }).click();

  await expect(page).toHaveURL(/\/campaigns\/[a-z0-9]+$/);
  const progress = page.getByTestId("campaign-progress");
  await expect(progress).toContainText(`of ${totalCases}`);
  await Promise.race([expect.poll(() => progress.getAttribute("data-status"), { timeout: 15 * 60_000, intervals: [250] }).toBe("COMPLETED"), workerExited]);
  const seconds = (Date.now() - startedAt) / 1000;
  await expect(progress).toHaveAttribute("data-finished", String(totalCases));
  await expect(progress).toContainText(`${totalCases} of ${totalCases}`);

  const timing = [
    `full campaign: ${totalCases} cases in ${seconds.toFixed(1)} s (${(totalCases / seconds).toFixed(2)} cases/s), start click to COMPLETED`,
    `load average (1, 5, 15 min): at start ${formatLoad(loadAtStart)}, at end ${formatLoad(loadavg())}`,
  ].join("\n");
  console.log(timing);
  await testInfo.attach("full-campaign timing", { body: timing, contentType: "text/plain" });

  await openMatrix(page);
  // Each cell's evidence badge as it reads, with its title (why the evidence is stale, if it is).
  const badges = await page.locator("[data-cell]").evaluateAll((buttons) =>
    buttons.map((button): [string, string] => {
      const badge = button.querySelector(".evidence");
      const why = badge?.getAttribute("title");
      return [button.getAttribute("data-cell") ?? "", `${badge?.textContent ?? ""}${why ? ` (${why})` : ""}`];
    }),
  );
  const shown = new Map(badges);
  const problems: string[] = [];
  for (const [cell, claimed] of casesPerCell) {
    const badge = shown.get(cell) ?? "(not on the matrix)";
    const evidence = badge.match(/^(pass|fail|inconclusive) \d+\/(\d+)/);
    if (!evidence) problems.push(`${cell}: ${claimed} cases claim it, yet it shows "${badge}"`);
    else if (Number(evidence[2]) < 1 || Number(evidence[2]) > claimed) problems.push(`${cell}: n = ${evidence[2]} from ${claimed} cases`);
  }
  for (const { code } of untestableRisks()) {
    for (const use of uses) {
      const badge = shown.get(`${code}-${use}`) ?? "(not on the matrix)";
      if (!/^untested( \(|$)/.test(badge)) problems.push(`${code}-${use}: no prompt can test it, yet it shows "${badge}"`);
    }
  }
  for (const cell of shown.keys()) {
    if (!casesPerCell.has(cell) && isTestableRisk(cell.split("-")[0])) problems.push(`${cell}: a testable risk no case claims`);
  }
  expect(problems).toEqual([]);
});

function formatLoad(load: number[]): string {
  return load.map((value) => value.toFixed(2)).join(", ");
}
