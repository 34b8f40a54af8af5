// What stands between the card and a release, one reason per line:
//   - a cell nobody has assessed (applies: not assessed): the card cannot say whether it applies;
//   - an applicable cell without current evidence (untested, or its newest campaign is stale);
//   - an applicable cell whose evidence fails or is inconclusive, unless an unexpired risk
//     acceptance covers it;
//   - an applicable cell not approved, or whose acceptance has expired or has no expiry.
// Publishing with gaps takes an approver's explicit acceptance of exactly these lines.
import type { Applies, ReviewStatus } from "../domain/vocabulary";
import { cellName } from "../card/card-layout";
import type { CardEvidence } from "../card/evidence";
import type { Db } from "../db/types";
import { activeCellsOf } from "../matrix/active-cells";
import { type LiveCard, loadLiveCard } from "./card-export";
import type { ReleaseGap } from "./describe-gap";

export interface GapCell {
  risk: string;
  use: string;
  /** The risk's title and the use's purpose. */
  names: string;
  applies: Applies;
  reviewStatus: ReviewStatus;
  acceptedUntil: Date | null;
}

export interface GapInput {
  cells: GapCell[];
  evidence: CardEvidence;
  documentedCells: string[];
  now: Date;
}

export function releaseGaps({ cells, evidence, documentedCells, now }: GapInput): ReleaseGap[] {
  const campaignEvidence = new Map(evidence.cells.map((row) => [cellName(row.risk, row.use), row]));
  const documented = new Set(documentedCells);
  const gaps: ReleaseGap[] = [];
  for (const cell of cells) {
    const name = cellName(cell.risk, cell.use);
    const gap = (reason: string) => gaps.push({ cell: name, names: cell.names, reason });
    if (cell.applies === "NOT_ASSESSED") {
      gap("not assessed: nobody has judged whether the risk applies");
      continue;
    }
    if (cell.applies !== "YES") continue;
    const measured = campaignEvidence.get(name);
    const acceptance = cell.reviewStatus === "ACCEPTED" && cell.acceptedUntil ? cell.acceptedUntil : null;
    const acceptedNow = acceptance !== null && acceptance > now;
    if (!measured && !documented.has(name)) gap("no evidence: untested");
    else if (measured?.stale) gap("its newest campaign evidence is stale");
    else if (measured && measured.verdict !== "PASS" && !acceptedNow) {
      gap(`its evidence is ${measured.verdict === "FAIL" ? "failing" : "inconclusive"} (${measured.failures}/${measured.n}) and no risk acceptance covers it`);
    }
    if (acceptance !== null && !acceptedNow) {
      gap(`its risk acceptance expired on ${acceptance.toISOString().slice(0, 10)}`);
    } else if (cell.reviewStatus === "ACCEPTED" && acceptance === null) {
      // Card imports once wrote a card's "accepted" as it stood, and a card carries no expiry: such an acceptance holds for nothing.
      gap("accepted without an expiry: accept it again with an end date, or approve it");
    } else if (cell.reviewStatus !== "APPROVED" && cell.reviewStatus !== "ACCEPTED") {
      gap(`not approved (${cell.reviewStatus === "DRAFT" ? "draft" : "in review"})`);
    }
  }
  return gaps;
}

/** The gaps of the live card now; null for an unknown model. What the publish form shows. */
export async function loadReleaseGaps(db: Db, slug: string): Promise<ReleaseGap[] | null> {
  const model = await db.model.findUnique({ where: { slug }, select: { id: true } });
  const live = model && (await loadLiveCard(db, slug));
  return model && live ? liveCardGaps(db, model.id, live) : null;
}

export async function liveCardGaps(db: Db, modelId: string, live: LiveCard): Promise<ReleaseGap[]> {
  return releaseGaps({ cells: await loadGapCells(db, modelId), evidence: live.snapshot.evidence, documentedCells: live.documentedCells, now: new Date() });
}

/** The model's cells in card order (risk, then use), as the gap check needs them; a retired row's cells are off the card. */
async function loadGapCells(db: Db, modelId: string): Promise<GapCell[]> {
  const cells = await db.cell.findMany({
    where: activeCellsOf(modelId),
    orderBy: [{ risk: { position: "asc" } }, { use: { position: "asc" } }],
    select: {
      applies: true,
      reviewStatus: true,
      acceptedUntil: true,
      risk: { select: { code: true, title: true } },
      use: { select: { code: true, purpose: true } },
    },
  });
  return cells.map((cell) => ({ ...cell, risk: cell.risk.code, use: cell.use.code, names: `${cell.risk.title} in ${cell.use.purpose}` }));
}
