// A cell's risk level: likelihood x severity on a 5 x 5 grid, banded as in common risk matrices.

export const LEVELS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Level = (typeof LEVELS)[number];

export const levelLabel: Record<Level, string> = { LOW: "low", MEDIUM: "medium", HIGH: "high", CRITICAL: "critical" };

export interface RiskLevel {
  score: number;
  level: Level;
}

/** The level of a cell, or null while likelihood or severity is unset. */
export function riskLevel(likelihood: number | null | undefined, severity: number | null | undefined): RiskLevel | null {
  if (likelihood == null || severity == null) return null;
  const score = likelihood * severity;
  const level: Level = score >= 15 ? "CRITICAL" : score >= 10 ? "HIGH" : score >= 5 ? "MEDIUM" : "LOW";
  return { score, level };
}
