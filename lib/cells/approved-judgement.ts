// What a cell said when it was last approved or accepted, read back from `Cell.approvedSnapshot`
// (written by updateCell through judgementSnapshot). Parsed at the boundary: the column is JSON, and
// a snapshot this code cannot read is shown as none rather than trusted. The editor sets it beside
// the cell as it is now, so a reopened cell shows what changed since the approval.
import { z } from "zod";
import { APPLIES, MITIGATION_STATUSES, SUBJECTS_AT_RISK } from "../domain/vocabulary";

const approvedJudgementSchema = z.object({
  applies: z.enum(APPLIES),
  subjectAtRisk: z.enum(SUBJECTS_AT_RISK).nullable(),
  likelihood: z.number().int().nullable(),
  severity: z.number().int().nullable(),
  rationale: z.string(),
  mitigationStatus: z.record(z.string(), z.enum(MITIGATION_STATUSES)),
  acceptanceJustification: z.string().nullable(),
  acceptedUntil: z.iso.datetime().nullable(),
  // Approvals stored before the threshold was part of the judgement lack them: read as not recorded.
  failureThreshold: z.number().optional(),
  minSampleSize: z.number().int().optional(),
});

export type ApprovedJudgement = z.infer<typeof approvedJudgementSchema>;

export interface Approval {
  /** ISO time of the approval or acceptance; null for approvals recorded before it was kept. */
  at: string | null;
  byId: string | null;
  judgement: ApprovedJudgement;
}

export function readApproval(cell: { approvedSnapshot: unknown; approvedAt: Date | null; approvedById: string | null }): Approval | null {
  const judgement = approvedJudgementSchema.safeParse(cell.approvedSnapshot);
  if (!judgement.success) return null;
  return { at: cell.approvedAt?.toISOString() ?? null, byId: cell.approvedById, judgement: judgement.data };
}
