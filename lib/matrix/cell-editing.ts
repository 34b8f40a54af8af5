// One cell as its editor on the matrix needs it: the cell's whole view, its risk's mitigations (the
// editor sets each one's status) and the model's scale texts. The matrix page sends only each
// cell's glance (lib/matrix/matrix-grid.ts); the editor loads this when it opens and after each save.
import type { Db } from "../db/types";
import type { HarmArea } from "../domain/vocabulary";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { loadInheritance } from "../inheritance/load-inheritance";
import { activeLinks } from "../mitigations/active-links";
import { readScaleTexts, type ScaleTexts } from "../models/scale-texts";
import { cellViewInclude, toCellView, type CellView } from "./cell-view";

export interface EditedRisk {
  code: string;
  title: string;
  harmArea: HarmArea;
  mitigations: { id: string; text: string }[];
}

export interface CellEditing {
  cell: CellView;
  risk: EditedRisk;
  use: { code: string; purpose: string };
  /** What each likelihood and severity step means for the cell's model. */
  scaleTexts: ScaleTexts;
}

/** The cell with id `cellId` for its editor; null when there is none. */
export async function loadCellEditing(db: Db, cellId: string): Promise<CellEditing | null> {
  const cell = await db.cell.findUnique({
    where: { id: cellId },
    include: {
      ...cellViewInclude,
      risk: {
        select: {
          code: true,
          title: true,
          harmArea: true,
          model: { select: { slug: true, scaleTexts: true } },
          mitigations: {
            where: activeLinks,
            orderBy: { position: "asc" },
            select: { mitigationId: true, mitigation: { select: { id: true, text: true } } },
          },
        },
      },
      use: { select: { code: true, purpose: true } },
    },
  });
  if (!cell) return null;
  const { slug, scaleTexts } = cell.risk.model;
  const evidence = await loadModelEvidence(db, slug);
  const inheritance = await loadInheritance(db, slug, evidence);
  return {
    cell: toCellView(cell, evidence, inheritance),
    risk: { code: cell.risk.code, title: cell.risk.title, harmArea: cell.risk.harmArea, mitigations: cell.risk.mitigations.map((link) => link.mitigation) },
    use: { code: cell.use.code, purpose: cell.use.purpose },
    scaleTexts: readScaleTexts(scaleTexts),
  };
}
