// One risk: its facts, its mitigations (with the other risks each one also covers) and its cell
// for every use.
import type { Db } from "../db/types";
import { loadModelEvidence } from "../evidence/cell-evidence";
import type { HarmArea, RiskType } from "../domain/vocabulary";
import { cellViewInclude, toCellView, type CellView } from "../matrix/cell-view";

export interface RiskDetail {
  model: { slug: string; name: string };
  code: string;
  title: string;
  riskType: RiskType;
  harmArea: HarmArea;
  mitigations: { id: string; text: string; alsoCovers: string[] }[];
  cells: { use: { code: string; purpose: string }; cell: CellView }[];
}

export async function loadRisk(db: Db, slug: string, code: string): Promise<RiskDetail | null> {
  const risk = await db.risk.findFirst({
    where: { code, model: { slug } },
    include: {
      model: { select: { slug: true, name: true } },
      mitigations: {
        orderBy: { position: "asc" },
        include: { mitigation: { include: { risks: { include: { risk: { select: { code: true, position: true } } } } } } },
      },
      cells: { include: { ...cellViewInclude, use: { select: { code: true, purpose: true, position: true } } } },
    },
  });
  if (!risk) return null;
  const evidence = await loadModelEvidence(db, slug);
  return {
    model: { slug: risk.model.slug, name: risk.model.name },
    code: risk.code,
    title: risk.title,
    riskType: risk.riskType,
    harmArea: risk.harmArea,
    mitigations: risk.mitigations.map(({ mitigation }) => ({
      id: mitigation.id,
      text: mitigation.text,
      alsoCovers: mitigation.risks
        .map((link) => link.risk)
        .filter((other) => other.code !== risk.code)
        .sort((a, b) => a.position - b.position)
        .map((other) => other.code),
    })),
    cells: [...risk.cells]
      .sort((a, b) => a.use.position - b.use.position)
      .map((cell) => ({ use: { code: cell.use.code, purpose: cell.use.purpose }, cell: toCellView(cell, evidence) })),
  };
}
