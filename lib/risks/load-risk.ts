// One risk: its facts, its mitigations in force (with the other risks each one also covers), those
// retired from it, the model's other mitigations it could list, and its cell for every use.
import type { Db } from "../db/types";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { loadInheritance } from "../inheritance/load-inheritance";
import type { HarmArea, RiskType } from "../domain/vocabulary";
import { cellViewInclude, toCellView, type CellView } from "../matrix/cell-view";

export interface RiskDetail {
  model: { slug: string; name: string };
  code: string;
  title: string;
  riskType: RiskType;
  harmArea: HarmArea;
  /** Guards changes to the risk and to its list of mitigations. */
  version: number;
  retired: boolean;
  mitigations: { id: string; text: string; alsoCovers: string[] }[];
  retiredMitigations: { id: string; text: string }[];
  /** The model's mitigations in force that this risk does not list yet, by text. */
  otherMitigations: { id: string; text: string }[];
  cells: { use: { code: string; purpose: string }; cell: CellView }[];
}

export async function loadRisk(db: Db, slug: string, code: string): Promise<RiskDetail | null> {
  const risk = await db.risk.findFirst({
    where: { code, model: { slug } },
    include: {
      model: { select: { slug: true, name: true, mitigations: { where: { retiredAt: null }, select: { id: true, text: true }, orderBy: { text: "asc" } } } },
      mitigations: {
        orderBy: { position: "asc" },
        include: { mitigation: { include: { risks: { include: { risk: { select: { code: true, position: true } } } } } } },
      },
      cells: { include: { ...cellViewInclude, use: { select: { code: true, purpose: true, position: true } } } },
    },
  });
  if (!risk) return null;
  const evidence = await loadModelEvidence(db, slug);
  const inheritance = await loadInheritance(db, slug, evidence);
  const listed = new Set(risk.mitigations.map((link) => link.mitigationId));
  return {
    model: { slug: risk.model.slug, name: risk.model.name },
    code: risk.code,
    title: risk.title,
    riskType: risk.riskType,
    harmArea: risk.harmArea,
    version: risk.version,
    retired: risk.retiredAt !== null,
    retiredMitigations: risk.mitigations.filter((link) => link.mitigation.retiredAt).map(({ mitigation }) => ({ id: mitigation.id, text: mitigation.text })),
    otherMitigations: risk.model.mitigations.filter((mitigation) => !listed.has(mitigation.id)),
    mitigations: risk.mitigations
      .filter((link) => !link.mitigation.retiredAt)
      .map(({ mitigation }) => ({
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
      .map((cell) => ({ use: { code: cell.use.code, purpose: cell.use.purpose }, cell: toCellView(cell, evidence, inheritance) })),
  };
}
