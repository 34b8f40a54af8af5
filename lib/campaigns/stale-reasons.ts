// Why evidence can be stale, in words. Apart from stale.ts so client components can show the
// labels without pulling in the checkpoint reader and the detectors.
export const STALE_REASONS = ["model", "suite", "detectors", "settings"] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export const staleReasonLabel: Record<StaleReason, string> = {
  model: "the model revision changed",
  suite: "the suite changed",
  detectors: "the detectors changed",
  settings: "the campaign settings differ",
};
