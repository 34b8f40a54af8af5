"use server";
// The model settings' server action: parse with the API's zod schema, call lib/, return the result.
import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { checkpointPathSchema, setCheckpointPath } from "@/lib/models/set-checkpoint-path";
import { setSeparationOfDuties } from "@/lib/models/set-separation-of-duties";

export interface CheckpointPathState {
  ok: boolean;
  message: string | null;
  /** Why lib/models refused, when it did: invalid, forbidden, not_found. */
  kind?: string;
}

export async function setCheckpointPathAction(_previous: CheckpointPathState, form: FormData): Promise<CheckpointPathState> {
  const parsed = checkpointPathSchema.safeParse({ slug: form.get("slug"), checkpointPath: form.get("checkpointPath") });
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((issue) => issue.message).join("; ") };
  const result = await setCheckpointPath(getDb(), await currentActor(), parsed.data);
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  revalidatePath(`/models/${parsed.data.slug}/settings`);
  return { ok: true, message: `The checkpoint is now ${result.checkpointPath}.` };
}

export async function setSeparationOfDutiesAction(_previous: CheckpointPathState, form: FormData): Promise<CheckpointPathState> {
  const slug = String(form.get("slug") ?? "");
  const result = await setSeparationOfDuties(getDb(), await currentActor(), { slug, separationOfDuties: form.get("separationOfDuties") === "on" });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  revalidatePath(`/models/${slug}/settings`);
  return {
    ok: true,
    message: result.separationOfDuties
      ? "Separation of duties is on: whoever last changed a cell's judgement cannot approve it."
      : "Separation of duties is off: one approver may judge and approve a cell (in two saves).",
  };
}
