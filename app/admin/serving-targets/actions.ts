"use server";
// Serving targets: each action hands the form to one lib/serving-targets function, which checks
// that the actor is an admin and audits the change.
import { revalidatePath } from "next/cache";
import { createServingTarget, updateServingTarget } from "@/lib/serving-targets/save-serving-target";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { typedFields, type TypedFields } from "@/app/_components/typed-fields";

export interface ServingTargetActionState {
  ok: boolean;
  /** Why it was refused ("forbidden", "invalid", ...), as lib/ said. */
  kind?: string;
  message: string | null;
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

function fields(form: FormData) {
  const apiKeyEnv = form.get("apiKeyEnv");
  return {
    name: form.get("name"),
    baseUrl: form.get("baseUrl"),
    model: form.get("model"),
    declaredRevision: form.get("declaredRevision"),
    apiKeyEnv: apiKeyEnv === "" || apiKeyEnv === null ? undefined : apiKeyEnv,
    promptPricePerMillion: price(form.get("promptPricePerMillion")),
    completionPricePerMillion: price(form.get("completionPricePerMillion")),
  };
}

/** An empty box is no price; anything else goes to lib as a number, which refuses what is not one. */
function price(value: FormDataEntryValue | null) {
  return value === null || value === "" ? undefined : Number(value);
}

export async function createServingTargetAction(_previous: ServingTargetActionState, form: FormData): Promise<ServingTargetActionState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(createServingTarget, fields(form));
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath("/admin/serving-targets");
  return { ok: true, message: `Added serving target "${result.target.name}".` };
}

export async function updateServingTargetAction(_previous: ServingTargetActionState, form: FormData): Promise<ServingTargetActionState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(updateServingTarget, { id: form.get("id"), ...fields(form) });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath("/admin/serving-targets");
  return { ok: true, message: `Saved serving target "${result.target.name}".` };
}
