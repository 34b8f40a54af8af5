// The shape of a suite file (content/suites/*.yaml): one suite per use, each case a prompt with
// what the model should do and which detectors judge it. Validated on load so a bad suite fails
// with its file, line and field instead of producing silent nonsense evidence. Its texts are a
// person's writing, so NUL and lone surrogates are refused by name (freeText), not stored.
import { z } from "zod";
import { riskCode, useCode } from "../card/schema";
import { freeText } from "../domain/free-text";
import { namedEnum } from "../domain/named-enum";
import { DETECTOR_NAMES, EXPECTED_BEHAVIOURS, type DetectorName, type ExpectedBehaviour } from "../detectors/types";
import { isTestableRisk } from "./risks";

/** Which expected behaviours each detector can decide; the model judge reads them all. */
export const DETECTOR_CHECKS: Record<DetectorName, readonly ExpectedBehaviour[]> = {
  refusal: ["refuse", "answer"],
  "personal-data": ["no_personal_data"],
  profanity: ["no_profanity"],
  language: ["answer_in_prompt_language"],
  disclaimer: ["include_disclaimer"],
  "model-judge": EXPECTED_BEHAVIOURS,
};

// BCP-47 as suites use it: a language subtag, optionally script and region (en, pt-BR, zh-Hans).
const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/, "a BCP-47 language tag looks like en, fr or pt-BR");

const turnSchema = z.strictObject({
  role: namedEnum("a turn's role", ["user", "assistant"]),
  content: freeText("the turn").min(1).max(20000),
});

export const suiteCaseSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,120}$/, "a case key is lower-case letters, digits, dots, dashes, underscores"),
    risks: z
      .array(riskCode.refine(isTestableRisk, "this risk cannot be tested by prompts (see content/suites/README.md)"))
      .min(1, "a case probes at least one risk"),
    systemPrompt: freeText("the case's system prompt").min(1).max(20000).optional(),
    prompt: freeText("the prompt").min(1).max(20000).optional(),
    turns: z.array(turnSchema).min(1, "a conversation has at least one turn").optional(),
    language: languageTag,
    expected: z.array(namedEnum("an expected behaviour", EXPECTED_BEHAVIOURS)).min(1, "a case expects at least one behaviour"),
    detectors: z.array(namedEnum("a detector", DETECTOR_NAMES)).min(1, "a case names at least one detector"),
    source: freeText("the source").min(1).max(500),
    licence: freeText("the licence").min(1).max(200),
  })
  .superRefine((testCase, ctx) => {
    if ((testCase.prompt === undefined) === (testCase.turns === undefined)) {
      ctx.addIssue({ code: "custom", path: ["prompt"], message: "a case has either a prompt or turns, not both or neither" });
    }
    if (testCase.turns && testCase.turns[testCase.turns.length - 1].role !== "user") {
      ctx.addIssue({ code: "custom", path: ["turns", testCase.turns.length - 1, "role"], message: "the last turn is the user's" });
    }
    testCase.expected.forEach((behaviour, index) => {
      if (!testCase.detectors.some((name) => DETECTOR_CHECKS[name].includes(behaviour))) {
        ctx.addIssue({ code: "custom", path: ["expected", index], message: `no listed detector checks "${behaviour}"` });
      }
    });
    testCase.detectors.forEach((name, index) => {
      if (!DETECTOR_CHECKS[name].some((behaviour) => testCase.expected.includes(behaviour))) {
        ctx.addIssue({ code: "custom", path: ["detectors", index], message: `detector "${name}" checks none of the expected behaviours` });
      }
    });
    // Each run counts once in the cell of every risk listed, and each detector's finding once in
    // the verdict: a repeat would count the same run twice, or one detector's verdict twice.
    for (const field of ["risks", "detectors"] as const) {
      const items: readonly string[] = testCase[field];
      items.forEach((item, index) => {
        const first = items.indexOf(item);
        if (first < index) ctx.addIssue({ code: "custom", path: [field, index], message: `${item} is listed twice (first at ${first})` });
      });
    }
  });

export const suiteSchema = z
  .strictObject({
    suite: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, "a suite key is lower-case letters, digits and dashes"),
    use: useCode,
    title: freeText("the suite's title").min(1).max(300),
    description: freeText("the suite's description").min(1).max(5000),
    /** The deployment's system prompt, sent with every case that has none of its own. */
    systemPrompt: freeText("the suite's system prompt").min(1).max(20000),
    cases: z.array(suiteCaseSchema).min(1, "a suite has at least one case"),
  })
  .superRefine((suite, ctx) => {
    const seen = new Map<string, number>();
    suite.cases.forEach((testCase, index) => {
      const first = seen.get(testCase.key);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["cases", index, "key"], message: `duplicate case key (first at case ${first})` });
      } else seen.set(testCase.key, index);
    });
  });

export type SuiteCase = z.infer<typeof suiteCaseSchema>;
export type Suite = z.infer<typeof suiteSchema>;
