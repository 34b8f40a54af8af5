// The three answers a deploy decision gives, their words and their order of strictness. No Node
// imports: the sign form (a client component) reads these too.
export const DEPLOY_OUTCOMES = ["DEPLOY", "DEPLOY_WITH_CONDITIONS", "DO_NOT_DEPLOY"] as const;
export type DeployOutcome = (typeof DEPLOY_OUTCOMES)[number];

export const deployOutcomeLabel: Record<DeployOutcome, string> = {
  DEPLOY: "deploy",
  DEPLOY_WITH_CONDITIONS: "deploy with conditions",
  DO_NOT_DEPLOY: "do not deploy",
};

/** Strictness, for "the strictest finding decides" and "never laxer than computed". */
export const outcomeRank: Record<DeployOutcome, number> = { DEPLOY: 0, DEPLOY_WITH_CONDITIONS: 1, DO_NOT_DEPLOY: 2 };
