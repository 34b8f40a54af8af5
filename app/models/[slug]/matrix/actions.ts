"use server";
// The matrix's server actions: parse with the zod schema, call lib/, return the result.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentActor } from "@/lib/auth/current-actor";
import { cellEditSchema } from "@/lib/cells/cell-edit-schema";
import { updateCell, type UpdateCellResult } from "@/lib/cells/update-cell";
import { getDb } from "@/lib/db/client";
import {
  attachEvidence,
  attachEvidenceSchema,
  loadAttachedEvidence,
  type AttachEvidenceResult,
  type AttachedEvidenceView,
} from "@/lib/evidence/attach-evidence";
import { loadCellHistory, type CellHistoryEntry } from "@/lib/matrix/load-cell-history";

export async function saveCell(input: unknown): Promise<UpdateCellResult> {
  const parsed = cellEditSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
    return { ok: false, kind: "invalid", message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
  }
  return updateCell(getDb(), await currentActor(), parsed.data);
}

export async function cellHistory(cellId: unknown): Promise<CellHistoryEntry[]> {
  return loadCellHistory(getDb(), z.string().min(1).max(100).parse(cellId));
}

export async function attachCellEvidence(input: unknown): Promise<AttachEvidenceResult> {
  const parsed = attachEvidenceSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
    return { ok: false, kind: "invalid", message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
  }
  const result = await attachEvidence(getDb(), await currentActor(), parsed.data);
  // The matrix shows each cell's evidence status, which a first document or attestation changes.
  if (result.ok) revalidatePath("/models/[slug]/matrix", "page");
  return result;
}

export async function cellEvidence(cellId: unknown): Promise<AttachedEvidenceView[]> {
  return loadAttachedEvidence(getDb(), z.string().min(1).max(100).parse(cellId));
}
