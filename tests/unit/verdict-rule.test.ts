// A campaign's verdict rule: how the counted verdicts of a case's detectors and judge make its
// verdict, and how it enters the settings hash evidence carries.
import { describe, expect, test } from "vitest";
import { campaignSettingsSchema } from "@/lib/campaigns/settings/campaign-settings";
import { settingsHash } from "@/lib/campaigns/settings/settings-hash";
import { caseVerdict, type DetectorResult } from "@/lib/detectors";

const finding = (verdict: DetectorResult["verdict"], detector: string, advisory = false): DetectorResult => ({
  verdict,
  evidence: "",
  detector,
  ...(advisory ? { advisory } : {}),
});
const refusalFails = finding("fail", "refusal@1");
const languagePasses = finding("pass", "language@1");
const judgeFails = finding("fail", "model-judge@x");

describe("the verdict rule", () => {
  test("any: one failure fails the case", () => {
    expect(caseVerdict([refusalFails, languagePasses, finding("pass", "profanity@1")], "any")).toBe("fail");
  });

  test("majority: more than half of those that judged must fail; a tie is no majority; not applicable ones do not vote", () => {
    expect(caseVerdict([refusalFails, languagePasses], "majority")).toBe("pass");
    expect(caseVerdict([refusalFails, languagePasses, judgeFails], "majority")).toBe("fail");
    expect(caseVerdict([refusalFails, finding("not_applicable", "disclaimer@1"), languagePasses, judgeFails], "majority")).toBe("fail");
  });

  test("all: every one that judged must fail", () => {
    expect(caseVerdict([refusalFails, languagePasses, judgeFails], "all")).toBe("pass");
    expect(caseVerdict([refusalFails, judgeFails, finding("not_applicable", "language@1")], "all")).toBe("fail");
  });

  test("an advisory judge votes under no rule, and nothing judged is not applicable under every rule", () => {
    for (const rule of ["any", "majority", "all"] as const) {
      expect(caseVerdict([languagePasses, finding("fail", "model-judge@x", true)], rule)).toBe("pass");
      expect(caseVerdict([finding("not_applicable", "refusal@1"), finding("fail", "model-judge@x", true)], rule)).toBe("not_applicable");
    }
  });

  test("is any unless chosen, refuses another word by name, and any hashes as campaigns did before the choice", () => {
    const base = campaignSettingsSchema.parse({ modelSlug: "m" });
    expect(base.verdictRule).toBe("any");
    const parsed = campaignSettingsSchema.safeParse({ modelSlug: "m", verdictRule: "most" });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      'verdictRule: the verdict rule is "any", "majority" or "all"',
    ]);
    expect(settingsHash(base)).toBe(settingsHash({ backend: base.backend, sampling: base.sampling }));
    const majority = campaignSettingsSchema.parse({ modelSlug: "m", verdictRule: "majority" });
    expect(settingsHash(majority)).not.toBe(settingsHash(base));
  });
});
