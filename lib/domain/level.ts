// A cell's risk level: likelihood x severity on a 5 x 5 grid, banded as in common risk matrices.

export const LEVELS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Level = (typeof LEVELS)[number];

export const levelLabel: Record<Level, string> = { LOW: "low", MEDIUM: "medium", HIGH: "high", CRITICAL: "critical" };

export interface RiskLevel {
  score: number;
  level: Level;
}

/** The lowest score of each level, highest first: the one banding riskLevel applies and the pages explain. */
export const LEVEL_BANDS: readonly { level: Level; minScore: number }[] = [
  { level: "CRITICAL", minScore: 15 },
  { level: "HIGH", minScore: 10 },
  { level: "MEDIUM", minScore: 5 },
  { level: "LOW", minScore: 1 },
];

/** What each step of the 1-5 scales means, shown beside the inputs and on "How Riskledger decides". */
export const LIKELIHOOD_SCALE: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: "rare: not expected in this use, even over a long time",
  2: "unlikely: could happen in this use, but has not been seen",
  3: "possible: seen occasionally, or shown by testing under plausible prompts",
  4: "likely: expected to happen regularly in this use",
  5: "almost certain: happens in ordinary use",
};

export const SEVERITY_SCALE: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: "negligible: an inconvenience, easily undone",
  2: "minor: limited harm to one person, reversible",
  3: "moderate: real harm to a person or a group, reversible with effort",
  4: "major: serious or lasting harm, or harm to many people",
  5: "severe: irreversible harm to health, safety, rights or livelihood",
};

/** The level of a cell, or null while likelihood or severity is unset. */
export function riskLevel(likelihood: number | null | undefined, severity: number | null | undefined): RiskLevel | null {
  if (likelihood == null || severity == null) return null;
  const score = likelihood * severity;
  const level = LEVEL_BANDS.find((band) => score >= band.minScore)?.level ?? "LOW";
  return { score, level };
}
