// The hash of what decides a campaign's verdicts besides the model and the suites: backend,
// sampling (seed included), the model judges (which models, through which adapters, and whether each counts) and
// the verdict rule. Evidence records it; evidence made under other settings is stale.
import { createHash } from "node:crypto";
import { canonicalJson } from "../../domain/canonical-json";
import type { VerdictRule } from "../../detectors/types";
import { campaignJudges, type CampaignBackend, type CampaignJudge, type CampaignJudgeSetting, type CampaignSampling } from "./campaign-settings";

export function settingsHash(settings: {
  backend: CampaignBackend;
  sampling: CampaignSampling;
  judge?: CampaignJudgeSetting;
  judges?: CampaignJudge[];
  verdictRule?: VerdictRule;
}): string {
  // No judge hashes as before the judge existed, one judge as before ensembles existed and the rubric
  // judge as before judge adapters existed, so older evidence keeps its hash. Several judges hash in
  // the order given, the order their findings are recorded in.
  const judges = campaignJudges({ judge: settings.judge ?? { kind: "off" }, judges: settings.judges }).map(withoutDefaultAdapter);
  return (
    createHash("sha256")
      // "any", the rule before there was a choice, hashes as before too.
      .update(
        canonicalJson({
          backend: settings.backend,
          sampling: settings.sampling,
          judge: judges.length === 1 ? judges[0] : undefined,
          judges: judges.length > 1 ? judges : undefined,
          verdictRule: settings.verdictRule === "any" ? undefined : settings.verdictRule,
        }),
      )
      .digest("hex")
  );
}

function withoutDefaultAdapter(judge: CampaignJudge) {
  const { adapter, ...rest } = judge;
  return adapter === "rubric" ? rest : judge;
}
