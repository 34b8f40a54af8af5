// Separation of duties, as the card states it. By default the person who last changed a cell's
// judgement may not approve or accept it alone (lib/cells/approval-gate.ts); an admin may turn that
// off for a model. A reader of the card cannot see who approved what, so where the rule is off, or
// an approval was given by the cell's own judge while it was, the card says so under its cell
// details. Written from the database, never imported from a card's markdown: an approval is made
// in Riskledger (card-approvals.ts). A release records the rule and those cells even where the card
// says nothing, so that its diff with a later release can tell "on" from "not recorded".
import type { RootContent } from "mdast";
import { z } from "zod";
import type { Db, DbTransaction } from "../db/types";
import { cellName } from "./card-layout";
import type { CycloneDxProperty } from "./cyclonedx";
import { paragraph, text } from "./mdast-builders";

export const cardSelfApprovalsSchema = z.object({
  /** Whether the model's approvals need a second person now (Model.separationOfDuties). */
  separationOfDuties: z.boolean(),
  /** Cells in force approved or accepted by the person who last changed their judgement ("R3×U1"), in the matrix's order. */
  cells: z.array(z.string()),
});

export type CardSelfApprovals = z.infer<typeof cardSelfApprovalsSchema>;

/** The model's rule and its self-approved cells; null when the model is unknown. */
export async function loadSelfApprovals(db: Db | DbTransaction, slug: string): Promise<CardSelfApprovals | null> {
  const model = await db.model.findUnique({ where: { slug }, select: { separationOfDuties: true } });
  if (!model) return null;
  const approved = await db.cell.findMany({
    where: {
      reviewStatus: { in: ["APPROVED", "ACCEPTED"] },
      approvedById: { not: null },
      risk: { retiredAt: null, model: { slug } },
      use: { retiredAt: null },
    },
    orderBy: [{ risk: { position: "asc" } }, { use: { position: "asc" } }],
    select: { approvedById: true, judgementChangedById: true, risk: { select: { code: true } }, use: { select: { code: true } } },
  });
  const cells = approved.filter((cell) => cell.judgementChangedById === cell.approvedById).map((cell) => cellName(cell.risk.code, cell.use.code));
  return { separationOfDuties: model.separationOfDuties, cells };
}

/** Nothing to state where the rule is on and every approval had a second person: the card is as it was before it stated the rule. */
function statesNothing({ separationOfDuties, cells }: CardSelfApprovals): boolean {
  return separationOfDuties && cells.length === 0;
}

function statement({ separationOfDuties, cells }: CardSelfApprovals): string {
  const off = separationOfDuties
    ? ""
    : "Separation of duties is off for this model: the person who last changed a cell's judgement may approve or accept it alone. ";
  if (cells.length === 0) return `${off}No cell is approved or accepted by that person.`;
  const approvedBy = separationOfDuties ? "Approved or accepted, while separation of duties was off," : "Approved or accepted";
  return `${off}${approvedBy} by the person who last changed the judgement: ${cells.join(", ")}.`;
}

/** The paragraph under the cell details. */
export function selfApprovalsSection(selfApprovals: CardSelfApprovals | undefined): RootContent[] {
  return selfApprovals && !statesNothing(selfApprovals) ? [paragraph([text(statement(selfApprovals))])] : [];
}

/** The same statement as a property of the model component. */
export function selfApprovalProperties(selfApprovals: CardSelfApprovals | undefined): CycloneDxProperty[] {
  return selfApprovals && !statesNothing(selfApprovals) ? [{ name: "riskledger:separationOfDuties", value: statement(selfApprovals) }] : [];
}
