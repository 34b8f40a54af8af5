"use server";
// The model settings' server actions: run the command (it parses and checks the role), word its result.
import { revalidatePath } from "next/cache";
import { SCALE_STEPS, setScaleTexts } from "@/lib/models/scale-texts";
import { setCheckpointPath } from "@/lib/models/set-checkpoint-path";
import { setSeparationOfDuties } from "@/lib/models/set-separation-of-duties";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { setBaseModel } from "@/lib/inheritance/set-base-model";
import { typedFields, type TypedFields } from "@/app/_components/typed-fields";

export interface CheckpointPathState {
  ok: boolean;
  message: string | null;
  /** Why lib/models refused, when it did: invalid, forbidden, not_found. */
  kind?: string;
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

export async function setCheckpointPathAction(_previous: CheckpointPathState, form: FormData): Promise<CheckpointPathState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const slug = String(form.get("slug") ?? "");
  const result = await runAsSignedIn(setCheckpointPath, { slug, checkpointPath: form.get("checkpointPath") });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath(`/models/${slug}/settings`);
  return { ok: true, message: `The checkpoint is now ${result.checkpointPath}.` };
}

export async function setSeparationOfDutiesAction(_previous: CheckpointPathState, form: FormData): Promise<CheckpointPathState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const slug = String(form.get("slug") ?? "");
  const result = await runAsSignedIn(setSeparationOfDuties, { slug, separationOfDuties: form.get("separationOfDuties") === "on" });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath(`/models/${slug}/settings`);
  return {
    ok: true,
    message: result.separationOfDuties
      ? "Separation of duties is on: whoever last changed a cell's judgement cannot approve it."
      : "Separation of duties is off: one approver may judge and approve a cell (in two saves).",
  };
}

export async function setScaleTextsAction(_previous: CheckpointPathState, form: FormData): Promise<CheckpointPathState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const slug = String(form.get("slug") ?? "");
  const scale = (name: "likelihood" | "severity") => Object.fromEntries(SCALE_STEPS.map((step) => [step, form.get(`${name}.${step}`)]));
  const result = await runAsSignedIn(setScaleTexts, { slug, scaleTexts: { likelihood: scale("likelihood"), severity: scale("severity") } });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath(`/models/${slug}`, "layout");
  return { ok: true, message: "Saved: the cell editor now shows this wording of the scales." };
}

export async function setBaseModelAction(_previous: CheckpointPathState, form: FormData): Promise<CheckpointPathState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const slug = String(form.get("slug") ?? "");
  // The form's "none" is an empty value: clearing the base.
  const result = await runAsSignedIn(setBaseModel, { slug, baseSlug: form.get("baseSlug") || null });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath(`/models/${slug}`, "layout");
  return {
    ok: true,
    message: result.base
      ? `The base model is now ${result.base.name}: its risks this model has no row for are inherited, and its evidence shows as inherited, not re-tested.`
      : "This model has no base model now: it inherits nothing.",
  };
}
