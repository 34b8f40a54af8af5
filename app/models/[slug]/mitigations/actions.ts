"use server";
// The mitigation library's server actions: parse with the zod schema, call lib/, return the result.
import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { editMitigationText, mitigationTextEditSchema, type EditMitigationTextResult } from "@/lib/mitigations/edit-mitigation-text";
import { mergeMitigations, mergeMitigationsSchema, type MergeMitigationsResult } from "@/lib/mitigations/merge";

export async function mergeMitigationsAction(input: unknown): Promise<MergeMitigationsResult> {
  const parsed = mergeMitigationsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((i) => i.message).join("; ") };
  const result = await mergeMitigations(getDb(), await currentActor(), parsed.data);
  if (result.ok) revalidatePath("/models/[slug]", "layout");
  return result;
}

export async function editMitigationTextAction(input: unknown): Promise<EditMitigationTextResult> {
  const parsed = mitigationTextEditSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((i) => i.message).join("; ") };
  const result = await editMitigationText(getDb(), await currentActor(), parsed.data);
  if (result.ok) revalidatePath("/models/[slug]", "layout");
  return result;
}
