// When evidence is stale and why, in words. Apart from current-hashes.ts (which reads the model and
// the detectors to know the current hashes) so pages and client components can use the rule.
import { rootContradictsDeclaredRevision } from "../serving-targets/served-revision";

export const STALE_REASONS = ["model", "served", "weights", "suite", "detectors", "settings"] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export const staleReasonLabel: Record<StaleReason, string> = {
  model: "the model revision changed",
  served: "the model its serving target serves changed",
  weights: "its endpoint's /v1/models named other weights than the revision it claims",
  suite: "the suite changed",
  detectors: "the detectors changed",
  settings: "the campaign settings differ",
};

export interface CurrentHashes {
  /** null when the model's revision cannot be known here (no checkpoint on this machine). */
  modelRevision: string | null;
  suiteHashByUse: Map<string, string>;
  detectorsHash: string;
  /** The hashes of this model's campaigns with a model judge, under the current detectors (see detectors-hash.ts). */
  judgedDetectorsHashes?: ReadonlySet<string>;
  /**
   * What each serving target serves now, by its address: the revision its admin declares and what
   * its endpoint last reported at /v1/models (null before any campaign asked).
   */
  servedByEndpoint?: ReadonlyMap<string, { declaredRevision: string; servedModel: string | null }>;
  /** Only when evidence is held to particular settings (e.g. a CI gate's). */
  settingsHash?: string;
}

export interface HashedEvidence {
  /** "IMPORT": another tool's run, made with neither this app's suites nor its detectors, so only the model revision can make it stale. */
  kind?: string;
  modelRevision: string | null;
  suiteHash: string | null;
  detectorsHash: string | null;
  settingsHash: string | null;
  /** Set on evidence from an endpoint (see campaign-aggregate.ts backendProvenance). */
  endpoint?: string | null;
  servedModel?: string | null;
  declaredRevision?: string | null;
  /**
   * The root the endpoint's /v1/models gave, as the campaign that wrote it recorded it. Campaigns have paused on a
   * root that contradicts their claim since 7 December 2026; evidence written before then may carry one.
   */
  servedRoot?: string | null;
}

/** Why a piece of campaign evidence for a cell of `useCode` is stale; empty when it is current. */
export function staleReasons(evidence: HashedEvidence, useCode: string, current: CurrentHashes): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (current.modelRevision && evidence.modelRevision !== current.modelRevision) reasons.push("model");
  if (servedModelChanged(evidence, current)) reasons.push("served");
  if (evidence.servedRoot && evidence.modelRevision && rootContradictsDeclaredRevision(evidence.servedRoot, evidence.modelRevision)) reasons.push("weights");
  if (evidence.kind === "IMPORT") return reasons;
  if (evidence.suiteHash !== (current.suiteHashByUse.get(useCode) ?? null)) reasons.push("suite");
  const judgedCurrent = evidence.detectorsHash !== null && current.judgedDetectorsHashes?.has(evidence.detectorsHash);
  if (evidence.detectorsHash !== current.detectorsHash && !judgedCurrent) reasons.push("detectors");
  if (current.settingsHash && evidence.settingsHash !== current.settingsHash) reasons.push("settings");
  return reasons;
}

function servedModelChanged(evidence: HashedEvidence, current: CurrentHashes): boolean {
  const now = evidence.endpoint ? current.servedByEndpoint?.get(evidence.endpoint) : undefined;
  if (!now) return false;
  if (evidence.declaredRevision !== now.declaredRevision) return true;
  return now.servedModel !== null && evidence.servedModel !== now.servedModel;
}
