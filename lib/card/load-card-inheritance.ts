// The card's inheritance section as data (card-inheritance.ts), read from what the fine-tune
// inherits (lib/inheritance/load-inheritance.ts), the base's evidence written as the card writes evidence.
import type { Db, DbTransaction } from "../db/types";
import { loadInheritance } from "../inheritance/load-inheritance";
import { INHERITED_NOT_RETESTED } from "../matrix/evidence-status";
import type { CardInheritance } from "./card-inheritance";
import { cardEvidenceRows } from "./load-card-evidence";
import { byCodeNumber } from "../domain/cell-key";

/** Null for a model without a base. */
export async function loadCardInheritance(db: Db | DbTransaction, slug: string): Promise<CardInheritance | null> {
  const inheritance = await loadInheritance(db, slug);
  if (!inheritance) return null;
  const views = Object.values(inheritance.evidence).sort((a, b) => byCodeNumber(a.riskCode, b.riskCode) || byCodeNumber(a.useCode, b.useCode));
  return {
    base: inheritance.base,
    marked: INHERITED_NOT_RETESTED,
    risks: inheritance.risks.map(({ code, title, riskType, harmArea }) => ({ code, title, riskType, harmArea })),
    evidence: await cardEvidenceRows(db, inheritance.base.slug, views),
  };
}
