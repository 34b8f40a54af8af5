"use server";
// The detectors page's server action: the admin's floor for counting a judge.
import { revalidatePath } from "next/cache";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { updateJudgeCountingFloor } from "@/lib/labelling/judge-counting";
import { typedFields, type TypedFields } from "@/app/_components/typed-fields";

export type FloorFormResult = { ok: true } | { ok: false; kind: string; message: string; typed?: TypedFields };

export async function updateJudgeCountingFloorAction(_previous: FloorFormResult | null, form: FormData): Promise<FloorFormResult> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  // Empty fields reach the schema as NaN and are refused by name there.
  const result = await runAsSignedIn(updateJudgeCountingFloor, {
    minLabels: Number(form.get("minLabels") || Number.NaN),
    floor: Number(form.get("floor") || Number.NaN),
  });
  if (!result.ok) return { ...result, typed: typedFields(form) };
  revalidatePath("/detectors");
  return { ok: true };
}
