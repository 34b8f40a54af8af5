// A cell as a plain object: what the editor shows, what conflicts return, what audits compare.
import type { Db, DbTransaction } from "../db/types";
import type { Applies, MitigationStatus, ReviewStatus, SubjectAtRisk } from "../domain/vocabulary";
import { activeLinks } from "../mitigations/active-links";

export interface CellSnapshot {
  id: string;
  risk: string;
  use: string;
  version: number;
  applies: Applies;
  subjectAtRisk: SubjectAtRisk | null;
  likelihood: number | null;
  severity: number | null;
  rationale: string;
  reviewStatus: ReviewStatus;
  ownerId: string | null;
  dueDate: Date | null;
  acceptedUntil: Date | null;
  acceptanceJustification: string | null;
  failureThreshold: number;
  minSampleSize: number;
  /** Status per mitigation id, for every mitigation the cell's risk lists. */
  mitigationStatus: Record<string, MitigationStatus>;
  updatedAt: Date;
}

export async function cellSnapshot(db: Db | DbTransaction, cellId: string): Promise<CellSnapshot> {
  const cell = await db.cell.findUniqueOrThrow({
    where: { id: cellId },
    include: {
      risk: { select: { code: true, mitigations: { where: activeLinks, select: { mitigationId: true }, orderBy: { position: "asc" } } } },
      use: { select: { code: true } },
      mitigations: true,
    },
  });
  const stored = new Map(cell.mitigations.map((m) => [m.mitigationId, m.status as MitigationStatus]));
  return {
    id: cell.id,
    risk: cell.risk.code,
    use: cell.use.code,
    version: cell.version,
    applies: cell.applies,
    subjectAtRisk: cell.subjectAtRisk,
    likelihood: cell.likelihood,
    severity: cell.severity,
    rationale: cell.rationale,
    reviewStatus: cell.reviewStatus,
    ownerId: cell.ownerId,
    dueDate: cell.dueDate,
    acceptedUntil: cell.acceptedUntil,
    acceptanceJustification: cell.acceptanceJustification,
    failureThreshold: cell.failureThreshold,
    minSampleSize: cell.minSampleSize,
    mitigationStatus: Object.fromEntries(cell.risk.mitigations.map((m) => [m.mitigationId, stored.get(m.mitigationId) ?? "NOT_STARTED"])),
    updatedAt: cell.updatedAt,
  };
}

/** The fields a change compares and audits: the cell's content, not its identity, version or timestamp. */
export function comparableFields(cell: CellSnapshot): Record<string, unknown> {
  const { id: _id, version: _version, risk: _risk, use: _use, updatedAt: _updatedAt, ...fields } = cell;
  return fields;
}
