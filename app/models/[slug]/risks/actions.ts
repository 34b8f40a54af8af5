"use server";
// The risks page's server actions: each runs one command (it parses and checks the role) and words its result.
import { revalidatePath } from "next/cache";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { adoptInheritedRisk, retireInheritedRisk } from "@/lib/inheritance/inherited-risk-changes";
import { addRisk, moveRisk, retireRisk, updateRisk } from "@/lib/risks/change-risks";
import { addRiskMitigation, moveRiskMitigation } from "@/lib/mitigations/change-mitigations";
import { typedAfterRefusal, type TypedFields } from "@/app/_components/typed-fields";

export interface ShapeState {
  ok: boolean;
  message: string | null;
  /** Why the command refused, when it did: invalid, forbidden, not_found, conflict. */
  kind?: string;
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

const version = (form: FormData) => Number(form.get("expectedVersion"));
/** A field the form does not have is left out, so the command names what is missing. */
const optional = (form: FormData, name: string) => form.get(name) ?? undefined;

async function done(result: { ok: boolean; message?: string; kind?: string; version?: number }, form: FormData, success: string): Promise<ShapeState> {
  // After a conflict the page shows the other person's change too, beside the refusal naming it.
  if (result.kind === "conflict") revalidatePath("/models/[slug]", "layout");
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message ?? "refused", typed: typedAfterRefusal(result, form) };
  revalidatePath("/models/[slug]", "layout");
  return { ok: true, message: success };
}

export async function addRiskAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(addRisk, {
    modelSlug: form.get("modelSlug"),
    title: form.get("title"),
    riskType: form.get("riskType"),
    harmArea: form.get("harmArea"),
  });
  return done(result, form, result.ok ? `Added ${result.code}: the matrix has ${result.cellsAdded} new cells, not assessed.` : "");
}

export async function updateRiskAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(updateRisk, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: version(form),
    title: form.get("title"),
    riskType: form.get("riskType"),
    harmArea: form.get("harmArea"),
  });
  return done(result, form, result.ok ? `Saved ${result.code}.` : "");
}

export async function moveRiskAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(moveRisk, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: version(form),
    direction: form.get("direction"),
  });
  return done(result, form, result.ok ? `Moved ${result.code}.` : "");
}

export async function retireRiskAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(retireRisk, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: version(form),
    reason: form.get("reason"),
  });
  return done(result, form, result.ok ? `Retired ${result.code}: it left the matrix and the card; its cells and evidence are kept.` : "");
}

export async function addRiskMitigationAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(addRiskMitigation, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: version(form),
    text: optional(form, "text"),
    mitigationId: optional(form, "mitigationId"),
  });
  const how = result.ok && result.created ? "a new mitigation" : "from the library";
  return done(result, form, result.ok ? `Added "${result.text}" (${how}) to ${form.get("code")}.` : "");
}

export async function moveRiskMitigationAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(moveRiskMitigation, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: version(form),
    mitigationId: form.get("mitigationId"),
    direction: form.get("direction"),
  });
  return done(result, form, result.ok ? `Moved "${result.text}".` : "");
}

export async function adoptInheritedRiskAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(adoptInheritedRisk, { modelSlug: form.get("modelSlug"), code: form.get("code") });
  return done(
    result,
    form,
    result.ok ? `Adopted ${result.code}: it is this model's own risk now, with ${result.cellsAdded} new cells, not assessed, to judge and re-test.` : "",
  );
}

export async function retireInheritedRiskAction(_previous: ShapeState, form: FormData): Promise<ShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(retireInheritedRisk, { modelSlug: form.get("modelSlug"), code: form.get("code"), reason: form.get("reason") });
  return done(result, form, result.ok ? `Retired ${result.code} for this model: it is no longer inherited; the base model keeps it.` : "");
}
