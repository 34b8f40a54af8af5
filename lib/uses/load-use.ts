// One use: its facts and its cell for every risk, in the card's order.
import type { Db } from "../db/types";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { loadInheritance } from "../inheritance/load-inheritance";
import type { HarmArea, RiskType } from "../domain/vocabulary";
import { cellViewInclude, toCellView, type CellView } from "../matrix/cell-view";
import { activeLinks } from "../mitigations/active-links";

export interface UseDetail {
  model: { slug: string; name: string };
  code: string;
  purpose: string;
  capability: string;
  aiUser: string;
  aiSubject: string;
  domain: string;
  cells: { risk: { code: string; title: string; riskType: RiskType; harmArea: HarmArea }; cell: CellView }[];
}

export async function loadUse(db: Db, slug: string, code: string): Promise<UseDetail | null> {
  const use = await db.use.findFirst({
    where: { code, model: { slug } },
    include: {
      model: { select: { slug: true, name: true } },
      cells: {
        where: { risk: { retiredAt: null } },
        include: {
          ...cellViewInclude,
          risk: {
            select: {
              code: true,
              title: true,
              riskType: true,
              harmArea: true,
              position: true,
              mitigations: { where: activeLinks, select: { mitigationId: true }, orderBy: { position: "asc" } },
            },
          },
        },
      },
    },
  });
  if (!use) return null;
  const evidence = await loadModelEvidence(db, slug);
  const inheritance = await loadInheritance(db, slug, evidence);
  return {
    model: { slug: use.model.slug, name: use.model.name },
    code: use.code,
    purpose: use.purpose,
    capability: use.capability,
    aiUser: use.aiUser,
    aiSubject: use.aiSubject,
    domain: use.domain,
    cells: [...use.cells]
      .sort((a, b) => a.risk.position - b.risk.position)
      .map((cell) => ({
        risk: { code: cell.risk.code, title: cell.risk.title, riskType: cell.risk.riskType, harmArea: cell.risk.harmArea },
        cell: toCellView(cell, evidence, inheritance),
      })),
  };
}
