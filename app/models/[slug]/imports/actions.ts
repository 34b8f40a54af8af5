"use server";
// The imports pages' server actions: an override of an imported result's verdict, and its confirmation.
import { revalidatePath } from "next/cache";
import { runAsSignedIn } from "@/lib/commands/run-in-request";
import { confirmImportedOverride, overrideImportedResult, type ImportedOverrideResult } from "@/lib/imports/override-imported-result";

export async function overrideImportedResultAction(_previous: ImportedOverrideResult | null, form: FormData): Promise<ImportedOverrideResult> {
  const verdict = form.get("verdict");
  const result = await runAsSignedIn(overrideImportedResult, {
    resultId: form.get("resultId"),
    // "" is the form's unchosen placeholder: refused by the schema, never read as a withdrawal.
    verdict: verdict === "WITHDRAW" ? null : verdict,
    reason: form.get("reason"),
  });
  revalidatePath("/models/[slug]/imports/[id]/results/[resultId]", "page");
  return result;
}

export async function confirmImportedOverrideAction(_previous: ImportedOverrideResult | null, form: FormData): Promise<ImportedOverrideResult> {
  const result = await runAsSignedIn(confirmImportedOverride, { resultId: form.get("resultId") });
  revalidatePath("/models/[slug]/imports/[id]/results/[resultId]", "page");
  return result;
}
