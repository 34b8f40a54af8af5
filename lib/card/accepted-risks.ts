// The card's "Accepted Risks": each cell an approver accepted instead of approving on its evidence,
// with the acceptance's two terms (why the residual risk is carried, and until when) and who
// accepted it. The cell details say only "accepted"; without these a reader cannot tell whether
// the acceptance still holds or what it rests on. Like the deploy decisions, it is written from the
// database and never imported from a card's markdown: an acceptance is made in Riskledger.
import type { RootContent } from "mdast";
import { z } from "zod";
import type { Db, DbTransaction } from "../db/types";
import { cellName } from "./card-layout";
import type { CycloneDxProperty } from "./cyclonedx";
import { paragraph, strong, text } from "./mdast-builders";

export const cardAcceptedRiskSchema = z.object({
  /** "R2×U2". */
  cell: z.string(),
  /** ISO date (YYYY-MM-DD); null for an acceptance recorded without one (an early card import's). */
  acceptedUntil: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  justification: z.string(),
  /** Past its date when the card was written: the cell is due back in review. */
  expired: z.boolean(),
});

export type CardAcceptedRisk = z.infer<typeof cardAcceptedRiskSchema>;

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The model's accepted cells in force, in the matrix's order, as they stand at `now`. */
export async function loadAcceptedRisks(db: Db | DbTransaction, slug: string, now = new Date()): Promise<CardAcceptedRisk[]> {
  const cells = await db.cell.findMany({
    where: { reviewStatus: "ACCEPTED", risk: { retiredAt: null, model: { slug } }, use: { retiredAt: null } },
    orderBy: [{ risk: { position: "asc" } }, { use: { position: "asc" } }],
    select: {
      acceptedUntil: true,
      acceptanceJustification: true,
      approvedById: true,
      risk: { select: { code: true } },
      use: { select: { code: true } },
    },
  });
  const approverIds = [...new Set(cells.flatMap((cell) => (cell.approvedById ? [cell.approvedById] : [])))];
  const approvers = await db.user.findMany({ where: { id: { in: approverIds } }, select: { id: true, name: true } });
  const nameOf = new Map(approvers.map((approver) => [approver.id, approver.name]));
  return cells.map((cell) => ({
    cell: cellName(cell.risk.code, cell.use.code),
    acceptedUntil: cell.acceptedUntil && day(cell.acceptedUntil),
    acceptedBy: (cell.approvedById && nameOf.get(cell.approvedById)) ?? null,
    justification: cell.acceptanceJustification ?? "",
    expired: cell.acceptedUntil !== null && cell.acceptedUntil <= now,
  }));
}

/** How long the acceptance holds, and by whom, in one phrase: "accepted until 2027-06-23 by Ada Approver". */
function termsText(accepted: CardAcceptedRisk): string {
  const by = accepted.acceptedBy ? ` by ${accepted.acceptedBy}` : "";
  if (accepted.acceptedUntil === null) return `accepted${by} without an expiry date`;
  return accepted.expired ? `accepted${by}; expired on ${accepted.acceptedUntil}` : `accepted until ${accepted.acceptedUntil}${by}`;
}

/**
 * The section's blocks, after its heading. The justification is the approver's text, written as
 * text: markup in it never becomes a heading, a table or HTML of the card.
 */
export function acceptedRisksSection(acceptedRisks: CardAcceptedRisk[]): RootContent[] {
  return [
    paragraph([
      text("A risk acceptance carries a residual risk its evidence does not clear, for the reason given, until its expiry; then the cell returns to review."),
    ]),
    ...acceptedRisks.flatMap((accepted) => [
      paragraph([strong(accepted.cell), text(`: ${termsText(accepted)}.`)]),
      ...accepted.justification
        .split(/\n[ \t]*\n/)
        .filter((part) => part.trim())
        .map((part) => paragraph([text(part)])),
    ]),
  ];
}

/** One CycloneDX property of the model component per accepted cell: its terms, then the justification. */
export function acceptedRiskProperties(acceptedRisks: CardAcceptedRisk[] | undefined): CycloneDxProperty[] {
  return (acceptedRisks ?? []).map((accepted) => ({
    name: `riskledger:acceptedRisk:${accepted.cell}`,
    value: `${termsText(accepted)}: ${accepted.justification}`,
  }));
}
