// The hash of what decides a campaign's verdicts besides the model and the suites: backend,
// sampling (seed included), the model judge (which model, and whether it counts) and the verdict rule. Evidence
// records it; evidence made under other settings is stale.
import { createHash } from "node:crypto";
import type { VerdictRule } from "../../detectors/types";
import type { CampaignBackend, CampaignJudge, CampaignSampling } from "./campaign-settings";

export function settingsHash(settings: { backend: CampaignBackend; sampling: CampaignSampling; judge?: CampaignJudge; verdictRule?: VerdictRule }): string {
  // No judge hashes as before the judge existed, and the rubric judge as before judge adapters
  // existed, so older evidence keeps its hash.
  const judge = settings.judge?.kind === "off" ? undefined : withoutDefaultAdapter(settings.judge);
  return (
    createHash("sha256")
      // "any", the rule before there was a choice, hashes as before too.
      .update(
        canonicalJson({
          backend: settings.backend,
          sampling: settings.sampling,
          judge,
          verdictRule: settings.verdictRule === "any" ? undefined : settings.verdictRule,
        }),
      )
      .digest("hex")
  );
}

function withoutDefaultAdapter(judge: CampaignJudge | undefined) {
  if (!judge || judge.kind === "off") return judge;
  const { adapter, ...rest } = judge;
  return adapter === "rubric" ? rest : judge;
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
