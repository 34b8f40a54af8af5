// Several model judges on one campaign (an ensemble): what the settings schema accepts as a list
// beside the single-judge shape, what it refuses, how a list enters the settings and detectors
// hashes, how a stored campaign reads back in either shape, and how the CLI's flags group into judges.
import { describe, expect, test } from "vitest";
import { campaignJudges, campaignSettingsSchema, MAX_JUDGES } from "@/lib/campaigns/settings/campaign-settings";
import { storedJudges } from "@/lib/campaigns/settings/campaign-row";
import { campaignDetectorsHash } from "@/lib/campaigns/settings/detectors-hash";
import { settingsHash } from "@/lib/campaigns/settings/settings-hash";
import { DETECTORS, detectorsHash } from "@/lib/detectors";
import { harmBenchClassifier } from "@/lib/detectors/judges/harmbench-classifier";
import { llamaGuard3 } from "@/lib/detectors/judges/llama-guard-3";
import { judgeSettingsFromFlags, judgesFromFlags } from "@/cli/judge-flags";
import { parseArgs } from "node:util";

const guard = { kind: "openai", target: "guard", adapter: "llama-guard-3", mode: "counted" } as const;
const harmBench = { kind: "openai", target: "harmbench", adapter: "harmbench-classifier", mode: "advisory" } as const;

function problems(input: object): string[] {
  const parsed = campaignSettingsSchema.safeParse({ modelSlug: "m", ...input });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("a list of model judges in the campaign settings", () => {
  test("is read in the order given, each advisory unless asked to count and the rubric judge unless an adapter is named", () => {
    const settings = campaignSettingsSchema.parse({
      modelSlug: "m",
      judges: [guard, { kind: "openai", target: "harmbench", adapter: "harmbench-classifier" }, { kind: "local" }],
    });
    expect(campaignJudges(settings)).toEqual([guard, harmBench, { kind: "local", adapter: "rubric", mode: "advisory" }]);
  });

  test("the single-judge shape existing callers send is still one judge, and off or absent is none", () => {
    expect(campaignJudges(campaignSettingsSchema.parse({ modelSlug: "m", judge: guard }))).toEqual([guard]);
    expect(campaignJudges(campaignSettingsSchema.parse({ modelSlug: "m", judge: { kind: "off" } }))).toEqual([]);
    expect(campaignJudges(campaignSettingsSchema.parse({ modelSlug: "m" }))).toEqual([]);
    expect(campaignJudges(campaignSettingsSchema.parse({ modelSlug: "m", judges: [] }))).toEqual([]);
  });

  test("refuses both shapes at once, the same judge twice, more than the limit, and a bad judge by its place in the list", () => {
    expect(problems({ judge: guard, judges: [harmBench] })).toEqual(["judges: give the model judges as judges or one as judge, not both"]);
    expect(problems({ judges: [guard, harmBench, { ...guard, mode: "advisory" }] })).toEqual([
      "judges.2: the same judge (model and adapter) is already in the list",
    ]);
    const many = Array.from({ length: MAX_JUDGES + 1 }, (_, index) => ({ kind: "openai", target: `judge-${index}` }));
    expect(problems({ judges: many })).toEqual([`judges: at most ${MAX_JUDGES} model judges`]);
    expect(problems({ judges: [guard, { kind: "openai" }] })).toEqual(["judges.1.target: the name of a serving target an admin configured"]);
    expect(problems({ judges: [{ kind: "off" }] })).toEqual(['judges.0.kind: a model judge is "local" or "openai"']);
    expect(problems({ judges: [{ ...guard, baseUrl: "http://127.0.0.1:8000/v1" }] })).toEqual([
      "judges.0.baseUrl: endpoint URLs are not accepted: choose a serving target by name (an admin configures them on the serving targets page)",
    ]);
  });
});

describe("an ensemble in the hashes evidence carries", () => {
  const hashOf = (input: object) => settingsHash(campaignSettingsSchema.parse({ modelSlug: "m", ...input }));

  test("one judge given as a list hashes as the same judge given alone, so existing evidence keeps its hash", () => {
    expect(hashOf({ judges: [guard] })).toBe(hashOf({ judge: guard }));
    expect(hashOf({ judges: [] })).toBe(hashOf({}));
  });

  test("the settings hash tells apart each judge added, each judge's mode and adapter, and the order of the judges", () => {
    const hashes = [
      hashOf({ judge: guard }),
      hashOf({ judges: [guard, harmBench] }),
      hashOf({ judges: [guard, { ...harmBench, mode: "counted" }] }),
      hashOf({ judges: [guard, { ...harmBench, adapter: "shieldgemma" }] }),
      hashOf({ judges: [harmBench, guard] }),
      hashOf({ judges: [guard, harmBench, { kind: "local" }] }),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  test("the detectors hash covers every counted judge at its own revision, and no advisory one", () => {
    const stored = [
      { ...guard, revision: "guard-rev" },
      { ...harmBench, mode: "counted", revision: "hb-rev" },
    ];
    const guardVersion = { name: "model-judge" as const, version: `llama-guard-3-${llamaGuard3.version}+openai:guard-rev` };
    const harmBenchVersion = { name: "model-judge" as const, version: `harmbench-classifier-${harmBenchClassifier.version}+openai:hb-rev` };
    expect(campaignDetectorsHash({ judge: stored, judgeRevision: null })).toBe(detectorsHash([...DETECTORS, guardVersion, harmBenchVersion]));
    expect(campaignDetectorsHash({ judge: [stored[0], { ...stored[1], mode: "advisory" }], judgeRevision: null })).toBe(
      detectorsHash([...DETECTORS, guardVersion]),
    );
    expect(campaignDetectorsHash({ judge: [stored[0], { ...stored[1], revision: "hb-rev-2" }], judgeRevision: null })).not.toBe(
      campaignDetectorsHash({ judge: stored, judgeRevision: null }),
    );
  });
});

describe("a stored campaign's judges", () => {
  test("read back from a list with each judge's revision, and from the one judge and revision of campaigns before ensembles", () => {
    const list = [
      { ...guard, revision: "guard-rev" },
      { ...harmBench, revision: "hb-rev" },
    ];
    expect(storedJudges({ judge: list, judgeRevision: null })).toEqual(list);
    expect(storedJudges({ judge: { kind: "openai", target: "guard", mode: "counted" }, judgeRevision: "old-rev" })).toEqual([
      { kind: "openai", target: "guard", adapter: "rubric", mode: "counted", revision: "old-rev" },
    ]);
    expect(storedJudges({ judge: null, judgeRevision: null })).toEqual([]);
  });

  test("a listed judge stored without its revision is refused by name, never read as judging nothing", () => {
    expect(() => storedJudges({ judge: [{ ...guard }], judgeRevision: null })).toThrow(/revision/);
  });
});

describe("the campaign command's --judge flags", () => {
  const parse = (args: string[]) =>
    parseArgs({
      args,
      tokens: true,
      strict: false,
      options: {
        judge: { type: "string", multiple: true },
        "judge-target": { type: "string", multiple: true },
        "judge-adapter": { type: "string", multiple: true },
        "judge-counts": { type: "boolean", multiple: true },
        rule: { type: "string" },
      },
    }).tokens;

  test("group the target, adapter and counting after each --judge with that judge", () => {
    const read = judgesFromFlags(
      parse([
        "--judge",
        "openai",
        "--judge-target",
        "guard",
        "--judge-adapter",
        "llama-guard-3",
        "--judge-counts",
        "--rule",
        "all",
        "--judge",
        "openai",
        "--judge-target",
        "harmbench",
        "--judge-adapter",
        "harmbench-classifier",
      ]),
    );
    expect(read).toEqual({ ok: true, judges: [guard, harmBench] });
    expect(judgeSettingsFromFlags(read.ok ? read.judges : [])).toEqual({ judges: [guard, harmBench] });
  });

  test("give one judge in the single-judge shape and none when no --judge is given", () => {
    const read = judgesFromFlags(parse(["--judge", "local"]));
    expect(judgeSettingsFromFlags(read.ok ? read.judges : [])).toEqual({ judge: { kind: "local", mode: "advisory" } });
    expect(judgeSettingsFromFlags([])).toEqual({});
  });

  test("refuse a judge's flag given before any --judge, naming it", () => {
    expect(judgesFromFlags(parse(["--judge-target", "guard", "--judge", "openai"]))).toEqual({
      ok: false,
      message: "--judge-target belongs to a model judge: give it after the --judge it is for",
    });
  });
});
