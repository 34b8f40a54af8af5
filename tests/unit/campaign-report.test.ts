// The campaign command's report as a person at a terminal reads it: a table per cell and a closing
// summary. Figures the generated smoke-test model made say so on every row and in the summary;
// the same figures from the model's own answers carry no such mark.
import { describe, expect, it } from "vitest";
import { campaignSummary, databaseWaitLine, formatCellTable, modelLoadingChange, progressLine, servingOutageChange } from "../../cli/campaign-report";
import type { CampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { type DatabaseWaitChange, DatabaseWaitWatch } from "../../lib/db/database-wait";
import type { CorrectedCellAggregate } from "../../lib/evidence/corrected-figures";

const r8u1: CorrectedCellAggregate = {
  riskCode: "R8",
  useCode: "U1",
  passes: 1,
  failures: 0,
  overrides: 0,
  errors: 0,
  unjudged: 0,
  n: 1,
  rate: 0,
  intervalLow: 0,
  intervalHigh: 0.7935,
  verdict: "inconclusive",
  rawVerdict: "inconclusive",
  correctedRate: null,
  correctedLow: null,
  correctedHigh: null,
  failureThreshold: 0.05,
  minSampleSize: 30,
};
const r2u1: CorrectedCellAggregate = { ...r8u1, riskCode: "R2" };
const progress = { status: "COMPLETED" as const, done: 3, errors: 0, notRun: 0 };

describe("a campaign on the smoke-test model, reported at the terminal", () => {
  it("marks every cell's verdict in the table", () => {
    const rows = formatCellTable([r8u1, r2u1], true).split("\n").slice(2);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/INCONCLUSIVE \(smoke-test model\)$/);
  });

  it("says in the summary whose answers the figures are not", () => {
    expect(campaignSummary({ progress, wallSeconds: 4.2, cells: 2, failedCells: 0, smokeTest: true, modelName: "Stable Beluga 2" })).toBe(
      "completed: 3 judged, 0 errors in 4.2 s; 2 cells, 0 failing their threshold\n" +
        'Smoke test only. Evidence marked "smoke-test model" comes from the generated tiny test model, not from Stable Beluga 2: it shows the pipeline works and says nothing about the model\'s risks.',
    );
  });
});

describe("a campaign on the model's own checkpoint, reported at the terminal", () => {
  it("says nothing of a smoke test in the table or the summary", () => {
    expect(formatCellTable([r8u1, r2u1], false)).not.toMatch(/smoke/i);
    expect(campaignSummary({ progress, wallSeconds: 4.2, cells: 2, failedCells: 0, smokeTest: false, modelName: "Stable Beluga 2" })).toBe(
      "completed: 3 judged, 0 errors in 4.2 s; 2 cells, 0 failing their threshold",
    );
  });
});

describe("a cell whose detectors' accuracy is measured, reported at the terminal", () => {
  it("shows the corrected interval its verdict is read from beside the raw one", () => {
    const r1u1 = {
      ...r8u1,
      riskCode: "R1",
      passes: 0,
      failures: 1,
      rate: 1,
      intervalLow: 0.2065,
      intervalHigh: 1,
      rawVerdict: "fail" as const,
      correctedRate: 1,
      correctedLow: 0.0826,
      correctedHigh: 1,
    };
    const [header, , row, unknown] = formatCellTable([r1u1, r8u1], false).split("\n");
    expect(header).toMatch(/95% interval +corrected 95% /);
    expect(row).toMatch(/20\.6%–100\.0% +8\.3%–100\.0% .* INCONCLUSIVE$/);
    expect(unknown).toMatch(/0\.0%–79\.3% +unknown /);
  });
});

describe("a campaign whose serving endpoint is down, told at the terminal", () => {
  const outage = {
    target: "beluga-vllm",
    reason: "the endpoint answered 503 (after 3 attempts)",
    since: "2026-12-06T14:03:07.412Z",
    failsAt: "2026-12-06T14:13:07.412Z",
  };

  const before = new Date("2026-12-06T14:05:00Z");

  it("says once that it waits, why, since when and until when, and again only when the reason changes", () => {
    const sentence =
      "Waiting for serving target beluga-vllm: the endpoint answered 503 (after 3 attempts). Unreachable since 14:03:07 UTC; runs fail instead from 14:13:07 UTC if it stays down.";
    expect(servingOutageChange(null, { status: "RUNNING", outage }, before)).toBe(sentence);
    expect(servingOutageChange(outage, { status: "RUNNING", outage }, before)).toBeNull();
    expect(
      servingOutageChange(outage, { status: "RUNNING", outage: { ...outage, reason: "the endpoint could not be reached (after 3 attempts)" } }, before),
    ).toMatch(/^Waiting for serving target beluga-vllm: the endpoint could not be reached/);
  });

  it("says, once the moment has passed, that the runs fail instead of waiting", () => {
    expect(servingOutageChange(null, { status: "RUNNING", outage }, new Date("2026-12-06T14:13:07.412Z"))).toBe(
      "Serving target beluga-vllm is still unreachable: the endpoint answered 503 (after 3 attempts). Unreachable since 14:03:07 UTC; since 14:13:07 UTC its runs fail instead of waiting.",
    );
  });

  it("says the endpoint answers again when the outage clears while the campaign runs, not when the campaign ended", () => {
    expect(servingOutageChange(outage, { status: "RUNNING", outage: null }, before)).toBe("serving target beluga-vllm answers again");
    expect(servingOutageChange(outage, { status: "COMPLETED", outage: null }, before)).toBeNull();
    expect(servingOutageChange(null, { status: "RUNNING", outage: null }, before)).toBeNull();
  });
});

describe("a campaign whose database stops answering, told at the terminal", () => {
  it("hears once that the database is away, however many queries and retries fail, and once that it answers again", () => {
    const changes: DatabaseWaitChange[] = [];
    const watch = new DatabaseWaitWatch((change) => changes.push(change));
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    watch.answered();
    for (let retry = 0; retry < 5; retry++) watch.failed(refused);
    watch.answered();
    watch.answered();
    expect(changes.map((change) => ("waiting" in change ? `waiting: ${change.waiting.reason}` : "answered"))).toEqual([
      "waiting: connect ECONNREFUSED 127.0.0.1:5432 (ECONNREFUSED)",
      "answered",
    ]);
  });

  it("says it waits, why and since when, then that it goes on and after how long", () => {
    const wait = { since: new Date("2026-12-06T14:03:07.412Z"), reason: "Server has closed the connection." };
    expect(databaseWaitLine({ waiting: wait })).toBe(
      "Waiting for the database: Server has closed the connection. Not answering since 14:03:07 UTC; the campaign goes on when it answers.",
    );
    expect(databaseWaitLine({ answered: wait, at: new Date("2026-12-06T14:03:11.100Z") })).toBe("the database answers again after 4 s; the campaign goes on");
  });
});

describe("a campaign whose worker is loading the model, told at the terminal", () => {
  const loading = { since: "2026-12-06T14:03:07.412Z", worker: "gpu-1:4242:a1b2c3" };
  const running: CampaignProgress = {
    campaignId: "c1",
    status: "RUNNING",
    total: 12,
    pending: 12,
    leased: 0,
    leaseExpired: 0,
    done: 0,
    errors: 0,
    notRun: 0,
    passes: 0,
    failures: 0,
    casesPerSecond: null,
    etaSeconds: null,
    startedAt: null,
    finishedAt: null,
    outage: null,
    loadingModel: loading,
    pausedBecause: null,
  };

  it("puts the load in the progress line where the rate would be, with since when", () => {
    expect(progressLine(running)).toBe("0/12 0% · 0 fail · 0 error · loading the model since 14:03:07 UTC");
    expect(progressLine({ ...running, loadingModel: null })).toBe("0/12 0% · 0 fail · 0 error · -- cases/s");
  });

  it("says once that the model is loading, by which worker and since when, and once that it is loaded", () => {
    expect(modelLoadingChange(null, running)).toBe("Worker gpu-1:4242:a1b2c3 is loading the model since 14:03:07 UTC: no run moves until it is loaded.");
    expect(modelLoadingChange(loading, running)).toBeNull();
    expect(modelLoadingChange(loading, { ...running, loadingModel: null })).toBe("the model is loaded; the campaign runs");
    expect(modelLoadingChange(null, { ...running, loadingModel: null })).toBeNull();
  });
});
