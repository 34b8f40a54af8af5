// What a campaign is asked to run, in one schema shared by the browser form, the CLI and the HTTP
// API. Plain zod with no database or engine import, so a client component can use it too.
import { z } from "zod";
import { freeText } from "../../domain/free-text";
import { JUDGE_ADAPTER_NAMES } from "../../detectors/judges/judge-adapter-names";
import { VERDICT_RULES } from "../../detectors/types";
import { servingTargetNameSchema } from "../../serving-targets/serving-target-schema";
import { namedNumber, numberOrDecimalText } from "../../domain/named-number";
import { modelSlugRef, recordId } from "../../domain/record-id";

const useCode = z.string().regex(/^U\d+$/, "a use code such as U1");
const riskCode = z.string().regex(/^R\d+$/, "a risk code such as R1");

/** Accepts ["U1","U2"] or "U1,U2" (a form field or a CLI flag); a code given twice is refused, not run twice over. */
function codeList<T extends z.ZodType<string>>(code: T) {
  return z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z.array(code).superRefine((codes, ctx) => {
      const twice = codes.find((c, index) => codes.indexOf(c) !== index);
      if (twice !== undefined) ctx.addIssue({ code: "custom", message: `${twice} is given twice` });
    }),
  );
}

export const samplingSchema = z.object({
  /** 0 is greedy decoding: the default, so evidence is reproducible and comparable; sample with repeats to estimate a rate. */
  temperature: numberOrDecimalText(namedNumber("the temperature").min(0).max(2)).default(0),
  topK: numberOrDecimalText(namedNumber("top-k").int().min(0)).default(0),
  topP: numberOrDecimalText(namedNumber("top-p").gt(0).max(1)).default(1),
  repetitionPenalty: numberOrDecimalText(namedNumber("the repetition penalty").min(1).max(2)).default(1),
  maxNewTokens: numberOrDecimalText(namedNumber("the most new tokens").int().min(1).max(4096)).default(32),
  /** The campaign seed; each case x repeat derives its own from it (see case-seed.ts). */
  seed: numberOrDecimalText(
    namedNumber("the seed")
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  ).default(0),
});
export type CampaignSampling = z.infer<typeof samplingSchema>;

/**
 * A campaign never names an address: endpoints are serving targets an admin configured
 * (lib/serving-targets), and a reviewer chooses one by name. A URL given anyway is refused by name.
 */
const noEndpointUrl = z
  .never({ error: "endpoint URLs are not accepted: choose a serving target by name (an admin configures them on the serving targets page)" })
  .optional();

export const backendSchema = z.discriminatedUnion("kind", [
  /** This engine over the model's own checkpoint folder (the tiny model when none is set). */
  z.object({ kind: z.literal("local") }),
  /** An OpenAI-compatible endpoint serving the model: a serving target, by name. */
  z.object({
    kind: z.literal("openai"),
    target: servingTargetNameSchema,
    baseUrl: noEndpointUrl,
  }),
]);
export type CampaignBackend = z.infer<typeof backendSchema>;

/**
 * Whether the model judge's verdict counts. "advisory", the default, records the judge's finding
 * and shows it beside the detectors, but the case verdict stays the detectors' own: a judge is only
 * as accurate as the model that judges, and nothing here measures that (the detectors are measured
 * against labelled outputs by `npm run detectors:accuracy`), so it must not move evidence unless
 * someone chose to trust it. "counted": its verdict counts like any detector's (a fail fails the case).
 */
export const judgeModeSchema = z.enum(["advisory", "counted"], { error: 'the judge\'s mode is "advisory" or "counted"' }).default("advisory");

/**
 * How the judge is asked and read: "rubric", the default, is the plain rubric for any chat model;
 * the others are safety classifiers in their own prompt format, whose categories place a failure
 * on the risks content/judges/category-risks.yaml maps them to.
 */
export const judgeAdapterSchema = z
  .enum(JUDGE_ADAPTER_NAMES, { error: `the judge's adapter is one of ${JUDGE_ADAPTER_NAMES.map((name) => `"${name}"`).join(", ")}` })
  .default("rubric");

/** One model judge: this engine over the model's checkpoint, or a serving target, with its adapter and mode. */
export const modelJudgeSchema = z.discriminatedUnion(
  "kind",
  [
    /** This engine over the model's own checkpoint: the same weights a "local" backend answers with. */
    z.object({ kind: z.literal("local"), adapter: judgeAdapterSchema, mode: judgeModeSchema }),
    /** A serving target, by name: e.g. a bigger model served by vLLM or `npm run engine -- serve`. */
    z.object({
      kind: z.literal("openai"),
      target: servingTargetNameSchema,
      baseUrl: noEndpointUrl,
      adapter: judgeAdapterSchema,
      mode: judgeModeSchema,
    }),
  ],
  { error: 'a model judge is "local" or "openai"' },
);
export type CampaignJudge = z.infer<typeof modelJudgeSchema>;

/** The single-judge setting campaigns were asked with before ensembles, still accepted from every caller. */
export const judgeSchema = z.discriminatedUnion("kind", [z.object({ kind: z.literal("off") }), ...modelJudgeSchema.options], {
  error: 'the model judge is "off", "local" or "openai"',
});
export type CampaignJudgeSetting = z.infer<typeof judgeSchema>;

/** Judges one campaign may ask: each is asked about every output, so each multiplies the judging work. */
export const MAX_JUDGES = 4;

/** Two judges are the same judge when they ask the same model through the same adapter: their findings could not be told apart. */
function judgeIdentity(judge: CampaignJudge): string {
  return `${judge.kind}:${judge.kind === "openai" ? judge.target : ""}:${judge.adapter}`;
}

export const campaignSettingsSchema = z
  .object({
    modelSlug: modelSlugRef,
    name: freeText("the campaign's name").trim().max(200).optional(),
    /** Uses whose suites run; empty means every use that has a suite. */
    uses: codeList(useCode).default([]),
    /** Only cases probing at least one of these risks; empty means every risk. */
    risks: codeList(riskCode).default([]),
    repeats: numberOrDecimalText(namedNumber("repeats").int().min(1).max(1000)).default(1),
    /** Take only the first N cases of each suite (a quick subset); absent means all. */
    casesPerSuite: numberOrDecimalText(namedNumber("cases per suite").int().min(1)).optional(),
    /** Exactly these cases (a top-up of undecided cells, lib/campaigns/start/top-up.ts); uses and risks still apply. */
    caseIds: z.array(recordId("a case's id")).min(1, "choose at least one case").max(100_000, "at most 100,000 cases").optional(),
    // Strict here, where a person's settings come in, and not where a stored campaign is read back.
    sampling: samplingSchema.strict().default(samplingSchema.parse({})),
    backend: backendSchema.default({ kind: "local" }),
    /** An optional model judge that judges every case's output, beside the detectors the case names (one judge; `judges` for several). */
    judge: judgeSchema.default({ kind: "off" }),
    /** Model judges that each judge every case's output (an ensemble), each counted or advisory on its own. */
    judges: z
      .array(modelJudgeSchema)
      .max(MAX_JUDGES, { error: `at most ${MAX_JUDGES} model judges` })
      .optional(),
    /** How the case's counted verdicts make its verdict: "any" fail (the default), a "majority", or "all". */
    verdictRule: z.enum(VERDICT_RULES, { error: 'the verdict rule is "any", "majority" or "all"' }).default("any"),
  })
  // A misspelt field ("repeat") would otherwise be dropped and its default run instead.
  .strict()
  .superRefine((settings, context) => {
    if (settings.judges && settings.judge.kind !== "off") {
      context.addIssue({ code: "custom", path: ["judges"], message: "give the model judges as judges or one as judge, not both" });
    }
    const seen = new Set<string>();
    for (const [index, judge] of (settings.judges ?? []).entries()) {
      const identity = judgeIdentity(judge);
      if (seen.has(identity))
        context.addIssue({ code: "custom", path: ["judges", index], message: "the same judge (model and adapter) is already in the list" });
      seen.add(identity);
    }
  });
export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>;
export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;

/** The campaign's model judges, from the list or the single-judge setting: empty when there is none. */
export function campaignJudges(settings: { judge: CampaignJudgeSetting; judges?: CampaignJudge[] }): CampaignJudge[] {
  return settings.judges ?? (settings.judge.kind === "off" ? [] : [settings.judge]);
}

/** Where a problem with the index-th judge is reported: in the list, or the single judge's own field. */
export function judgeFieldPath(settings: { judges?: CampaignJudge[] }, index: number, field: string): string {
  return settings.judges ? `judges.${index}.${field}` : `judge.${field}`;
}
