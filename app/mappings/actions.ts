"use server";
// The mapping editor's server action: the YAML text and the sha256 it was opened with, to lib/.
import { revalidatePath } from "next/cache";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { saveMapping, type SaveMappingResult } from "@/lib/imports/save-mapping";

/** A save's result; a refused one carries the text as typed, for the editor to show again (React resets a form's fields once its action ends). */
export type MappingSaveState = SaveMappingResult | (Extract<SaveMappingResult, { ok: false }> & { typed: string });

export async function saveMappingAction(_previous: MappingSaveState | null, form: FormData): Promise<MappingSaveState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const text = form.get("text");
  const result = await runAsSignedIn(saveMapping, { file: form.get("file"), text, baseSha256: form.get("baseSha256") });
  if (result.ok) revalidatePath("/mappings");
  return result.ok || typeof text !== "string" ? result : { ...result, typed: text };
}
