// The judge adapters a campaign can name, as plain strings, so the campaign settings schema (read
// by a client component too) can validate a choice without importing the adapters' prompts.
// "rubric" is the plain rubric judge for any chat model (model-judge.ts); the others are the
// safety classifiers of this folder, by the names content/judges/category-risks.yaml uses.
export const JUDGE_ADAPTER_NAMES = ["rubric", "llama-guard-3", "harmbench-classifier", "strongreject-rubric", "shieldgemma"] as const;
export type JudgeAdapterName = (typeof JUDGE_ADAPTER_NAMES)[number];

export const JUDGE_ADAPTER_TITLES: Readonly<Record<JudgeAdapterName, string>> = {
  rubric: "Rubric (any chat model: VERDICT: PASS / FAIL)",
  "llama-guard-3": "Llama Guard 3 (safe / unsafe + S1..S14)",
  "harmbench-classifier": "HarmBench classifier (Yes / No)",
  "strongreject-rubric": "StrongREJECT rubric (score in [0, 1])",
  shieldgemma: "ShieldGemma (P(Yes) per policy)",
};
