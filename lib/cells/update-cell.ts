// The one way a cell changes. Validates, checks the version the editor saw, writes the change
// and its AuditEvent in one transaction. Browser, CLI and API all call this.
import { z } from "zod";
import { changedFields, recordAuditEvent } from "../audit/record-audit-event";
import type { Db, DbTransaction } from "../db/types";
import type { Actor } from "../auth/actor";
import { cellEditSchema, type CellChanges, type CellEdit, type CellRef } from "./cell-edit-schema";
import { CELL_EDIT_ROLE, isApprovalStatus, mayEditCells, mayMoveReviewStatus } from "./cell-permissions";
import { cellSnapshot, comparableFields, type CellSnapshot } from "./cell-snapshot";
import {
  approvalBasis,
  approvalRefusal,
  changedJudgementFields,
  gateEvidenceOf,
  JUDGEMENT_FIELDS,
  judgementSnapshot,
  type ApprovalBasis,
} from "./approval-gate";
import { summarizeEvidence } from "../matrix/evidence-status";
import { cellKeyLabel, cellKeySlug } from "../domain/cell-key";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { defineCommand, refuseRole, type FieldIssue } from "../commands/define-command";
import { CARD_CELL_AUDIT } from "../card/card-cell-audit";

export type UpdateCellResult =
  | { ok: true; cell: CellSnapshot }
  | { ok: false; kind: "invalid"; message: string; issues: FieldIssue[] }
  | { ok: false; kind: "not_found"; message: string }
  | { ok: false; kind: "forbidden"; message: string }
  | {
      ok: false;
      kind: "conflict";
      message: string;
      current: CellSnapshot;
      changedBy: string | null;
      changedAt: Date | null;
    };

export class ConflictDetected extends Error {}

export const updateCell = defineCommand({
  name: "cell.update",
  doing: "editing a cell",
  role: CELL_EDIT_ROLE,
  schema: cellEditSchema,
  audit: ["cell.update", "cell.update-reopened", "cell.approve", "cell.accept-risk"],
  async run(db, actor, input): Promise<UpdateCellResult> {
    const { ref, changes } = input;
    const approving = changes.reviewStatus !== undefined && isApprovalStatus(changes.reviewStatus);
    // Read outside the transaction: the evidence view is a page read, not part of this write.
    const gate = approving ? await loadApprovalContext(db, ref) : null;

    try {
      return await db.$transaction((tx) => editCellIn(tx, actor, input, gate));
    } catch (error) {
      if (!(error instanceof ConflictDetected)) throw error;
      const cellId = await resolveCellId(db, ref);
      return conflict(db, await cellSnapshot(db, cellId!));
    }
  },
});

/**
 * The edit inside a transaction the caller holds, for a command that changes several cells at
 * once and must change all or none. Throws ConflictDetected when another write won the race: the
 * caller's transaction then rolls back.
 */
export async function editCellIn(
  tx: DbTransaction,
  actor: Actor,
  { ref, expectedVersion, changes }: CellEdit,
  gate: { basis: (applies: CellSnapshot["applies"]) => ApprovalBasis } | null,
): Promise<UpdateCellResult> {
  const approving = changes.reviewStatus !== undefined && isApprovalStatus(changes.reviewStatus);
  const cellId = await resolveCellId(tx, ref);
  if (!cellId) return { ok: false, kind: "not_found", message: describeMissing(ref) } as const;
  const retired = await retiredCellRefusal(tx, cellId);
  if (retired) return retired;
  const before = await cellSnapshot(tx, cellId);

  if (expectedVersion > before.version) {
    const label = cellKeyLabel(before.risk, before.use);
    const message = `${label} has never been at version ${expectedVersion} (it is at version ${before.version}): send the version you read`;
    return invalid([{ path: "expectedVersion", message }]);
  }
  if (before.version !== expectedVersion) return conflict(tx, before);
  if (!mayMoveReviewStatus(actor.role, before.reviewStatus, changes.reviewStatus ?? before.reviewStatus)) {
    return refuseRole(actor, "APPROVER", "approving or accepting a cell");
  }

  const next: CellSnapshot = { ...before, ...withoutMitigations(changes) };
  next.mitigationStatus = { ...before.mitigationStatus, ...(changes.mitigationStatus ?? {}) };
  const issues = [...ruleIssues(next, changes), ...(await mitigationIssues(tx, before, changes)), ...(await ownerIssues(tx, changes))];
  if (issues.length > 0) return invalid(issues);

  const judgementChanged = changedJudgementFields(before, next);
  const approval = approving && changes.reviewStatus !== before.reviewStatus ? changes.reviewStatus : null;
  if (approval) {
    const stored = await tx.cell.findUniqueOrThrow({
      where: { id: cellId },
      select: { judgementChangedById: true, risk: { select: { model: { select: { separationOfDuties: true } } } } },
    });
    const refusal = approvalRefusal({
      to: approval as "APPROVED" | "ACCEPTED",
      basis: gate!.basis(next.applies),
      changedJudgement: judgementChanged,
      actorId: actor.id,
      judgementChangedById: stored.judgementChangedById,
      judgementChangedByUnnamed: await judgedByUnnamedWriter(tx, cellId, stored.judgementChangedById),
      separationOfDuties: stored.risk.model.separationOfDuties,
    });
    if (refusal) return invalid([{ path: "reviewStatus", message: refusal }]);
  }
  // An approval vouches for the judgement it saw: any later change to it reopens the review.
  const keepsStatus = changes.reviewStatus === undefined || changes.reviewStatus === before.reviewStatus;
  const reopened = !approval && keepsStatus && judgementChanged.length > 0 && isApprovalStatus(before.reviewStatus);
  if (reopened) next.reviewStatus = "IN_REVIEW";

  const diff = changedFields(comparableFields(before), comparableFields(next));
  if (diff.changed.length === 0) return { ok: true, cell: before } as const;

  const written = await tx.cell.updateMany({
    where: { id: cellId, version: expectedVersion },
    data: {
      ...withoutMitigations(changes),
      ...(reopened ? { reviewStatus: "IN_REVIEW" as const } : {}),
      ...(judgementChanged.length > 0 && !approval ? { judgementChangedById: actor.id } : {}),
      ...(approval ? { approvedSnapshot: judgementSnapshot(next), approvedById: actor.id, approvedAt: new Date() } : {}),
      version: { increment: 1 },
    },
  });
  // Another transaction won the race between our read and our write.
  if (written.count !== 1) throw new ConflictDetected();

  for (const [mitigationId, status] of Object.entries(changes.mitigationStatus ?? {})) {
    await tx.cellMitigation.upsert({
      where: { cellId_mitigationId: { cellId, mitigationId } },
      create: { cellId, mitigationId, status },
      update: { status },
    });
  }
  const after = await cellSnapshot(tx, cellId);
  await recordAuditEvent(tx, actor, {
    action: approval === "APPROVED" ? "cell.approve" : approval === "ACCEPTED" ? "cell.accept-risk" : reopened ? "cell.update-reopened" : "cell.update",
    entityType: "Cell",
    entityId: cellId,
    before: { version: before.version, ...diff.before },
    after: { version: after.version, ...diff.after },
  });
  return { ok: true, cell: after } as const;
}

/**
 * Whether the judgement was last changed by a card import that named no person (the CLI's, before
 * it had to): the newest change to a judgement field on the cell's history. Only asked when no last
 * judge is recorded; a cell judged only by the card it was created from has no such change.
 */
async function judgedByUnnamedWriter(tx: DbTransaction, cellId: string, judgementChangedById: string | null): Promise<boolean> {
  if (judgementChangedById !== null) return false;
  const history = await tx.auditEvent.findMany({
    where: { entityType: "Cell", entityId: cellId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { action: true, actorId: true, after: true },
  });
  const changedJudgement = ({ after }: { after: unknown }) => after !== null && typeof after === "object" && JUDGEMENT_FIELDS.some((field) => field in after);
  const last = history.find(changedJudgement);
  return last?.action === CARD_CELL_AUDIT && last.actorId === null;
}

/** The evidence an approval is judged against, read once before the save. */
async function loadApprovalContext(db: Db, ref: CellRef): Promise<{ basis: (applies: CellSnapshot["applies"]) => ApprovalBasis }> {
  const cellId = await resolveCellId(db, ref);
  const cell = cellId
    ? await db.cell.findUnique({
        where: { id: cellId },
        select: { risk: { select: { code: true, model: { select: { slug: true } } } }, use: { select: { code: true } } },
      })
    : null;
  // No such cell: no risk and no evidence; the save itself is refused as naming no cell.
  if (!cell) return { basis: (applies) => approvalBasis(applies, gateEvidenceOf("", "UNTESTED")) };
  const evidence = await loadModelEvidence(db, cell.risk.model.slug);
  const key = cellKeySlug(cell.risk.code, cell.use.code);
  // The same reading of the evidence the editor words its message from (gateEvidenceOf), so page and server agree.
  const status = summarizeEvidence(evidence.cells[key], evidence.documentedCells.has(key), 0).status;
  return { basis: (applies) => approvalBasis(applies, gateEvidenceOf(cell.risk.code, status)) };
}

/** Rules that need the stored cell: approvals and acceptances. */
function ruleIssues(next: CellSnapshot, changes: CellChanges): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (changes.reviewStatus && isApprovalStatus(changes.reviewStatus) && next.rationale.trim() === "") {
    issues.push({ path: "rationale", message: "an approval needs a rationale: say why this judgement holds" });
  }
  // The terms are checked when an edit sets them; an edit that leaves them alone is saved even where
  // they lapsed a moment ago, which the sweep (expire-acceptances.ts) reopens, not the reviewer.
  const setsAcceptance = changes.reviewStatus === "ACCEPTED" || changes.acceptedUntil !== undefined || changes.acceptanceJustification !== undefined;
  if (next.reviewStatus === "ACCEPTED" && setsAcceptance) {
    if (!next.acceptanceJustification?.trim()) {
      issues.push({ path: "acceptanceJustification", message: "accepting a residual risk needs a justification" });
    }
    if (!next.acceptedUntil || next.acceptedUntil.getTime() <= Date.now()) {
      issues.push({ path: "acceptedUntil", message: "accepting a residual risk needs an expiry date in the future" });
    }
  }
  return issues;
}

/**
 * A status for a mitigation the cell's risk does not list, named by its text: most often one retired
 * or merged into another while a reviewer's editor was open, whose id means nothing to them. A merged
 * one is deleted; its text and the one it was merged into are kept in the merge's audit event.
 */
async function mitigationIssues(tx: DbTransaction, before: CellSnapshot, changes: CellChanges): Promise<FieldIssue[]> {
  const unlisted = Object.keys(changes.mitigationStatus ?? {}).filter((id) => !(id in before.mitigationStatus));
  if (unlisted.length === 0) return [];
  const found = await tx.mitigation.findMany({ where: { id: { in: unlisted } }, select: { id: true, text: true, retiredAt: true } });
  const merges = found.length < unlisted.length ? await mergesOf(tx, unlisted) : new Map<string, { text: string; into: string }>();
  return unlisted.map((id) => {
    const mitigation = found.find((candidate) => candidate.id === id);
    const merge = merges.get(id);
    const message = mitigation
      ? mitigation.retiredAt
        ? `the mitigation "${mitigation.text}" is retired: a cell no longer records its status`
        : `the mitigation "${mitigation.text}" is not listed under risk ${before.risk}`
      : merge
        ? `the mitigation "${merge.text}" was merged into "${merge.into}": set that one's status instead`
        : `no mitigation with id ${id} is listed under risk ${before.risk}: it never existed`;
    return { path: `mitigationStatus.${id}`, message };
  });
}

/** The text of each of these mitigations merged away, and of the one it was merged into, from the merges' audit events. */
async function mergesOf(tx: DbTransaction, ids: string[]): Promise<Map<string, { text: string; into: string }>> {
  const events = await tx.auditEvent.findMany({ where: { action: "mitigation.merge" }, select: { before: true } });
  const merges = new Map<string, { text: string; into: string }>();
  for (const { before } of events) {
    const recorded = mergeRecord.safeParse(before);
    if (recorded.success && ids.includes(recorded.data.merged.id)) {
      merges.set(recorded.data.merged.id, { text: recorded.data.merged.text, into: recorded.data.kept.text });
    }
  }
  return merges;
}

/** What a merge's audit event holds of the two mitigations (lib/mitigations/merge.ts). */
const mergeRecord = z.object({ kept: z.object({ text: z.string() }), merged: z.object({ id: z.string(), text: z.string() }) });

/** A cell's owner does the review work: an active person who may edit cells. */
async function ownerIssues(tx: DbTransaction, changes: CellChanges): Promise<FieldIssue[]> {
  // Null clears the owner; any string, the empty one included, must name a person.
  if (changes.ownerId === undefined || changes.ownerId === null) return [];
  const owner = await tx.user.findUnique({ where: { id: changes.ownerId }, select: { role: true, disabled: true } });
  if (!owner || owner.disabled) return [{ path: "ownerId", message: "the owner must be an active person" }];
  if (!mayEditCells(owner.role)) return [{ path: "ownerId", message: "the owner must be a reviewer or approver" }];
  return [];
}

async function conflict(db: Db | DbTransaction, current: CellSnapshot): Promise<UpdateCellResult> {
  const last = await db.auditEvent.findFirst({
    where: { entityType: "Cell", entityId: current.id },
    orderBy: { at: "desc" },
  });
  const who = last?.actorLabel ?? "someone";
  return {
    ok: false,
    kind: "conflict",
    message: `${cellKeyLabel(current.risk, current.use)} was changed by ${who} while you were editing (now version ${current.version}). Your edit was not saved; review their change and save again.`,
    current,
    changedBy: last?.actorLabel ?? null,
    changedAt: last?.at ?? null,
  };
}

export async function resolveCellId(db: Db | DbTransaction, ref: CellRef): Promise<string | null> {
  if ("cellId" in ref) return (await db.cell.findUnique({ where: { id: ref.cellId }, select: { id: true } }))?.id ?? null;
  const cell = await db.cell.findFirst({
    where: { risk: { code: ref.risk, model: { slug: ref.modelSlug } }, use: { code: ref.use } },
    select: { id: true },
  });
  return cell?.id ?? null;
}

/**
 * The refusal of a change to a cell of a retired risk (else use), or null. A retired row has left
 * the matrix, the card and the release gate, so an edit, an approval or attached evidence on its
 * cells would change what no page shows and no gate checks; only an import that lists the row again
 * brings them back.
 */
export async function retiredCellRefusal(
  tx: DbTransaction,
  cellId: string,
): Promise<{ ok: false; kind: "invalid"; message: string; issues: FieldIssue[] } | null> {
  const { risk, use } = await tx.cell.findUniqueOrThrow({
    where: { id: cellId },
    select: { risk: { select: { code: true, retiredAt: true } }, use: { select: { code: true, retiredAt: true } } },
  });
  const retired = risk.retiredAt ? risk.code : use.retiredAt ? use.code : null;
  if (!retired) return null;
  const message = `${retired} is retired: restore it (import a card that lists it) to edit its cells`;
  return { ok: false, kind: "invalid", message, issues: [{ path: "ref", message }] };
}

function describeMissing(ref: CellRef): string {
  if ("cellId" in ref) return `no cell with id ${ref.cellId}`;
  return `no cell ${cellKeyLabel(ref.risk, ref.use)} in model ${ref.modelSlug}: unknown risk or use code`;
}

function withoutMitigations(changes: CellChanges) {
  const { mitigationStatus: _ignored, ...fields } = changes;
  return fields;
}

function invalid(issues: FieldIssue[]): UpdateCellResult {
  return { ok: false, kind: "invalid", message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
}
