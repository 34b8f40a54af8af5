"use server";
// The labelling desk's server actions: take the next output to label (reading back the item the
// reviewer now holds), and label the one held. Each calls one command.
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { runAsSignedIn } from "@/lib/commands/run-in-request";
import { claimLabellingItem, labellingCounts } from "@/lib/labelling/claim-item";
import { labelLabellingItem, type LabelItemResult } from "@/lib/labelling/label-item";
import { loadLabellingItem, type LabellingItemView } from "@/lib/labelling/load-labelling-item";

export type DeskState = { ok: true; item: LabellingItemView | null; waiting: number; labelled: number } | { ok: false; kind: string; message: string };

export async function takeNextAction(modelSlug: string): Promise<DeskState> {
  const slug = String(modelSlug);
  const claimed = await runAsSignedIn(claimLabellingItem, { modelSlug: slug });
  if (!claimed.ok) return claimed;
  const actor = await currentActor();
  const item = claimed.itemId && actor.id ? await loadLabellingItem(getDb(), claimed.itemId, actor.id) : null;
  return { ok: true, item, ...(await labellingCounts(getDb(), slug)) };
}

/**
 * The desk takes the next output itself once this answers, so a label and a claim stay two commands.
 * Called by hand, `input` may be null or no object at all: the command names the fields it lacks.
 */
export async function labelOutputAction(input: { itemId: string; label: string; note?: string } | null): Promise<LabelItemResult> {
  return runAsSignedIn(labelLabellingItem, { itemId: input?.itemId, label: input?.label, note: input?.note || undefined });
}
