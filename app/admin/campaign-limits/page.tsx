import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { CAMPAIGN_LIMIT_LABELS, DEFAULT_CAMPAIGN_LIMITS, loadCampaignLimits } from "@/lib/campaigns/settings/campaign-limits";
import { getDb } from "@/lib/db/client";
import { CampaignLimitsForm } from "./campaign-limits-form";
import { mayRun } from "@/lib/commands/define-command";
import { updateCampaignLimits } from "@/lib/campaigns/settings/campaign-limits";

export const metadata: Metadata = { title: "Campaign limits" };
export const dynamic = "force-dynamic";

export default async function CampaignLimitsPage() {
  const actor = await currentActor();
  const limits = await loadCampaignLimits(getDb());
  return (
    <main id="main">
      <h1>Campaign limits</h1>
      <p className="page-intro">
        How big one campaign may be, and how many runs one person may have waiting. A campaign over a limit is refused with a message naming it, from the
        browser, the API and the command line alike. Defaults: {DEFAULT_CAMPAIGN_LIMITS.maxCasesPerSuite.toLocaleString("en")} cases per suite,{" "}
        {DEFAULT_CAMPAIGN_LIMITS.maxRepeats} repeats, {DEFAULT_CAMPAIGN_LIMITS.maxRunsPerCampaign.toLocaleString("en")} runs per campaign,{" "}
        {DEFAULT_CAMPAIGN_LIMITS.maxQueuedRunsPerPerson.toLocaleString("en")} queued runs per person.
      </p>
      {mayRun(updateCampaignLimits, actor.role) ? (
        <CampaignLimitsForm limits={limits} labels={CAMPAIGN_LIMIT_LABELS} />
      ) : (
        <dl>
          {(Object.keys(CAMPAIGN_LIMIT_LABELS) as (keyof typeof limits)[]).map((name) => (
            <div key={name}>
              <dt>Most {CAMPAIGN_LIMIT_LABELS[name]}</dt>
              <dd>{limits[name].toLocaleString("en")}</dd>
            </div>
          ))}
        </dl>
      )}
    </main>
  );
}
