"use server";
// The imports pages' server actions: an override of an imported result's verdict, and its confirmation.
import { revalidatePath } from "next/cache";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { confirmImportedOverride, overrideImportedResult } from "@/lib/imports/override-imported-result";
import type { OverrideResult } from "@/lib/evidence/verdict-override";
import { proposedOverrideFromForm } from "@/app/_components/override-input";
import { echoTypedOnRefusal, type WithTyped } from "@/app/_components/typed-fields";

export async function overrideImportedResultAction(_previous: WithTyped<OverrideResult> | null, form: FormData): Promise<WithTyped<OverrideResult>> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(overrideImportedResult, proposedOverrideFromForm(form, "resultId"));
  revalidatePath("/models/[slug]/imports/[id]/results/[resultId]", "page");
  return echoTypedOnRefusal(result, form);
}

export async function confirmImportedOverrideAction(_previous: OverrideResult | null, form: FormData): Promise<OverrideResult> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(confirmImportedOverride, { resultId: form.get("resultId") });
  revalidatePath("/models/[slug]/imports/[id]/results/[resultId]", "page");
  return result;
}
