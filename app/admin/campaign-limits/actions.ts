"use server";
// The campaign limits page's server action: read the form, call lib/, return its result.
import { revalidatePath } from "next/cache";
import { CAMPAIGN_LIMIT_LABELS, updateCampaignLimits, type UpdateCampaignLimitsResult } from "@/lib/campaigns/settings/campaign-limits";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { echoTypedOnRefusal, type WithTyped } from "@/app/_components/typed-fields";

export async function updateCampaignLimitsAction(
  _previous: WithTyped<UpdateCampaignLimitsResult> | null,
  form: FormData,
): Promise<WithTyped<UpdateCampaignLimitsResult>> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  // Empty or non-numeric fields reach the schema as NaN and are refused by name there.
  const input = Object.fromEntries(Object.keys(CAMPAIGN_LIMIT_LABELS).map((name) => [name, Number(form.get(name) || Number.NaN)]));
  const result = await runAsSignedIn(updateCampaignLimits, input);
  if (result.ok) revalidatePath("/admin/campaign-limits");
  return echoTypedOnRefusal(result, form);
}
