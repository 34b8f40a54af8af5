// A worker reads a campaign's stored settings once, where it loads the campaign (campaignToRun in
// worker.ts), and hands the parsed object down. Opening the backend and the judges, watching the
// served model and generating each batch take a CampaignToRun, which a stored row is not (its
// `backend` is a string, its sampling and judges raw JSON), so none of them can read the settings
// again. The types are checked by the compiler (`npx tsc --noEmit -p .`, and `next build`), the one
// place of the reading by the scan below.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, test } from "vitest";
import type { openCampaignBackend, openCampaignJudges } from "@/lib/campaigns/runner/campaign-backend";
import type { ServedModelWatch } from "@/lib/campaigns/runner/served-model";
import type { WorkerOptions } from "@/lib/campaigns/runner/worker";
import { campaignToRun, type CampaignRow, type CampaignToRun } from "@/lib/campaigns/settings/campaign-row";

const runnerDir = path.resolve(import.meta.dirname, "../../lib/campaigns/runner");

/** A campaign row as the database stores it: settings as JSON, the seed in its own column. */
const storedRow: CampaignRow = {
  id: "campaign-1",
  modelId: "model-1",
  name: "U4 refusals",
  status: "RUNNING",
  modelRevision: "rev-abc",
  backend: "openai",
  backendConfig: { target: "vllm-a100" },
  sampling: { temperature: 0.7, maxNewTokens: 64 },
  seed: 1234,
  suiteKeys: ["u4-suite"],
  suiteHashes: { U4: "suite-hash" },
  riskCodes: [],
  useCodes: ["U4"],
  repeats: 1,
  casesPerSuite: null,
  casesDrawnPerRisk: null,
  casesChosenById: false,
  judge: [{ kind: "openai", target: "guard", adapter: "llama-guard-3", mode: "counted", revision: "guard-rev" }],
  judgeRevision: null,
  verdictRule: "majority",
  servedModel: null,
  judgeServedModels: null,
  settingsHash: "hash",
  createdById: null,
  createdAt: new Date(0),
  startedAt: null,
  finishedAt: null,
  pausedAt: null,
  idleSeconds: 0,
  lastLeasedAt: null,
  outageTarget: null,
  outageSince: null,
  outageReason: null,
  outageRetryAt: null,
  outageFailsAt: null,
  modelLoadingSince: null,
  modelLoadingWorker: null,
  modelLoadingExpiresAt: null,
};

describe("a campaign's settings, read once per campaign by the worker", () => {
  test("campaignToRun reads the stored settings into one typed object, keeping none of the raw columns", () => {
    expect(campaignToRun(storedRow)).toEqual({
      id: "campaign-1",
      modelId: "model-1",
      modelRevision: "rev-abc",
      sampling: { temperature: 0.7, topK: 0, topP: 1, repetitionPenalty: 1, maxNewTokens: 64, seed: 1234 },
      backend: { kind: "openai", target: "vllm-a100" },
      judges: [{ kind: "openai", target: "guard", adapter: "llama-guard-3", mode: "counted", revision: "guard-rev" }],
      verdictRule: "majority",
    });
  });

  test("what runs a campaign takes the parsed settings, and a stored row is refused by the compiler", () => {
    expectTypeOf<typeof openCampaignBackend>().parameter(1).toEqualTypeOf<CampaignToRun>();
    expectTypeOf<typeof openCampaignJudges>().parameter(1).toEqualTypeOf<CampaignToRun>();
    expectTypeOf<ServedModelWatch["check"]>().parameter(0).toEqualTypeOf<CampaignToRun>();
    expectTypeOf<WorkerOptions["openBackend"]>().parameter(0).toEqualTypeOf<CampaignToRun>();
    expectTypeOf<NonNullable<WorkerOptions["openJudges"]>>().parameter(0).toEqualTypeOf<CampaignToRun>();
    expectTypeOf<CampaignRow>().not.toExtend<CampaignToRun>();
    // At run time: the campaign's backend is the parsed union a runner switches on, not the row's string.
    expect(typeof storedRow.backend).toBe("string");
    expect(campaignToRun(storedRow).backend.kind).toBe("openai");
  });

  test("the runner reads a campaign's settings in one place: where the worker loads the campaign", () => {
    const readers = /\b(campaignSettingsFromRow|campaignToRun|storedJudges|samplingSchema\.parse)\(/g;
    const reads = readdirSync(runnerDir)
      .filter((file) => file.endsWith(".ts"))
      .flatMap((file) => [...readFileSync(path.join(runnerDir, file), "utf8").matchAll(readers)].map((match) => `${file}: ${match[1]}`));
    expect(reads).toEqual(["worker.ts: campaignToRun"]);
  });
});
