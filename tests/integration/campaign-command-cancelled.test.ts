// `campaign run` whose campaign a reviewer cancels from the browser while it runs: the command ends
// (exit 3, not completed), and its report accounts for every run: judged, errored, or not run
// because the campaign was cancelled. Before, the runs it never ran were in no figure at all.
import { expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { eventually } from "../support/eventually";
import { runCli } from "../support/run-cli";
import { campaignDatabase, rita } from "./campaign-fixture";

const args = ["run", "--uses", "U1,U2,U3,U4", "--cases-per-suite", "12", "--max-new-tokens", "16", "--batch", "2", "--seed", "7", "--name", "to cancel"];

async function cancelOnceStarted(db: Awaited<ReturnType<typeof campaignDatabase>>["db"]) {
  const campaignId = await eventually(
    async () => {
      const campaign = await db.campaign.findFirst({ where: { name: "to cancel" }, select: { id: true } });
      return campaign && (await loadCampaignProgress(db, campaign.id))!.done > 0 && campaign.id;
    },
    "the command's first result",
    180_000,
  );
  expect(await controlCampaign(db, rita, { campaignId, action: "cancel" })).toMatchObject({ ok: true });
}

test("`campaign run --json` cancelled mid-run: done, errors and not run add up to its runs", async () => {
  const { db, url } = await campaignDatabase();
  const [run] = await Promise.all([runCli("cli/campaign.ts", [...args, "--json"], url), cancelOnceStarted(db)]);
  expect(run.code).toBe(3);
  const report = JSON.parse(run.stdout);
  expect(report.status).toBe("CANCELLED");
  expect(report.notRun).toBeGreaterThan(0);
  expect(report.done + report.errors + report.notRun).toBe(report.runs);
});

test("`campaign run` cancelled mid-run says how many runs were not run, and why", async () => {
  const { db, url } = await campaignDatabase();
  const [run] = await Promise.all([runCli("cli/campaign.ts", args, url), cancelOnceStarted(db)]);
  expect(run.code).toBe(3);
  const summary = run.stdout.split("\n").find((line) => line.startsWith("cancelled: "));
  const [, done, errors, notRun] = summary?.match(/^cancelled: (\d+) judged, (\d+) errors, (\d+) not run \(the campaign was cancelled\) in /) ?? [];
  expect({ summary, notRun: Number(notRun) > 0 }).toEqual({ summary, notRun: true });
  expect(Number(done) + Number(errors) + Number(notRun)).toBe(48);
});
