"use server";
// The use page's server action: run the command (it parses and checks the role), word its result.
import { revalidatePath } from "next/cache";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { setUseThreshold } from "@/lib/uses/set-use-threshold";
import { signDeployDecision } from "@/lib/deploy-decisions/sign-deploy-decision";
import { addUse, moveUse, retireUse, updateUse } from "@/lib/uses/change-uses";
import { uploadedSuiteFile, uploadSuite } from "@/lib/suites/upload-suite";
import { typedAfterRefusal, typedFields, type TypedFields } from "@/app/_components/typed-fields";

export interface UseThresholdState {
  ok: boolean;
  message: string | null;
  /** Why the command refused, when it did: invalid, forbidden, not_found, conflict. */
  kind?: string;
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

export async function setUseThresholdAction(_previous: UseThresholdState, form: FormData): Promise<UseThresholdState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const percent = String(form.get("failureThreshold") ?? "").trim();
  const result = await runAsSignedIn(setUseThreshold, {
    modelSlug: form.get("modelSlug"),
    useCode: form.get("useCode"),
    failureThreshold: percent === "" ? null : Number(percent) / 100,
    minSampleSize: String(form.get("minSampleSize") ?? "").trim() === "" ? null : Number(form.get("minSampleSize")),
  });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath("/models/[slug]", "layout");
  const reopened = result.reopened ? `; ${result.reopened} approved cell${result.reopened === 1 ? "" : "s"} went back to review` : "";
  return { ok: true, message: `${result.changed} cell${result.changed === 1 ? "" : "s"} now held to this bar${reopened}.` };
}

export interface SignDecisionState {
  ok: boolean;
  message: string | null;
  kind?: string;
  /** Messages by field (outcome, conditions, expiresAt), for the form to show beside each. */
  fields?: Record<string, string>;
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

export async function signDeployDecisionAction(_previous: SignDecisionState, form: FormData): Promise<SignDecisionState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const expires = String(form.get("expiresAt") ?? "").trim();
  const result = await runAsSignedIn(signDeployDecision, {
    modelSlug: form.get("modelSlug"),
    useCode: form.get("useCode"),
    outcome: form.get("outcome"),
    conditions: String(form.get("conditions") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
    // A date input gives a day: the decision holds to the end of it (UTC).
    expiresAt: expires === "" ? undefined : `${expires}T23:59:59.999Z`,
    note: form.get("note") ?? "",
    basis: form.get("basis"),
  });
  if (!result.ok) {
    const fields = "issues" in result ? Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message])) : undefined;
    return { ok: false, kind: result.kind, message: result.message, fields, typed: typedFields(form) };
  }
  revalidatePath("/models/[slug]", "layout");
  return { ok: true, message: `Signed, with ${result.conditions.length} condition${result.conditions.length === 1 ? "" : "s"}.` };
}

export interface UseShapeState {
  ok: boolean;
  message: string | null;
  kind?: string;
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

const readUseFields = (form: FormData) => ({
  purpose: form.get("purpose"),
  capability: form.get("capability") ?? "",
  aiUser: form.get("aiUser") ?? "",
  aiSubject: form.get("aiSubject") ?? "",
  domain: form.get("domain") ?? "",
});

async function shaped(result: { ok: boolean; message?: string; kind?: string; version?: number }, form: FormData, success: string): Promise<UseShapeState> {
  // After a conflict the page shows the other person's change too, beside the refusal naming it.
  if (result.kind === "conflict") revalidatePath("/models/[slug]", "layout");
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message ?? "refused", typed: typedAfterRefusal(result, form) };
  revalidatePath("/models/[slug]", "layout");
  return { ok: true, message: success };
}

export async function addUseAction(_previous: UseShapeState, form: FormData): Promise<UseShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(addUse, { modelSlug: form.get("modelSlug"), ...readUseFields(form) });
  return shaped(result, form, result.ok ? `Added ${result.code}: the matrix has ${result.cellsAdded} new cells, not assessed.` : "");
}

export async function updateUseAction(_previous: UseShapeState, form: FormData): Promise<UseShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(updateUse, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: Number(form.get("expectedVersion")),
    ...readUseFields(form),
  });
  return shaped(result, form, result.ok ? `Saved ${result.code}.` : "");
}

export async function moveUseAction(_previous: UseShapeState, form: FormData): Promise<UseShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(moveUse, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: Number(form.get("expectedVersion")),
    direction: form.get("direction"),
  });
  return shaped(result, form, result.ok ? `Moved ${result.code}.` : "");
}

export async function retireUseAction(_previous: UseShapeState, form: FormData): Promise<UseShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(retireUse, {
    modelSlug: form.get("modelSlug"),
    code: form.get("code"),
    expectedVersion: Number(form.get("expectedVersion")),
    reason: form.get("reason"),
  });
  return shaped(
    result,
    form,
    result.ok ? `Retired ${result.code}: it left the matrix, the card and the deploy decisions; its cells and evidence are kept.` : "",
  );
}

export async function uploadSuiteAction(_previous: UseShapeState, form: FormData): Promise<UseShapeState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const file = form.get("suite");
  const upload = file instanceof File && file.size > 0 ? await uploadedSuiteFile(file) : { ok: true as const, fileName: "", text: "" };
  if (!upload.ok) return { ok: false, kind: upload.kind, message: upload.message };
  const result = await runAsSignedIn(uploadSuite, { modelSlug: form.get("modelSlug"), fileName: upload.fileName, text: upload.text });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  revalidatePath("/models/[slug]", "layout");
  const removed = result.removedCases > 0 ? `, ${result.removedCases} earlier cases retired (earlier campaigns keep their runs)` : "";
  return {
    ok: true,
    message: result.changed
      ? `Suite ${result.suite} for ${result.use}: ${result.cases} cases${removed}. Campaigns can test it now.`
      : `Suite ${result.suite} for ${result.use} is unchanged (${result.cases} cases).`,
  };
}
