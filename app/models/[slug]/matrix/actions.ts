"use server";
// The matrix's server actions: run the command (it parses and checks the role), return its result.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateCell } from "@/lib/cells/update-cell";
import { getDb } from "@/lib/db/client";
import { attachEvidence, loadAttachedEvidence, type AttachedEvidenceView } from "@/lib/evidence/attach-evidence";
import { currentActor } from "@/lib/auth/current-actor";
import { loadCellEditing, type CellEditing } from "@/lib/matrix/cell-editing";
import { loadCellHistory, type CellHistoryEntry } from "@/lib/matrix/load-cell-history";
import { runAsSignedIn } from "@/lib/commands/run-in-request";

// A cell id as the editor sends it; anything else, sent by hand, names no cell.
const cellIdSchema = z.string().min(1).max(100);

export type SaveCellResult = Awaited<ReturnType<typeof updateCell>>;
export type AttachCellEvidenceResult = Awaited<ReturnType<typeof attachEvidence>>;

export async function saveCell(input: unknown): Promise<SaveCellResult> {
  return runAsSignedIn(updateCell, input);
}

/** What the cell's editor shows; a signed-in person may read it, as they may read the matrix page. */
export async function cellEditing(cellId: unknown): Promise<CellEditing | null> {
  await currentActor();
  const id = cellIdSchema.safeParse(cellId);
  return id.success ? loadCellEditing(getDb(), id.data) : null;
}

/** The cell's change history; a signed-in person may read it, as they may read the matrix page. */
export async function cellHistory(cellId: unknown): Promise<CellHistoryEntry[]> {
  await currentActor();
  const id = cellIdSchema.safeParse(cellId);
  return id.success ? loadCellHistory(getDb(), id.data) : [];
}

export async function attachCellEvidence(input: unknown): Promise<AttachCellEvidenceResult> {
  const result = await runAsSignedIn(attachEvidence, input);
  // The matrix shows each cell's evidence status, which a first document or attestation changes.
  if (result.ok) revalidatePath("/models/[slug]/matrix", "page");
  return result;
}

/** The documents and attestations attached to the cell; a signed-in person may read them. */
export async function cellEvidence(cellId: unknown): Promise<AttachedEvidenceView[]> {
  await currentActor();
  const id = cellIdSchema.safeParse(cellId);
  return id.success ? loadAttachedEvidence(getDb(), id.data) : [];
}
