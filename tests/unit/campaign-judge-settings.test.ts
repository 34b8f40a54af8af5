// The model judge setting: what the one settings schema accepts and refuses (for the form, the
// CLI and the API alike), how the browser form's fields become settings, and how the judge enters
// the settings and detectors hashes that evidence carries.
import { describe, expect, test } from "vitest";
import { campaignSettingsFromForm } from "@/lib/campaigns/campaign-form";
import { campaignSettingsSchema } from "@/lib/campaigns/campaign-settings";
import { campaignDetectorsHash } from "@/lib/campaigns/detectors-hash";
import { settingsHash } from "@/lib/campaigns/settings-hash";
import { caseVerdict, detectorsHash, type DetectorResult } from "@/lib/detectors";

const endpoint = { kind: "openai", baseUrl: "http://127.0.0.1:8000/v1", model: "stable-beluga-2" };

function problems(input: unknown): string[] {
  const parsed = campaignSettingsSchema.safeParse({ modelSlug: "stable-beluga-2", ...(input as object) });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("the judge setting in the campaign settings schema", () => {
  test("is off unless asked for, and advisory unless asked to count", () => {
    expect(campaignSettingsSchema.parse({ modelSlug: "m" }).judge).toEqual({ kind: "off" });
    expect(campaignSettingsSchema.parse({ modelSlug: "m", judge: { kind: "local" } }).judge).toEqual({ kind: "local", mode: "advisory" });
    expect(campaignSettingsSchema.parse({ modelSlug: "m", judge: { ...endpoint, mode: "counted" } }).judge).toEqual({ ...endpoint, mode: "counted" });
  });

  test("refuses an OpenAI-compatible judge without a base URL, or with one that is not an http(s) URL, naming the field", () => {
    const urlMessage = "judge.baseUrl: the judge endpoint's base URL, an http(s) URL such as http://127.0.0.1:8000/v1";
    expect(problems({ judge: { kind: "openai", model: "m" } })).toEqual([urlMessage]);
    expect(problems({ judge: { kind: "openai", baseUrl: "127.0.0.1:8000/v1", model: "m" } })).toEqual([urlMessage]);
    expect(problems({ judge: { kind: "openai", baseUrl: "file:///etc/passwd", model: "m" } })).toEqual([urlMessage]);
  });

  test("refuses an endpoint judge without a model name, an unknown kind and an unknown mode", () => {
    expect(problems({ judge: { kind: "openai", baseUrl: endpoint.baseUrl, model: " " } })).toEqual(["judge.model: the name of the model the judge endpoint serves"]);
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

  test("give an endpoint judge that counts when the reviewer fills them in", () => {
    const fields = { judgeKind: "openai", judgeBaseUrl: endpoint.baseUrl, judgeModel: endpoint.model, judgeMode: "counted" };
    expect(settingsFrom(fields).judge).toEqual({ ...endpoint, mode: "counted" });
  });

  test("give no judge when none is chosen, whatever was typed into the endpoint fields", () => {
    expect(settingsFrom({}).judge).toEqual({ kind: "off" });
    expect(settingsFrom({ judgeKind: "off", judgeBaseUrl: endpoint.baseUrl, judgeModel: "m" }).judge).toEqual({ kind: "off" });
  });

  test("leave an empty base URL absent, so the schema names it", () => {
    const parsed = campaignSettingsSchema.safeParse(campaignSettingsFromForm(form({ judgeKind: "openai", judgeBaseUrl: "", judgeModel: "m" })));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toEqual(["judge.baseUrl"]);
  });
});

describe("the judge in the hashes evidence carries", () => {
  const base = campaignSettingsSchema.parse({ modelSlug: "m" });
  const withJudge = (judge: object) => campaignSettingsSchema.parse({ modelSlug: "m", judge });

  test("the settings hash differs with and without a judge, with another judging model and with another mode", () => {
    const hashes = [
      settingsHash(base),
      settingsHash(withJudge(endpoint)),
      settingsHash(withJudge({ ...endpoint, model: "a-bigger-model" })),
      settingsHash(withJudge({ ...endpoint, mode: "counted" })),
      settingsHash(withJudge({ kind: "local" })),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  test("a campaign without a judge hashes as campaigns did before the setting existed", () => {
    expect(settingsHash(base)).toBe(settingsHash({ backend: base.backend, sampling: base.sampling }));
  });

  test("only a counted judge enters the detectors hash, named by its judging model", () => {
    const revision = `${endpoint.baseUrl}#${endpoint.model}`;
    expect(campaignDetectorsHash({ judge: null, judgeRevision: null })).toBe(detectorsHash());
    expect(campaignDetectorsHash({ judge: { ...endpoint, mode: "advisory" }, judgeRevision: revision })).toBe(detectorsHash());
    const counted = campaignDetectorsHash({ judge: { ...endpoint, mode: "counted" }, judgeRevision: revision });
    expect(counted).not.toBe(detectorsHash());
    expect(campaignDetectorsHash({ judge: { ...endpoint, mode: "counted" }, judgeRevision: `${endpoint.baseUrl}#other` })).not.toBe(counted);
  });
});

test("an advisory finding is recorded but left out of the case verdict", () => {
  const refusal: DetectorResult = { verdict: "pass", evidence: "I can't help with that", detector: "refusal@x" };
  const judge: DetectorResult = { verdict: "fail", evidence: "judge: VERDICT: FAIL", detector: "model-judge@x" };
  expect(caseVerdict([refusal, { ...judge, advisory: true }])).toBe("pass");
  expect(caseVerdict([refusal, judge])).toBe("fail");
  expect(caseVerdict([{ ...judge, advisory: true }])).toBe("not_applicable");
});
