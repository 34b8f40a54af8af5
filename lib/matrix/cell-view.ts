// A cell as the pages show it: its stored judgement, the derived level and a summary of its
// evidence. Plain data (dates as ISO strings) so it crosses into client components unchanged.
import type { Prisma } from "../db/generated/sqlite/client";
import { riskLevel, type Level } from "../domain/level";
import type { Applies, MitigationStatus, ReviewStatus, SubjectAtRisk } from "../domain/vocabulary";
import { cellKeySlug } from "../domain/cell-key";
import { readApproval, type Approval } from "../cells/approved-judgement";
import type { ModelEvidence } from "../evidence/cell-evidence";
import type { Inheritance } from "../inheritance/load-inheritance";
import { summarizeEvidence, type EvidenceSummary } from "./evidence-status";
import { activeLinks } from "../mitigations/active-links";

export const cellViewInclude = {
  risk: { select: { code: true, mitigations: { where: activeLinks, select: { mitigationId: true }, orderBy: { position: "asc" } } } },
  use: { select: { code: true } },
  owner: { select: { id: true, name: true } },
  mitigations: { select: { mitigationId: true, status: true } },
} satisfies Prisma.CellInclude;

export type CellWithViewRelations = Prisma.CellGetPayload<{ include: typeof cellViewInclude }>;

export interface CellView {
  id: string;
  riskCode: string;
  useCode: string;
  version: number;
  applies: Applies;
  subjectAtRisk: SubjectAtRisk | null;
  likelihood: number | null;
  severity: number | null;
  level: Level | null;
  score: number | null;
  rationale: string;
  reviewStatus: ReviewStatus;
  ownerId: string | null;
  ownerName: string | null;
  dueDate: string | null;
  acceptedUntil: string | null;
  acceptanceJustification: string | null;
  /** The highest failure rate the cell accepts (0.1 = 10%) and the sample a pass needs. */
  failureThreshold: number;
  minSampleSize: number;
  /** What the cell said when last approved or accepted: the editor shows what changed since. */
  approval: Approval | null;
  /** Status per mitigation id, for every mitigation the cell's risk lists (unset = not started). */
  mitigationStatus: Record<string, MitigationStatus>;
  /** How many of those mitigations are implemented for this use. */
  mitigationsImplemented: number;
  evidence: EvidenceSummary;
  /** The base model's evidence on this cell while it has none of its own: shown "inherited, not re-tested", never counted. */
  inherited: InheritedEvidenceView | null;
  updatedAt: string;
}

export interface InheritedEvidenceView {
  /** The base model's name. */
  from: string;
  evidence: EvidenceSummary;
}

/** The base's evidence on the cell (lib/inheritance/load-inheritance.ts), worded as the matrix words evidence. */
export function inheritedEvidenceOf(inheritance: Inheritance | null | undefined, riskCode: string, useCode: string): InheritedEvidenceView | null {
  const found = inheritance?.evidence[cellKeySlug(riskCode, useCode)];
  return inheritance && found ? { from: inheritance.base.name, evidence: summarizeEvidence(found, false, 1) } : null;
}

/**
 * `evidence`: the model's evidence view (lib/evidence/cell-evidence.ts loadModelEvidence), read once per page;
 * `inheritance`: what the model inherits from its base (lib/inheritance/load-inheritance.ts), which every page that
 * shows cells passes; null where only the model's own evidence may count (the overview's tallies).
 */
export function toCellView(cell: CellWithViewRelations, evidence: ModelEvidence, inheritance: Inheritance | null): CellView {
  const key = cellKeySlug(cell.risk.code, cell.use.code);
  const stored = new Map(cell.mitigations.map((m) => [m.mitigationId, m.status as MitigationStatus]));
  const derived = riskLevel(cell.likelihood, cell.severity);
  const mitigationStatus: Record<string, MitigationStatus> = Object.fromEntries(
    cell.risk.mitigations.map((m) => [m.mitigationId, stored.get(m.mitigationId) ?? "NOT_STARTED"]),
  );
  return {
    id: cell.id,
    riskCode: cell.risk.code,
    useCode: cell.use.code,
    version: cell.version,
    applies: cell.applies,
    subjectAtRisk: cell.subjectAtRisk,
    likelihood: cell.likelihood,
    severity: cell.severity,
    level: derived?.level ?? null,
    score: derived?.score ?? null,
    rationale: cell.rationale,
    reviewStatus: cell.reviewStatus,
    ownerId: cell.ownerId,
    ownerName: cell.owner?.name ?? null,
    dueDate: cell.dueDate ? cell.dueDate.toISOString() : null,
    acceptedUntil: cell.acceptedUntil ? cell.acceptedUntil.toISOString() : null,
    acceptanceJustification: cell.acceptanceJustification,
    failureThreshold: cell.failureThreshold,
    minSampleSize: cell.minSampleSize,
    approval: readApproval(cell),
    mitigationStatus,
    mitigationsImplemented: Object.values(mitigationStatus).filter((status) => status === "IMPLEMENTED").length,
    evidence: summarizeEvidence(evidence.cells[key], evidence.documentedCells.has(key), evidence.counts[key] ?? 0, evidence.erroredOnly[key]),
    inherited: inheritedEvidenceOf(inheritance, cell.risk.code, cell.use.code),
    updatedAt: cell.updatedAt.toISOString(),
  };
}
