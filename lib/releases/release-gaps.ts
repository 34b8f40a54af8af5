// What stands between the card and a release, one reason per line:
//   - a cell nobody has assessed (applies: not assessed): the card cannot say whether it applies;
//   - an applicable cell without current evidence (untested, or its newest campaign is stale); a
//     document, link or attestation is evidence only for a risk no prompt can test;
//   - an applicable cell whose current evidence is the smoke-test model's (the generated tiny model's
//     noise), or imported from a file that says it tested another model, whatever its verdict: it
//     says nothing about the model unless someone vouches that it does;
//   - an applicable cell whose evidence fails or is inconclusive, unless an unexpired risk
//     acceptance covers it;
//   - an applicable cell not approved, or whose acceptance has expired or has no expiry.
// Publishing with gaps takes an approver's explicit acceptance of exactly these lines.
import { cellName } from "../card/card-layout";
import type { Db } from "../db/types";
import { namesAnotherModel } from "../evidence/imported-source";
import { documentCanBack } from "../suites/risks";
import { loadLiveCard } from "./card-export";
import { NOT_ASSESSED_REASON, type ReleaseGap } from "./describe-gap";
import type { ReleaseSnapshot } from "./release-snapshot";

/**
 * The gaps of the card `snapshot` holds: its cells, evidence and acceptances, as it was read, so
 * that a release is checked against the very card it stores and not against cells read a moment
 * later. `documentedCells`: the cells a document, link or attestation backs.
 */
export function releaseGaps({ card, evidence, acceptedRisks }: ReleaseSnapshot, documentedCells: string[]): ReleaseGap[] {
  const campaignEvidence = new Map(evidence.cells.map((row) => [cellName(row.risk, row.use), row]));
  const acceptances = new Map((acceptedRisks ?? []).map((accepted) => [accepted.cell, accepted]));
  const titles = new Map(card.risks.map((risk) => [risk.code, risk.title]));
  const purposes = new Map(card.uses.map((use) => [use.code, use.purpose]));
  const documented = new Set(documentedCells);
  const gaps: ReleaseGap[] = [];
  for (const cell of card.cells) {
    const name = cellName(cell.risk, cell.use);
    const gap = (reason: string) => gaps.push({ cell: name, names: `${titles.get(cell.risk)} in ${purposes.get(cell.use)}`, reason });
    if (cell.applies === "NOT_ASSESSED") {
      gap(NOT_ASSESSED_REASON);
      continue;
    }
    if (cell.applies !== "YES") continue;
    const measured = campaignEvidence.get(name);
    const acceptance = cell.reviewStatus === "ACCEPTED" ? acceptances.get(name) : undefined;
    const acceptedNow = Boolean(acceptance?.acceptedUntil) && !acceptance?.expired;
    if (!measured && documented.has(name) && !documentCanBack(cell.risk)) {
      gap(`no campaign evidence: only a document, link or attestation backs it, and a prompt suite can test ${cell.risk}`);
    } else if (!measured && !documented.has(name)) gap("no evidence: untested");
    else if (measured?.stale) gap("its newest campaign evidence is stale");
    else if (measured?.smokeTest) gap("its evidence is the smoke-test model's, which says nothing about the model");
    else if (measured?.importedFrom && namesAnotherModel(measured.importedFrom.testedModel, card.model))
      gap(`its evidence is imported from a file that says it tested "${measured.importedFrom.testedModel}", not ${card.model.name}`);
    else if (measured && measured.verdict !== "PASS" && !acceptedNow) {
      gap(`its evidence is ${measured.verdict === "FAIL" ? "failing" : "inconclusive"} (${measured.failures}/${measured.n}) and no risk acceptance covers it`);
    }
    if (acceptance?.acceptedUntil && acceptance.expired) {
      gap(`its risk acceptance expired on ${acceptance.acceptedUntil}`);
    } else if (cell.reviewStatus === "ACCEPTED" && !acceptance?.acceptedUntil) {
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
  const live = await loadLiveCard(db, slug);
  return live && releaseGaps(live.snapshot, live.documentedCells);
}
