import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/current-actor";
import { listCampaigns, loadCampaignChoices, type CampaignChoices } from "@/lib/campaigns/reads/load-campaigns";
import { estimateFor, tokenEstimateLine } from "@/lib/campaigns/reads/token-estimate";
import { getDb } from "@/lib/db/client";
import { StartCampaignForm } from "./start-campaign-form";
import { CampaignList } from "./campaign-list";
import { mayRun } from "@/lib/commands/define-command";
import { createCampaign } from "@/lib/campaigns/start/create-campaign";

export const metadata: Metadata = { title: "Campaigns" };
export const dynamic = "force-dynamic";

export default async function CampaignsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const [campaigns, choices, actor] = await Promise.all([listCampaigns(db, slug), loadCampaignChoices(db, slug), currentActor()]);
  return (
    <>
      <h1>Safety test campaigns</h1>
      <p className="page-intro">
        A campaign sends the use suites&apos; cases through the model, judges each output with its detectors and turns the results into evidence for each risk ×
        use cell. See the <Link href={`/models/${slug}/campaigns/heatmap`}>heatmap of failure rates</Link>.
      </p>
      {mayRun(createCampaign, actor.role) && choices.uses.length > 0 && (
        <>
          <StartCampaignForm slug={slug} choices={choices} />
          <CampaignEstimates choices={choices} />
        </>
      )}
      {choices.uses.length === 0 && <p className="notice notice-conflict">No suites are loaded yet: run `npx tsx cli/riskledger.ts suites sync`.</p>}
      <CampaignList slug={slug} campaigns={campaigns} />
    </>
  );
}

/** Every suite once, on each backend: the cases times the tokens a case took before, over the rate measured then. */
function CampaignEstimates({ choices }: { choices: CampaignChoices }) {
  const cases = choices.uses.reduce((total, use) => total + use.cases, 0);
  return (
    <div className="small">
      <p>Estimate for every suite once, at the default 32 new tokens:</p>
      <ul>
        {Object.entries(choices.rates).map(([backend, rate]) => (
          <li key={backend}>
            {backend === "local" ? "this engine" : `serving target ${backend}`}: {tokenEstimateLine(estimateFor(cases, 32, rate))}
          </li>
        ))}
      </ul>
    </div>
  );
}
