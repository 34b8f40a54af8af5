// "My queue": the cells a person owns that still need work, and for approvers every cell waiting
// for approval (IN_REVIEW), the cells whose risk acceptance expired, and the signed deploy
// decisions that no longer hold (stale or expired), across models, the most urgent first.
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import type { Db } from "../db/types";
import { cellKeySlug } from "../domain/cell-key";
import type { ReviewStatus } from "../domain/vocabulary";
import { type CellEvidence, loadModelEvidence } from "../evidence/cell-evidence";
import { loadDeployDecisions } from "../deploy-decisions/load-deploy-decisions";
import type { DecisionState } from "../deploy-decisions/decision-state";
import type { DeployOutcome } from "../deploy-decisions/outcomes";

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
  /** The cell's current campaign evidence, which an approver approves on; null when it has none. */
  evidence: CellEvidence | null;
}

export interface QueueDecision {
  modelSlug: string;
  modelName: string;
  use: string;
  purpose: string;
  signedOutcome: DeployOutcome;
  computedOutcome: DeployOutcome;
  state: Exclude<DecisionState, "CURRENT">;
  reasons: string[];
  expiresAt: Date;
  /** The cells whose current evidence the smoke-test model made: the computed outcome rests on them. */
  smokeTestCells: string[];
  /** Cells whose evidence is imported from a file that says it tested another model. */
  otherModelCells: string[];
}

export interface Queue {
  owned: QueueCell[];
  /** Null when the person may not approve. */
  awaitingApproval: QueueCell[] | null;
  /** Cells reopened because their risk acceptance expired (lib/cells/expire-acceptances.ts); null when the person may not approve. */
  acceptancesExpired: (QueueCell & { acceptedUntil: Date })[] | null;
  /** Signed deploy decisions that no longer hold; null when the person may not approve. */
  decisions: QueueDecision[] | null;
}

const cellInclude = {
  risk: { select: { code: true, title: true, model: { select: { slug: true, name: true } } } },
  use: { select: { code: true } },
  owner: { select: { name: true } },
} as const;

// A cell of a retired risk or use has left the matrix and refuses every edit and approval: no queue lists it.
const onTheMatrix = { risk: { retiredAt: null }, use: { retiredAt: null } } as const;

export async function loadQueue(db: Db, actor: Actor, now = new Date()): Promise<Queue> {
  const owned = actor.id
    ? await db.cell.findMany({
        where: { ...onTheMatrix, ownerId: actor.id, reviewStatus: { in: ["DRAFT", "IN_REVIEW"] } },
        include: cellInclude,
        orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { updatedAt: "asc" }],
      })
    : [];
  const awaiting = hasRole(actor, "APPROVER")
    ? await db.cell.findMany({
        where: { ...onTheMatrix, reviewStatus: "IN_REVIEW" },
        include: cellInclude,
        orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { updatedAt: "asc" }],
      })
    : null;
  const expired = hasRole(actor, "APPROVER")
    ? await db.cell.findMany({
        where: { ...onTheMatrix, reviewStatus: { in: ["DRAFT", "IN_REVIEW"] }, acceptedUntil: { lte: now } },
        include: cellInclude,
        orderBy: { acceptedUntil: "asc" },
      })
    : null;
  const evidence = await evidenceOfModels(
    db,
    [...owned, ...(awaiting ?? []), ...(expired ?? [])].map((cell) => cell.risk.model.slug),
  );
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
    evidence: evidence.get(cell.risk.model.slug)?.cells[cellKeySlug(cell.risk.code, cell.use.code)] ?? null,
  });
  return {
    owned: owned.map(row),
    awaitingApproval: awaiting?.map(row) ?? null,
    acceptancesExpired: expired?.map((cell) => ({ ...row(cell), acceptedUntil: cell.acceptedUntil! })) ?? null,
    decisions: hasRole(actor, "APPROVER") ? await decisionsToSignAgain(db, now) : null,
  };
}

/** Each model's evidence view, read once per model however many of its cells are queued. */
async function evidenceOfModels(db: Db, slugs: string[]) {
  const unique = [...new Set(slugs)];
  return new Map(await Promise.all(unique.map(async (slug) => [slug, await loadModelEvidence(db, slug)] as const)));
}

async function decisionsToSignAgain(db: Db, now: Date): Promise<QueueDecision[]> {
  const models = await db.model.findMany({
    where: { uses: { some: { decisions: { some: {} } } } },
    select: { slug: true, name: true },
    orderBy: { name: "asc" },
  });
  const found: QueueDecision[] = [];
  for (const model of models) {
    const decisions = await loadDeployDecisions(db, model.slug, { now });
    for (const { use, computed, signed, standing } of decisions?.uses ?? []) {
      if (!signed || !standing || standing.state === "CURRENT") continue;
      found.push({
        modelSlug: model.slug,
        modelName: model.name,
        use: use.code,
        purpose: use.purpose,
        signedOutcome: signed.outcome,
        computedOutcome: computed.outcome,
        state: standing.state,
        reasons: standing.reasons,
        expiresAt: signed.expiresAt,
        smokeTestCells: computed.smokeTestCells,
        otherModelCells: computed.otherModelCells,
      });
    }
  }
  return found.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
}
