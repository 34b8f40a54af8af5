"use server";
// The campaign pages' server actions: read the form, call one lib/ function, return its result.
import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { controlCampaign, type ControlCampaignResult } from "@/lib/campaigns/control-campaign";
import { createCampaign, type CreateCampaignResult } from "@/lib/campaigns/create-campaign";
import { overrideVerdict, type OverrideResult } from "@/lib/campaigns/override";
import { getDb } from "@/lib/db/client";

/** The start form's fields in the settings schema's shape; createCampaign validates them. */
export async function startCampaignAction(_previous: CreateCampaignResult | null, form: FormData): Promise<CreateCampaignResult> {
  const text = (name: string) => (form.get(name) === "" || form.get(name) === null ? undefined : String(form.get(name)));
  const result = await createCampaign(getDb(), await currentActor(), {
    modelSlug: text("modelSlug"),
    name: text("name"),
    uses: form.getAll("uses").map(String),
    risks: form.getAll("risks").map(String),
    repeats: text("repeats"),
    casesPerSuite: text("casesPerSuite"),
    sampling: { seed: text("seed"), temperature: text("temperature"), topP: text("topP"), maxNewTokens: text("maxNewTokens") },
  });
  if (result.ok) revalidatePath(`/models/${text("modelSlug")}/campaigns`);
  return result;
}

export async function controlCampaignAction(_previous: ControlCampaignResult | null, form: FormData): Promise<ControlCampaignResult> {
  const result = await controlCampaign(getDb(), await currentActor(), { campaignId: form.get("campaignId"), action: form.get("action") });
  revalidatePath("/models/[slug]/campaigns/[id]", "page");
  return result;
}

export async function overrideVerdictAction(_previous: OverrideResult | null, form: FormData): Promise<OverrideResult> {
  const verdict = form.get("verdict");
  const result = await overrideVerdict(getDb(), await currentActor(), {
    caseRunId: form.get("caseRunId"),
    verdict: verdict === "" ? null : verdict,
    reason: form.get("reason"),
  });
  revalidatePath("/models/[slug]/campaigns/[id]/runs/[runId]", "page");
  return result;
}
