"use server";
// The mapping editor's server action: the YAML text and the sha256 it was opened with, to lib/.
import { revalidatePath } from "next/cache";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { saveMapping, type SaveMappingResult } from "@/lib/imports/save-mapping";
import { echoTypedOnRefusal, type WithTyped } from "@/app/_components/typed-fields";

export async function saveMappingAction(_previous: WithTyped<SaveMappingResult> | null, form: FormData): Promise<WithTyped<SaveMappingResult>> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(saveMapping, { file: form.get("file"), text: form.get("text"), baseSha256: form.get("baseSha256") });
  if (result.ok) revalidatePath("/mappings");
  return echoTypedOnRefusal(result, form);
}
