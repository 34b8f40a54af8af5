"use server";
// The mitigation library's server actions: run the command (it parses and checks the role), return its result.
import { revalidatePath } from "next/cache";
import { editMitigationText } from "@/lib/mitigations/edit-mitigation-text";
import { mergeMitigations } from "@/lib/mitigations/merge";
import { retireMitigation } from "@/lib/mitigations/change-mitigations";
import type { ShapeState } from "../risks/actions";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { typedAfterRefusal } from "@/app/_components/typed-fields";

export async function mergeMitigationsAction(input: unknown): Promise<Awaited<ReturnType<typeof mergeMitigations>>> {
  const result = await runAsSignedIn(mergeMitigations, input);
  if (result.ok) revalidatePath("/models/[slug]", "layout");
  return result;
}

export async function editMitigationTextAction(input: unknown): Promise<Awaited<ReturnType<typeof editMitigationText>>> {
  const result = await runAsSignedIn(editMitigationText, input);
  // After a conflict too: the page shows the other person's text beside the refusal naming it.
  if (result.ok || result.kind === "conflict") revalidatePath("/models/[slug]", "layout");
  return result;
}

export async function retireMitigationAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(retireMitigation, {
    mitigationId: form.get("mitigationId"),
    expectedVersion: Number(form.get("expectedVersion")),
    reason: form.get("reason"),
  });
  if (!result.ok) {
    if (result.kind === "conflict") revalidatePath("/models/[slug]", "layout");
    return { ok: false, kind: result.kind, message: result.message, typed: typedAfterRefusal(result, form) };
  }
  revalidatePath("/models/[slug]", "layout");
  return { ok: true, message: `Retired "${result.text}": it left the card and the cells' editors; its history and the cells' statuses are kept.` };
}
