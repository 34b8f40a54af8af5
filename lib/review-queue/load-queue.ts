// "My queue": the cells a person owns that still need work, and for approvers every cell waiting
// for approval (IN_REVIEW), across models, the most urgent first.
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import type { Db } from "../db/types";
import type { ReviewStatus } from "../domain/vocabulary";

export interface QueueCell {
  cellId: string;
  modelSlug: string;
  modelName: string;
  risk: string;
  riskTitle: string;
  use: string;
  reviewStatus: ReviewStatus;
  dueDate: Date | null;
  overdue: boolean;
  ownerName: string | null;
}

export interface Queue {
  owned: QueueCell[];
  /** Null when the person may not approve. */
  awaitingApproval: QueueCell[] | null;
}

const cellInclude = {
  risk: { select: { code: true, title: true, model: { select: { slug: true, name: true } } } },
  use: { select: { code: true } },
  owner: { select: { name: true } },
} as const;

export async function loadQueue(db: Db, actor: Actor, now = new Date()): Promise<Queue> {
  const owned = actor.id
    ? await db.cell.findMany({
        where: { ownerId: actor.id, reviewStatus: { in: ["DRAFT", "IN_REVIEW"] } },
        include: cellInclude,
        orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { updatedAt: "asc" }],
      })
    : [];
  const awaiting = hasRole(actor, "APPROVER")
    ? await db.cell.findMany({
        where: { reviewStatus: "IN_REVIEW" },
        include: cellInclude,
        orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { updatedAt: "asc" }],
      })
    : null;
  const row = (cell: (typeof owned)[number]): QueueCell => ({
    cellId: cell.id,
    modelSlug: cell.risk.model.slug,
    modelName: cell.risk.model.name,
    risk: cell.risk.code,
    riskTitle: cell.risk.title,
    use: cell.use.code,
    reviewStatus: cell.reviewStatus,
    dueDate: cell.dueDate,
    overdue: cell.dueDate !== null && cell.dueDate < now,
    ownerName: cell.owner?.name ?? null,
  });
  return { owned: owned.map(row), awaitingApproval: awaiting?.map(row) ?? null };
}
