"use server";
// The campaign pages' server actions: read the form, call one lib/ function, return its result.
import { revalidatePath } from "next/cache";
import { campaignSettingsFromForm } from "@/app/models/[slug]/campaigns/campaign-form";
import { controlCampaign, type ControlCampaignResult } from "@/lib/campaigns/start/control-campaign";
import { createCampaign, type CreateCampaignResult } from "@/lib/campaigns/start/create-campaign";
import { startTopUpCampaign } from "@/lib/campaigns/start/top-up";
import { confirmOverride, overrideVerdict } from "@/lib/campaigns/scoring/override";
import type { OverrideResult } from "@/lib/evidence/verdict-override";
import { proposedOverrideFromForm } from "@/app/_components/override-input";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { echoTypedOnRefusal, type WithTyped } from "@/app/_components/typed-fields";

export async function startCampaignAction(_previous: WithTyped<CreateCampaignResult> | null, form: FormData): Promise<WithTyped<CreateCampaignResult>> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const start = form.get("topUp") === "on" ? startTopUpCampaign : createCampaign;
  const result = await runAsSignedIn(start, campaignSettingsFromForm(form));
  if (result.ok) revalidatePath(`/models/${form.get("modelSlug")}/campaigns`);
  return echoTypedOnRefusal(result, form);
}

export async function controlCampaignAction(_previous: ControlCampaignResult | null, form: FormData): Promise<ControlCampaignResult> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(controlCampaign, { campaignId: form.get("campaignId"), action: form.get("action") });
  revalidatePath("/models/[slug]/campaigns/[id]", "page");
  return result;
}

export async function overrideVerdictAction(_previous: WithTyped<OverrideResult> | null, form: FormData): Promise<WithTyped<OverrideResult>> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(overrideVerdict, proposedOverrideFromForm(form, "caseRunId"));
  revalidatePath("/models/[slug]/campaigns/[id]/runs/[runId]", "page");
  return echoTypedOnRefusal(result, form);
}

export async function confirmOverrideAction(_previous: OverrideResult | null, form: FormData): Promise<OverrideResult> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(confirmOverride, { caseRunId: form.get("caseRunId") });
  revalidatePath("/models/[slug]/campaigns/[id]/runs/[runId]", "page");
  return result;
}
