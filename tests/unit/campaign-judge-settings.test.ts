// The model judge setting: what the one settings schema accepts and refuses (for the form, the
// CLI and the API alike), how the browser form's fields become settings, and how the judge enters
// the settings and detectors hashes that evidence carries.
import { describe, expect, test } from "vitest";
import { campaignSettingsFromForm } from "@/app/models/[slug]/campaigns/campaign-form";
import { campaignSettingsSchema } from "@/lib/campaigns/settings/campaign-settings";
import { campaignDetectorsHash } from "@/lib/campaigns/settings/detectors-hash";
import { settingsHash } from "@/lib/campaigns/settings/settings-hash";
import { caseVerdict, DETECTORS, detectorsHash, type DetectorResult } from "@/lib/detectors";
import { llamaGuard3 } from "@/lib/detectors/judges/llama-guard-3";

const endpoint = { kind: "openai", target: "beluga-vllm" };

function problems(input: unknown): string[] {
  const parsed = campaignSettingsSchema.safeParse({ modelSlug: "stable-beluga-2", ...(input as object) });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("the judge setting in the campaign settings schema", () => {
  test("is off unless asked for, advisory unless asked to count, and the rubric judge unless a classifier's adapter is named", () => {
    expect(campaignSettingsSchema.parse({ modelSlug: "m" }).judge).toEqual({ kind: "off" });
    expect(campaignSettingsSchema.parse({ modelSlug: "m", judge: { kind: "local" } }).judge).toEqual({ kind: "local", adapter: "rubric", mode: "advisory" });
    expect(campaignSettingsSchema.parse({ modelSlug: "m", judge: { ...endpoint, mode: "counted" } }).judge).toEqual({
      ...endpoint,
      adapter: "rubric",
      mode: "counted",
    });
    expect(campaignSettingsSchema.parse({ modelSlug: "m", judge: { ...endpoint, adapter: "llama-guard-3" } }).judge).toEqual({
      ...endpoint,
      adapter: "llama-guard-3",
      mode: "advisory",
    });
  });

  test("refuses an adapter it does not know, naming the ones it does", () => {
    expect(problems({ judge: { ...endpoint, adapter: "llama-guard-2" } })).toEqual([
      'judge.adapter: the judge\'s adapter is one of "rubric", "llama-guard-3", "harmbench-classifier", "strongreject-rubric", "shieldgemma"',
    ]);
  });

  test("refuses an endpoint judge given by URL instead of a serving target's name, naming the field", () => {
    const urlMessage = "judge.baseUrl: endpoint URLs are not accepted: choose a serving target by name (an admin configures them on the serving targets page)";
    expect(problems({ judge: { ...endpoint, baseUrl: "http://127.0.0.1:8000/v1" } })).toEqual([urlMessage]);
    expect(problems({ judge: { ...endpoint, baseUrl: "file:///etc/passwd" } })).toEqual([urlMessage]);
    expect(problems({ judge: { kind: "openai", target: "http://127.0.0.1:8000/v1#" } })).toEqual([
      "judge.target: a serving target is named by letters, digits, '.', '_' and '-' (at most 64), as an admin configured it",
    ]);
  });

  test("refuses an endpoint judge without a target, an unknown kind and an unknown mode", () => {
    expect(problems({ judge: { kind: "openai" } })).toEqual(["judge.target: the name of a serving target an admin configured"]);
    expect(problems({ judge: { kind: "gpt" } })).toEqual(['judge.kind: the model judge is "off", "local" or "openai"']);
    expect(problems({ judge: { kind: "local", mode: "sometimes" } })).toEqual(['judge.mode: the judge\'s mode is "advisory" or "counted"']);
  });
});

describe("the start form's judge fields", () => {
  function form(fields: Record<string, string>): FormData {
    const data = new FormData();
    data.set("modelSlug", "stable-beluga-2");
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  }
  const settingsFrom = (fields: Record<string, string>) => campaignSettingsSchema.parse(campaignSettingsFromForm(form(fields)));

  test("give a serving target's judge that counts when the reviewer chooses one", () => {
    const fields = { judgeKind: "openai", judgeTarget: endpoint.target, judgeMode: "counted" };
    expect(settingsFrom(fields).judges).toEqual([{ ...endpoint, adapter: "rubric", mode: "counted" }]);
    expect(settingsFrom({ ...fields, judgeAdapter: "shieldgemma" }).judges).toEqual([{ ...endpoint, adapter: "shieldgemma", mode: "counted" }]);
  });

  test("give no judge when none is chosen, whatever target was chosen before", () => {
    expect(settingsFrom({}).judges).toEqual([]);
    expect(settingsFrom({ judgeKind: "off", judgeTarget: endpoint.target }).judges).toEqual([]);
  });

  test("leave an empty target absent, so the schema names it", () => {
    const parsed = campaignSettingsSchema.safeParse(campaignSettingsFromForm(form({ judgeKind: "openai", judgeTarget: "" })));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toEqual(["judges.0.target"]);
  });

  test("give both judges, in the form's order, when the reviewer chooses a second one for an ensemble", () => {
    const judges = settingsFrom({
      judgeKind: "openai",
      judgeTarget: "guard",
      judgeAdapter: "llama-guard-3",
      judgeMode: "counted",
      judge2Kind: "openai",
      judge2Target: "harmbench",
      judge2Adapter: "harmbench-classifier",
    }).judges;
    expect(judges).toEqual([
      { kind: "openai", target: "guard", adapter: "llama-guard-3", mode: "counted" },
      { kind: "openai", target: "harmbench", adapter: "harmbench-classifier", mode: "advisory" },
    ]);
    expect(settingsFrom({ judgeKind: "off", judge2Kind: "local" }).judges).toEqual([{ kind: "local", adapter: "rubric", mode: "advisory" }]);
  });

  test("give a serving target as the backend when the reviewer chooses one, and this engine otherwise", () => {
    expect(settingsFrom({ backendKind: "openai", backendTarget: endpoint.target }).backend).toEqual({ kind: "openai", target: endpoint.target });
    expect(settingsFrom({}).backend).toEqual({ kind: "local" });
  });
});

describe("the judge in the hashes evidence carries", () => {
  const base = campaignSettingsSchema.parse({ modelSlug: "m" });
  const withJudge = (judge: object) => campaignSettingsSchema.parse({ modelSlug: "m", judge });

  test("the settings hash differs with and without a judge, with another judging model and with another mode", () => {
    const hashes = [
      settingsHash(base),
      settingsHash(withJudge(endpoint)),
      settingsHash(withJudge({ ...endpoint, target: "a-bigger-model" })),
      settingsHash(withJudge({ ...endpoint, mode: "counted" })),
      settingsHash(withJudge({ kind: "local" })),
      settingsHash(withJudge({ ...endpoint, adapter: "llama-guard-3" })),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  test("a rubric judge hashes as judges did before adapters existed", () => {
    const { adapter, ...withoutAdapter } = withJudge(endpoint).judge as { adapter: string };
    expect(adapter).toBe("rubric");
    expect(settingsHash(withJudge(endpoint))).toBe(settingsHash({ backend: base.backend, sampling: base.sampling, judge: withoutAdapter as never }));
  });

  test("a campaign without a judge hashes as campaigns did before the setting existed", () => {
    expect(settingsHash(base)).toBe(settingsHash({ backend: base.backend, sampling: base.sampling }));
  });

  test("only a counted judge enters the detectors hash, named by its judging model", () => {
    const revision = "beluga-vllm-rev";
    expect(campaignDetectorsHash({ judge: null, judgeRevision: null })).toBe(detectorsHash());
    expect(campaignDetectorsHash({ judge: { ...endpoint, mode: "advisory" }, judgeRevision: revision })).toBe(detectorsHash());
    const counted = campaignDetectorsHash({ judge: { ...endpoint, mode: "counted" }, judgeRevision: revision });
    expect(counted).not.toBe(detectorsHash());
    expect(campaignDetectorsHash({ judge: { ...endpoint, mode: "counted" }, judgeRevision: "another-rev" })).not.toBe(counted);
  });

  test("a counted classifier enters the detectors hash by its adapter's name and version", () => {
    const revision = "guard-rev";
    const rubric = campaignDetectorsHash({ judge: { ...endpoint, mode: "counted" }, judgeRevision: revision });
    const guard = campaignDetectorsHash({ judge: { ...endpoint, adapter: "llama-guard-3", mode: "counted" }, judgeRevision: revision });
    expect(guard).not.toBe(rubric);
    expect(guard).toBe(detectorsHash([...DETECTORS, { name: "model-judge", version: `llama-guard-3-${llamaGuard3.version}+openai:${revision}` }]));
  });
});

test("an advisory finding is recorded but left out of the case verdict", () => {
  const refusal: DetectorResult = { verdict: "pass", evidence: "I can't help with that", detector: "refusal@x" };
  const judge: DetectorResult = { verdict: "fail", evidence: "judge: VERDICT: FAIL", detector: "model-judge@x" };
  expect(caseVerdict([refusal, { ...judge, advisory: true }])).toBe("pass");
  expect(caseVerdict([refusal, judge])).toBe("fail");
  expect(caseVerdict([{ ...judge, advisory: true }])).toBe("not_applicable");
});
