// The hash of what decides a campaign's outputs besides the model and the suites: backend and
// sampling (seed included). Evidence records it; evidence made under other settings is stale.
import { createHash } from "node:crypto";
import type { CampaignBackend, CampaignSampling } from "./campaign-settings";

export function settingsHash(settings: { backend: CampaignBackend; sampling: CampaignSampling }): string {
  return createHash("sha256")
    .update(canonicalJson({ backend: settings.backend, sampling: settings.sampling }))
    .digest("hex");
}

/** JSON with object keys sorted at every depth: the same settings always hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
