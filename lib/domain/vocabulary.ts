// The closed sets of the domain and the words the card uses for them. One home for each label,
// so the importer, the exporter, the pages and the CLI all say the same thing.

export const RISK_TYPES = ["CAPABILITY", "HUMAN_INTERACTION", "SYSTEMIC"] as const;
export type RiskType = (typeof RISK_TYPES)[number];
export const riskTypeLabel: Record<RiskType, string> = {
  CAPABILITY: "Capability risk",
  HUMAN_INTERACTION: "Human interaction risk",
  SYSTEMIC: "Systemic risk",
};

export const HARM_AREAS = [
  "REPRESENTATION_AND_TOXICITY",
  "MISINFORMATION",
  "INFORMATION_AND_SAFETY",
  "MALICIOUS_USE",
  "HUMAN_AUTONOMY_AND_INTEGRITY",
  "SOCIOECONOMIC_AND_ENVIRONMENTAL",
] as const;
export type HarmArea = (typeof HARM_AREAS)[number];
export const harmAreaLabel: Record<HarmArea, string> = {
  REPRESENTATION_AND_TOXICITY: "Representation and toxicity harms",
  MISINFORMATION: "Misinformation harms",
  INFORMATION_AND_SAFETY: "Information and safety harms",
  MALICIOUS_USE: "Malicious use",
  HUMAN_AUTONOMY_AND_INTEGRITY: "Human autonomy and integrity harms",
  SOCIOECONOMIC_AND_ENVIRONMENTAL: "Socioeconomic and environmental harms",
};

export const APPLIES = ["YES", "NO", "NOT_ASSESSED"] as const;
export type Applies = (typeof APPLIES)[number];
export const appliesLabel: Record<Applies, string> = { YES: "applies", NO: "does not apply", NOT_ASSESSED: "not assessed" };

export const SUBJECTS_AT_RISK = ["AI_USER", "AI_SUBJECT", "INSTITUTION"] as const;
export type SubjectAtRisk = (typeof SUBJECTS_AT_RISK)[number];
export const subjectAtRiskLabel: Record<SubjectAtRisk, string> = {
  AI_USER: "AI user",
  AI_SUBJECT: "AI subject",
  INSTITUTION: "Institution",
};

export const REVIEW_STATUSES = ["DRAFT", "IN_REVIEW", "APPROVED", "ACCEPTED"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const reviewStatusLabel: Record<ReviewStatus, string> = {
  DRAFT: "draft",
  IN_REVIEW: "in review",
  APPROVED: "approved",
  ACCEPTED: "accepted",
};

export const MITIGATION_STATUSES = ["NOT_STARTED", "PLANNED", "IN_PROGRESS", "IMPLEMENTED", "NOT_APPLICABLE"] as const;
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number];
export const mitigationStatusLabel: Record<MitigationStatus, string> = {
  NOT_STARTED: "not started",
  PLANNED: "planned",
  IN_PROGRESS: "in progress",
  IMPLEMENTED: "implemented",
  NOT_APPLICABLE: "not applicable",
};

export const ROLES = ["VIEWER", "REVIEWER", "APPROVER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** Finds the enum value whose label is `label` (case-insensitive), or undefined. */
export function fromLabel<T extends string>(labels: Record<T, string>, label: string): T | undefined {
  const wanted = label.trim().toLowerCase();
  return (Object.keys(labels) as T[]).find((key) => labels[key].toLowerCase() === wanted);
}

/**
 * `T` as a published release may hold it: each closed set's value any string. A release keeps the
 * values it was published with, and a value renamed or dropped since was one of its day's.
 */
export type AsStored<T> = T extends string
  ? string
  : T extends readonly (infer Item)[]
    ? AsStored<Item>[]
    : T extends object
      ? { [K in keyof T]: AsStored<T[K]> }
      : T;

/** The label of a closed set's value; a value the set no longer has (a stored release's) as it was stored. */
export function labelAsStored<T extends string>(labels: Record<T, string>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value as T] : value;
}
