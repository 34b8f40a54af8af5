"use server";
// The use page's server action: run the command (it parses and checks the role), word its result.
import { revalidatePath } from "next/cache";
import { runAsSignedIn } from "@/lib/commands/run-in-request";
import { setUseThreshold } from "@/lib/uses/set-use-threshold";

export interface UseThresholdState {
  ok: boolean;
  message: string | null;
  /** Why the command refused, when it did: invalid, forbidden, not_found, conflict. */
  kind?: string;
}

export async function setUseThresholdAction(_previous: UseThresholdState, form: FormData): Promise<UseThresholdState> {
  const percent = String(form.get("failureThreshold") ?? "").trim();
  const result = await runAsSignedIn(setUseThreshold, {
    modelSlug: form.get("modelSlug"),
    useCode: form.get("useCode"),
    failureThreshold: percent === "" ? null : Number(percent) / 100,
    minSampleSize: String(form.get("minSampleSize") ?? "").trim() === "" ? null : Number(form.get("minSampleSize")),
  });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  revalidatePath("/models/[slug]", "layout");
  const reopened = result.reopened ? `; ${result.reopened} approved cell${result.reopened === 1 ? "" : "s"} went back to review` : "";
  return { ok: true, message: `${result.changed} cell${result.changed === 1 ? "" : "s"} now held to this bar${reopened}.` };
}
